/// Schools: list download, the card's forms (create, edit, archive, restore) and yearly statuses.
extension AccessMatrix {
    static let schoolEditing: [RouteExpectation] = [
        RouteExpectation("GET /schools/export.csv", allowed: Actor.signedIn),
        RouteExpectation("GET /schools/new", allowed: [.admin, .municipalA, .municipalB]),
        RouteExpectation("POST /schools/new", allowed: Actor.managersOfA, form: { f in
            [("municipalityId", "\(f.municipalityA)"), ("name", "Средняя общеобразовательная школа № 99"),
             ("shortName", "СОШ № 99"), ("kind", "sosh")]
        }),
        RouteExpectation("GET /schools/{id}/edit", allowed: Actor.managersOfA, parameters: { ["id": "\($0.schoolX)"] }),
        RouteExpectation("POST /schools/{id}/edit", allowed: Actor.managersOfA, parameters: { ["id": "\($0.schoolX)"] }, form: { _ in
            [("name", "Средняя общеобразовательная школа № 1 (новое название)"), ("shortName", "СОШ № 1"), ("kind", "sosh"),
             ("email", "school1@example.ru")]
        }),
        RouteExpectation("GET /schools/{id}/archive", allowed: Actor.managersOfA, parameters: { ["id": "\($0.schoolX)"] }),
        RouteExpectation("POST /schools/{id}/archive", allowed: Actor.managersOfA, parameters: { ["id": "\($0.schoolX)"] }),
        // School X is not archived: the allowed see «Школа не в архиве» (409), the refused 403.
        RouteExpectation("GET /schools/{id}/restore", allowed: Actor.managersOfA, parameters: { ["id": "\($0.schoolX)"] }),
        RouteExpectation("POST /schools/{id}/restore", allowed: Actor.managersOfA, parameters: { ["id": "\($0.schoolX)"] }),
        RouteExpectation("GET /schools/{id}/status", allowed: Actor.managersOfA, parameters: { ["id": "\($0.schoolX)"] }),
        RouteExpectation("POST /schools/{id}/status", allowed: Actor.managersOfA, parameters: { ["id": "\($0.schoolX)"] }, form: { _ in
            [("year", "2030"), ("flag", "partner"), ("action", "set"), ("reason", "Приказ № 1 от 01.09.2030")]
        }),
    ]
}
