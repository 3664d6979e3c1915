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
            // The watchlist rules (issue 14): the region's defaults, a municipality's own, a flag's dismissal.
            RouteExpectation("GET /watch-rules", allowed: [.admin, .regional, .municipalA, .municipalB]),
            RouteExpectation("POST /watch-rules", allowed: Actor.region, form: { _ in [("rule", "silent"), ("silent-value", "30")] }),
            RouteExpectation("GET /watch-rules/municipalities/{id}", allowed: readersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("POST /watch-rules/municipalities/{id}", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] },
                             form: { _ in [("rule", "silent"), ("silent-value", "30")] }),
            RouteExpectation("POST /watch-rules/municipalities/{id}/reset", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /schools/{id}/watch-flags/{rule}/dismiss", allowed: watchersOfX,
                             parameters: { ["id": "\($0.schoolX)", "rule": "silent"] }),
            RouteExpectation("POST /schools/{id}/watch-flags/{rule}/dismiss", allowed: watchersOfX,
                             parameters: { ["id": "\($0.schoolX)", "rule": "silent"] }, form: { _ in [("note", "Проверено"), ("back", "/")] }),
        ]
    }()
}
