/// The notification inbox: every signed-in user has their own; the console has none.
extension Policy {
    /// Whose inbox the scope reads: their own account's.
    public static func requireInbox(_ scope: Scope) throws -> Int64 { try requireOwnAccount(scope) }

    /// One notification (of `ownerId`): its owner only.
    public static func requireOwnNotification(_ scope: Scope, ownerId: Int64) throws {
        try require(scope.userId != nil && scope.userId == ownerId)
    }
}
