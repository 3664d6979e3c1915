import Core

/// The public page (issue 9): the list and a publishing municipality's page for everyone, signed in or not;
/// the settings for those who manage the municipality. A non-public municipality's page is a 404 for everyone
/// (PublicPageTests); here municipality A is switched on before its page is tried.
extension AccessMatrix {
    static let publicPage: [RouteExpectation] = [
        RouteExpectation("GET /public", allowed: Actor.everyone),
        RouteExpectation("GET /public/municipalities/{id}", allowed: Actor.everyone, parameters: { f in
            _ = try? PublicPages(database: f.database).setPublic(.console, municipalityId: f.municipalityA, true)
            return ["id": "\(f.municipalityA)"]
        }),
        RouteExpectation("GET /municipalities/{id}/public-page", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
        RouteExpectation("POST /municipalities/{id}/public-page/summary", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] },
                         form: { _ in [("from", "2022"), ("to", "2023")] }),
        RouteExpectation("GET /municipalities/{id}/public-page/withdraw-summary", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
        RouteExpectation("POST /municipalities/{id}/public-page/withdraw-summary", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
        RouteExpectation("GET /municipalities/{id}/public-page/enable", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
        RouteExpectation("POST /municipalities/{id}/public-page/enable", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
        RouteExpectation("GET /municipalities/{id}/public-page/disable", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
        RouteExpectation("POST /municipalities/{id}/public-page/disable", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
    ]

    /// The only routes open without login: the system's, sign-in's, the public pages, the calendar feed (its secret link)
    /// and a letter's unsubscribe link. Any other `.anonymous` route fails `PublicPageTests.onlyPublicRoutesAreAnonymous`.
    static let anonymousRoutes: Set<String> = Set((system + auth).map(\.key)).union(["GET /public", "GET /public/municipalities/{id}", "GET /calendar/{token}.ics"])
        .union(["GET /unsubscribe/{id}/{signature}", "POST /unsubscribe/{id}/{signature}"])
}
