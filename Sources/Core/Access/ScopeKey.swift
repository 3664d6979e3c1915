/// What of a scope decides what it may see: the key of a value cached per scope.
struct ScopeKey: Hashable, Sendable {
    var role: Role
    var userId: Int64?
    var municipalityId: Int64?
    var schoolId: Int64?

    init(_ scope: Scope) {
        role = scope.role; userId = scope.userId; municipalityId = scope.municipalityId; schoolId = scope.schoolId
    }
}
