extension AccessMatrix {
    /// «Новый учебный год» of municipality A: its coordinator and the admin set it up; the region reads it.
    static let rollover: [RouteExpectation] = [
        RouteExpectation("GET /municipalities/{id}/new-year", allowed: [.admin, .regional, .municipalA],
                         parameters: { ["id": "\($0.municipalityA)"] }),
        RouteExpectation("POST /municipalities/{id}/new-year", allowed: Actor.managersOfA,
                         parameters: { ["id": "\($0.municipalityA)"] },
                         form: { _ in [("year", "2016"), ("section", "periods")] }),
    ]
}
