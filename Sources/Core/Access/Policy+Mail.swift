extension Policy {
    /// Who may change an account's e-mail and mail preference: its owner, and whoever manages the account.
    public static func canEditMailSettings(_ scope: Scope, userId: Int64, role: Role, municipalityId: Int64?) -> Bool {
        if scope.userId == userId { return true }
        return (try? requireManageAccount(scope, role: role, municipalityId: municipalityId)) != nil
    }

    /// An unsubscribe link acts for the account it was signed for, without a session: the signature is the permission.
    public static func requireUnsubscribe(signatureValid: Bool) throws {
        if !signatureValid { throw DomainError.forbidden }
    }
}
