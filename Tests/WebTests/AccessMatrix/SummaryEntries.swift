/// The summary report: the form for the region and the municipal coordinators; a municipality's report and
/// its workbook for the region and that municipality's coordinator; never for curators and directors.
extension AccessMatrix {
    static let summary: [RouteExpectation] = {
        let readersOfA: Set<Actor> = [.admin, .regional, .municipalA]
        return [
            RouteExpectation("GET /summary", allowed: [.admin, .regional, .municipalA, .municipalB]),
            RouteExpectation("GET /municipalities/{id}/summary", allowed: readersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /municipalities/{id}/summary.xlsx", allowed: readersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /municipalities/{id}/summary.docx", allowed: readersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
        ]
    }()
}
