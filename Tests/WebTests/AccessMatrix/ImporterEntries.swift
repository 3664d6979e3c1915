extension AccessMatrix {
    static let importer: [RouteExpectation] = {
        let importers: Set<Actor> = [.admin, .municipalA, .municipalB]
        return [
            RouteExpectation("GET /results/import", allowed: importers),
            // Without a file the form comes back with «Выберите файл» (422); refused actors get 403 before that.
            RouteExpectation("POST /results/import", allowed: importers),
            // An unknown token: «файл не найден или устарел» (409) for importers; nothing is written.
            RouteExpectation("POST /results/import/commit", allowed: importers,
                             form: { _ in [("token", String(repeating: "a", count: 48))] }),
            RouteExpectation("GET /results/imports", allowed: importers),
            RouteExpectation("GET /results/imports/{id}/rollback", allowed: Actor.managersOfA, parameters: { ["id": "\($0.importA)"] }),
            RouteExpectation("POST /results/imports/{id}/rollback", allowed: Actor.managersOfA, parameters: { ["id": "\($0.importA)"] }),
            RouteExpectation("GET /results/template.xlsx", allowed: Actor.signedIn),
            RouteExpectation("GET /results/template.csv", allowed: Actor.signedIn),
        ]
    }()
}
