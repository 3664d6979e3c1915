/// The audit log viewer: the region and the municipal coordinators (each seeing their own municipality's entries).
extension AccessMatrix {
    static let audit: [RouteExpectation] = {
        let readers: Set<Actor> = [.admin, .regional, .municipalA, .municipalB]
        return [
            RouteExpectation("GET /audit", allowed: readers),
            RouteExpectation("GET /audit/export.csv", allowed: readers),
            RouteExpectation("GET /audit/export.xlsx", allowed: readers),
        ]
    }()
}
