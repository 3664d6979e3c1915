/// Who is acting: the first argument of every domain call.
public struct Scope: Sendable, Equatable {
    /// nil for the command line (the operator at the console).
    public let userId: Int64?
    public let login: String
    public let fullName: String
    public let role: Role
    public let municipalityId: Int64?
    public let schoolId: Int64?

    public init(userId: Int64?, login: String, fullName: String, role: Role, municipalityId: Int64?, schoolId: Int64?) {
        self.userId = userId; self.login = login; self.fullName = fullName; self.role = role
        self.municipalityId = municipalityId; self.schoolId = schoolId
    }

    public init(_ user: User) {
        self.init(userId: user.id, login: user.login, fullName: user.fullName, role: user.role,
                  municipalityId: user.municipalityId, schoolId: user.schoolId)
    }

    /// The operator running `opora` commands on the server.
    public static let console = Scope(userId: nil, login: "console", fullName: "Командная строка",
                                      role: .admin, municipalityId: nil, schoolId: nil)
}
