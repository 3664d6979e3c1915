/// What a cached school list depends on besides the data: whose scope, which filter, which running year.
struct SchoolListKey: Hashable, Sendable {
    var role: Role
    var userId: Int64?
    var municipalityId: Int64?
    var schoolId: Int64?
    var filter: SchoolListFilter
    var runningYear: Int
}
