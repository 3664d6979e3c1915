@testable import Core
import Foundation
import GRDB

/// Rows the workspace routes use: the demo's first event of municipality A, a decision addressed to school X, a file
/// material of that event.
enum WorkspaceMatrixSetup {
    static func event(_ f: Fixture) -> Int64 {
        (try? f.database.read { try Int64.fetchOne($0, sql: "SELECT MIN(id) FROM municipalEvent WHERE municipalityId = ?", arguments: [f.municipalityA]) }) ?? nil ?? -1
    }

    static func decision(_ f: Fixture) -> Int64 {
        (try? f.database.read { try Int64.fetchOne($0, sql: "SELECT MIN(decisionId) FROM managementDecisionSchool WHERE schoolId = ?", arguments: [f.schoolX]) }) ?? nil ?? -1
    }

    static func material(_ f: Fixture) -> Int64 {
        (try? MunicipalEvents(database: f.database).addFile(.console, eventId: event(f), title: "Программа", fileName: "Программа.pdf",
                                                             bytes: DocumentMatrixSetup.pdf)) ?? -1
    }
}

extension AccessMatrix {
    static let managersOfAWithRegion: Set<Actor> = [.admin, .regional, .municipalA]
    static let coordinators: Set<Actor> = [.admin, .regional, .municipalA, .municipalB]
    static let readersOfA: Set<Actor> = [.admin, .regional, .municipalA, .curatorAssigned, .curatorOther, .directorX, .directorY]
    static let editorsOfX: Set<Actor> = [.admin, .municipalA, .directorX]

    static let workspace: [RouteExpectation] = [
        RouteExpectation("GET /events", allowed: Actor.signedIn),
        RouteExpectation("GET /events/export.csv", allowed: Actor.signedIn),
        RouteExpectation("GET /events/export.xlsx", allowed: Actor.signedIn),
        RouteExpectation("GET /events/new", allowed: coordinators),
        RouteExpectation("POST /events", allowed: coordinators, form: { f in
            [("municipality", "\(f.municipalityA)"), ("format", "roundTable"), ("title", "Круглый стол матрицы"), ("heldOn", "15.03.2023")]
        }),
        RouteExpectation("GET /events/{id}", allowed: readersOfA, parameters: { ["id": "\(WorkspaceMatrixSetup.event($0))"] }),
        RouteExpectation("GET /events/{id}/edit", allowed: managersOfAWithRegion, parameters: { ["id": "\(WorkspaceMatrixSetup.event($0))"] }),
        RouteExpectation("POST /events/{id}/edit", allowed: managersOfAWithRegion, parameters: { ["id": "\(WorkspaceMatrixSetup.event($0))"] },
                         form: { _ in [("format", "questGame"), ("title", "Квест-игра (изменено)"), ("heldOn", "17.02.2022")] }),
        RouteExpectation("GET /events/{id}/archive", allowed: managersOfAWithRegion, parameters: { ["id": "\(WorkspaceMatrixSetup.event($0))"] }),
        RouteExpectation("POST /events/{id}/archive", allowed: managersOfAWithRegion, parameters: { ["id": "\(WorkspaceMatrixSetup.event($0))"] }),
        RouteExpectation("POST /events/{id}/materials", allowed: managersOfAWithRegion, parameters: { ["id": "\(WorkspaceMatrixSetup.event($0))"] },
                         form: { _ in [("materialTitle", "Презентация"), ("url", "https://example.ru/presentation")] }),
        RouteExpectation("GET /event-materials/{id}/download", allowed: readersOfA, parameters: { ["id": "\(WorkspaceMatrixSetup.material($0))"] }),
        RouteExpectation("GET /decisions", allowed: Actor.signedIn),
        RouteExpectation("GET /decisions/export.csv", allowed: Actor.signedIn),
        RouteExpectation("GET /decisions/export.xlsx", allowed: Actor.signedIn),
        RouteExpectation("GET /decisions/new", allowed: coordinators),
        RouteExpectation("POST /decisions", allowed: coordinators, form: { f in
            [("municipality", "\(f.municipalityA)"), ("year", "2022"), ("kind", "decision"), ("text", "Решение матрицы"), ("addressee", "all"),
             ("status", "open")]
        }),
        RouteExpectation("GET /decisions/{id}/edit", allowed: managersOfAWithRegion, parameters: { ["id": "\(WorkspaceMatrixSetup.decision($0))"] }),
        RouteExpectation("POST /decisions/{id}/edit", allowed: managersOfAWithRegion, parameters: { ["id": "\(WorkspaceMatrixSetup.decision($0))"] },
                         form: { _ in [("year", "2022"), ("kind", "decision"), ("text", "Решение (изменено)"), ("addressee", "all"), ("status", "inProgress")] }),
        RouteExpectation("GET /staff", allowed: coordinators),
        RouteExpectation("GET /staff/export.csv", allowed: coordinators),
        RouteExpectation("GET /staff/export.xlsx", allowed: coordinators),
        RouteExpectation("GET /schools/{id}/staff", allowed: editorsOfX, parameters: { ["id": "\($0.schoolX)"] }),
        RouteExpectation("POST /schools/{id}/staff", allowed: editorsOfX, parameters: { ["id": "\($0.schoolX)"] }, form: { _ in
            [("year", "2022"), ("managementTeam", "5"), ("managementTrained", "5"), ("teachers", "60"), ("teachersTrained", "40"),
             ("teachersWithDeficits", "8")]
        }),
    ]
}
