/// The results pages: a school's results (its readers), entry by hand (its managers), a municipality's
/// figures and export (the region and the municipality's coordinator).
extension AccessMatrix {
    static let resultsUI: [RouteExpectation] = {
        let programmeReadersOfA: Set<Actor> = [.admin, .regional, .municipalA]
        return [
            RouteExpectation("GET /schools/{id}/results", allowed: Actor.readersOfX, parameters: { ["id": "\($0.schoolX)"] }),
            RouteExpectation("GET /schools/{id}/results/{year}/edit", allowed: Actor.managersOfA,
                             parameters: { ["id": "\($0.schoolX)", "year": "2022"] }),
            RouteExpectation("POST /schools/{id}/results/{year}/edit", allowed: Actor.managersOfA,
                             parameters: { ["id": "\($0.schoolX)", "year": "2022"] },
                             form: { _ in [("p1.participants", "20"), ("p1.mark2", "2"), ("p1.mark3", "8"), ("p1.mark4", "6"), ("p1.mark5", "4")] }),
            RouteExpectation("GET /municipalities/{id}/results", allowed: programmeReadersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /municipalities/{id}/results/export.csv", allowed: programmeReadersOfA,
                             parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /municipalities/{id}/results/export.xlsx", allowed: programmeReadersOfA,
                             parameters: { ["id": "\($0.municipalityA)"] }),
        ]
    }()
}
