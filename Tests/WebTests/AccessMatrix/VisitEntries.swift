import Core
import Foundation

/// A visit of the assigned curator to school X in their latest year there, with a file.
enum VisitMatrixSetup {
    static func day(_ f: Fixture) -> String { "15.10.\(ReportMatrixSetup.year(f))" }

    static func visit(_ f: Fixture) -> Int64 {
        (try? CuratorVisits(database: f.database).create(.console, schoolId: f.schoolX,
            VisitInput(visitedOn: day(f), purpose: "Изучение ВСОКО", curatorId: f.curatorAssigned),
            file: ("Справка.pdf", DocumentMatrixSetup.pdf))) ?? -1
    }
}

extension AccessMatrix {
    /// Those who record visits to school X: its coordinator, the admin, the curator assigned to it that year.
    static let visitorsOfX: Set<Actor> = [.admin, .municipalA, .curatorAssigned]

    static let visits: [RouteExpectation] = [
        RouteExpectation("GET /schools/{id}/visits/new", allowed: visitorsOfX, parameters: { ["id": "\($0.schoolX)"] }),
        RouteExpectation("POST /schools/{id}/visits", allowed: visitorsOfX, parameters: { ["id": "\($0.schoolX)"] },
                         form: { f in [("visitedOn", VisitMatrixSetup.day(f)), ("purpose", "Выезд матрицы"), ("curatorId", "\(f.curatorAssigned)")] }),
        RouteExpectation("GET /visits/{id}/edit", allowed: visitorsOfX, parameters: { ["id": "\(VisitMatrixSetup.visit($0))"] }),
        RouteExpectation("POST /visits/{id}/edit", allowed: visitorsOfX, parameters: { ["id": "\(VisitMatrixSetup.visit($0))"] },
                         form: { f in [("visitedOn", VisitMatrixSetup.day(f)), ("purpose", "Выезд (изменено)"), ("curatorId", "\(f.curatorAssigned)")] }),
        RouteExpectation("GET /visits/{id}/download", allowed: Actor.readersOfX, parameters: { ["id": "\(VisitMatrixSetup.visit($0))"] }),
    ]
}
