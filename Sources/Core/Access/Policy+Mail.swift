extension Policy {
    /// Who may change an account's e-mail and mail preference: its owner, and whoever manages the account.
    public static func mayEditMailSettings(_ scope: Scope, userId: Int64, role: Role, municipalityId: Int64?) -> Bool {
        scope.userId == userId || mayManageAccount(scope, role: role, municipalityId: municipalityId)
    }

    /// An unsubscribe link acts for the account it was signed for, without a session: the signature is the permission.
    public static func requireUnsubscribe(signatureValid: Bool) throws {
        if !signatureValid { throw DomainError.forbidden }
    }
}
