/// The expected access of every route, area by area. A route missing here fails the matrix test.
enum AccessMatrix {
    static let entries: [RouteExpectation] = system + auth + home + schools + schoolEditing + accounts + organisation
        + identification + resultsUI + importer + riskProfile + roadmaps + reports + documents + practices + pupilsAtRisk
        + notifications + audit + summary + workspace + dashboard
        + exports + publicPage + visits + rollover + calendar + mail

    static let system: [RouteExpectation] = [
        RouteExpectation("GET /healthz", allowed: Actor.everyone),
        RouteExpectation("GET /static/{path...}", allowed: Actor.everyone, parameters: { _ in ["path": "opora.css"] }),
        RouteExpectation("GET /favicon.ico", allowed: Actor.everyone),
    ]

    static let auth: [RouteExpectation] = [
        RouteExpectation("GET /login", allowed: Actor.everyone),
        RouteExpectation("POST /login", allowed: Actor.everyone,
                         form: { _ in [("login", "admin"), ("password", "wrong-password")] }),
        RouteExpectation("POST /logout", allowed: Actor.everyone),
    ]

    static let home: [RouteExpectation] = [
        RouteExpectation("GET /", allowed: Actor.signedIn),
    ]

    static let schools: [RouteExpectation] = [
        RouteExpectation("GET /schools", allowed: Actor.signedIn),
        RouteExpectation("GET /schools/{id}", allowed: Actor.readersOfX, parameters: { ["id": "\($0.schoolX)"] }),
    ]
}
