@testable import Core
import Foundation
import GRDB

/// Rows the document routes need: a concept (kind 1) of school X for the year curator-ku is assigned to it, with a
/// version; an evidence file on an item of a draft report of school X.
enum DocumentMatrixSetup {
    static let pdf = Array("%PDF-1.7\n%%EOF\n".utf8)

    static func document(_ f: Fixture) -> (document: Int64, version: Int64) {
        do {
            let year = ReportMatrixSetup.year(f)
            let documents = Documents(database: f.database)
            let id = try f.database.read {
                try Int64.fetchOne($0, sql: "SELECT id FROM document WHERE schoolId = ? AND schoolYear = ? AND kindId = 1", arguments: [f.schoolX, year])
            } ?? documents.upload(.console, schoolId: f.schoolX, year: year, kindId: 1, riskFactorId: nil, fileName: "Концепция развития.pdf", bytes: pdf)
            let version = try f.database.read {
                try Int64.fetchOne($0, sql: "SELECT id FROM documentVersion WHERE documentId = ? AND isCurrent = 1", arguments: [id])!
            }
            return (id, version)
        } catch {
            fatalError("cannot prepare the document fixtures: \(error)")
        }
    }

    static func criterion(_ f: Fixture, kindId: Int64 = 1) -> Int64 {
        (try? Documents(database: f.database).addCriterion(.console, kindId: kindId, title: "Критерий \(UUID().uuidString.prefix(8))")) ?? -1
    }

    /// A kind municipality A added for its own schools (made by its coordinator, as the page does).
    static func ownKindOfA(_ f: Fixture) -> Int64 {
        do {
            if let id = try f.database.read({
                try Int64.fetchOne($0, sql: "SELECT id FROM documentKind WHERE municipalityId = ? AND title = 'Программа наставничества'",
                                   arguments: [f.municipalityA])
            }) { return id }
            let coordinator = try f.database.read { try Scope(User.fetchOne($0, sql: "SELECT * FROM user WHERE login = 'mun-ku'")!) }
            return try Documents(database: f.database).addKind(coordinator, title: "Программа наставничества", perRiskFactor: false)
        } catch {
            fatalError("cannot prepare the municipality's own kind: \(error)")
        }
    }

    static func reportItem(_ f: Fixture) -> Int64 {
        let report = ReportMatrixSetup.prepare(f, report: .draft).report!
        return (try? f.database.read { try Int64.fetchOne($0, sql: "SELECT MIN(id) FROM reportItem WHERE reportId = ?", arguments: [report]) }) ?? nil ?? -1
    }

    static func evidence(_ f: Fixture) -> Int64 {
        let item = reportItem(f)
        return (try? Documents(database: f.database).attachEvidence(.console, reportItemId: item, fileName: "Протокол.pdf", bytes: pdf)) ?? -1
    }
}

extension AccessMatrix {
    static let documents: [RouteExpectation] = {
        let editorsOfX: Set<Actor> = [.admin, .municipalA, .directorX]
        let reviewersOfX: Set<Actor> = [.admin, .municipalA, .curatorAssigned]
        // Issue 13, item 5: the region owns the region-wide kinds (kind 1 and its criteria); a municipal coordinator
        // only adds kinds of their own municipality (see `ownKindsOfA` below for those).
        let kindAdders: Set<Actor> = [.admin, .regional, .municipalA, .municipalB]
        let kindEditors: Set<Actor> = Actor.region
        return [
            RouteExpectation("GET /schools/{id}/documents", allowed: Actor.readersOfX, parameters: { ["id": "\($0.schoolX)"] }),
            // Posted urlencoded (no file): «Выберите файл» (422) for editors; 403 for the others before that.
            RouteExpectation("POST /schools/{id}/documents", allowed: editorsOfX, parameters: { ["id": "\($0.schoolX)"] },
                             form: { f in [("year", "\(ReportMatrixSetup.year(f))"), ("kind", "1")] }),
            RouteExpectation("GET /documents/{id}", allowed: Actor.readersOfX,
                             parameters: { ["id": "\(DocumentMatrixSetup.document($0).document)"] }),
            RouteExpectation("POST /documents/{id}/versions", allowed: editorsOfX,
                             parameters: { ["id": "\(DocumentMatrixSetup.document($0).document)"] }),
            RouteExpectation("GET /documents/{id}/review", allowed: reviewersOfX,
                             parameters: { ["id": "\(DocumentMatrixSetup.document($0).document)"] }),
            RouteExpectation("POST /documents/{id}/review", allowed: reviewersOfX,
                             parameters: { ["id": "\(DocumentMatrixSetup.document($0).document)"] },
                             form: { f in
                                 let ids = (try? f.database.read {
                                     try Int64.fetchAll($0, sql: "SELECT id FROM documentCriterion WHERE kindId = 1 AND archivedAt IS NULL")
                                 }) ?? []
                                 return ids.map { ("criterion-\($0)", "met") } + [("decision", "accepted"), ("comment", "")]
                             }),
            RouteExpectation("GET /documents/versions/{id}/download", allowed: Actor.readersOfX,
                             parameters: { ["id": "\(DocumentMatrixSetup.document($0).version)"] }),
            RouteExpectation("GET /municipalities/{id}/documents", allowed: [.admin, .regional, .municipalA],
                             parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /document-kinds", allowed: Actor.signedIn),
            RouteExpectation("POST /document-kinds", allowed: kindAdders,
                             form: { _ in [("title", "Вид \(UUID().uuidString.prefix(8))")] }),
            RouteExpectation("POST /document-kinds/{id}/criteria", allowed: kindEditors, parameters: { _ in ["id": "1"] },
                             form: { _ in [("title-1", "Документ согласован с учредителем")] }),
            RouteExpectation("GET /document-criteria/{id}/archive", allowed: kindEditors,
                             parameters: { ["id": "\(DocumentMatrixSetup.criterion($0))"] }),
            RouteExpectation("POST /document-criteria/{id}/archive", allowed: kindEditors,
                             parameters: { ["id": "\(DocumentMatrixSetup.criterion($0))"] }),
            // Posted urlencoded (no file): «Выберите файл» for editors of school X; 403 for the others.
            RouteExpectation("POST /report-items/{id}/evidence", allowed: editorsOfX,
                             parameters: { ["id": "\(DocumentMatrixSetup.reportItem($0))"] }),
            RouteExpectation("GET /evidence/{id}/download", allowed: Actor.readersOfX,
                             parameters: { ["id": "\(DocumentMatrixSetup.evidence($0))"] }),
        ]
    }()

    /// The kind routes again, on a kind of municipality A's own: its coordinator (and the region, admin) may change
    /// its criteria, municipality B's may not.
    static let ownKindsOfA: [RouteExpectation] = {
        let editors: Set<Actor> = [.admin, .regional, .municipalA]
        return [
            RouteExpectation("POST /document-kinds/{id}/criteria", allowed: editors, parameters: { ["id": "\(DocumentMatrixSetup.ownKindOfA($0))"] },
                             form: { f in [("title-\(DocumentMatrixSetup.ownKindOfA(f))", "Наставники закреплены приказом")] }),
            RouteExpectation("GET /document-criteria/{id}/archive", allowed: editors,
                             parameters: { ["id": "\(DocumentMatrixSetup.criterion($0, kindId: DocumentMatrixSetup.ownKindOfA($0)))"] }),
            RouteExpectation("POST /document-criteria/{id}/archive", allowed: editors,
                             parameters: { ["id": "\(DocumentMatrixSetup.criterion($0, kindId: DocumentMatrixSetup.ownKindOfA($0)))"] }),
        ]
    }()
}
