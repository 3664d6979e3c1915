/// What a cached school list depends on besides the data: whose scope, which filter, which running year.
struct SchoolListKey: Hashable, Sendable {
    var scope: ScopeKey
    var filter: SchoolListFilter
    var runningYear: Int
}
