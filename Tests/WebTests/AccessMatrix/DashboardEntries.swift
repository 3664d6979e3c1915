/// Dashboards (issue 7): a municipality's dashboard and exports for the region and its coordinator, the region's
/// comparison exports, and the coordinators' watchlist.
extension AccessMatrix {
    static let dashboard: [RouteExpectation] = {
        let readersOfA: Set<Actor> = [.admin, .regional, .municipalA]
        let watchersOfX: Set<Actor> = [.admin, .regional, .municipalA]
        return [
            RouteExpectation("GET /dashboard/municipalities/{id}", allowed: readersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /dashboard/municipalities/{id}/export.csv", allowed: readersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /dashboard/municipalities/{id}/export.xlsx", allowed: readersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /dashboard/export.csv", allowed: Actor.region),
            RouteExpectation("GET /dashboard/export.xlsx", allowed: Actor.region),
            RouteExpectation("POST /schools/{id}/watch", allowed: watchersOfX, parameters: { ["id": "\($0.schoolX)"] },
                             form: { _ in [("back", "/")] }),
            RouteExpectation("POST /schools/{id}/unwatch", allowed: watchersOfX, parameters: { ["id": "\($0.schoolX)"] },
                             form: { _ in [("back", "/")] }),
        ]
    }()
}
