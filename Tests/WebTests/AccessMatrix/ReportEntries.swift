@testable import Core
import CoreTestSupport
import GRDB

/// Rows the report routes need in the route's database: an approved roadmap of school X for the year curator-ku is
/// assigned to it, I полугодие of that year in municipality A, and a report in the state the route acts on.
enum ReportMatrixSetup {
    struct Prepared { var period: Int64; var report: Int64? }

    static func year(_ f: Fixture) -> Int {
        (try? f.database.read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(schoolYear) FROM curatorAssignment WHERE curatorId = ? AND schoolId = ?",
                             arguments: [f.curatorAssigned, f.schoolX])
        }) ?? 2022
    }

    /// `report == nil`: no report for the period (deleted if the demo holds one).
    static func prepare(_ f: Fixture, periodOpen: Bool = true, report status: ReportStatus?) -> Prepared {
        do {
            let year = year(f)
            let roadmap = try ReportFixtures.roadmap(f.database, schoolId: f.schoolX, year: year, measures: [
                .init("Диагностика профессиональных дефицитов педагогов", dueTo: "\(year)-10-31"),
            ]).roadmapId
            let period = try ReportFixtures.period(f.database, municipalityId: f.municipalityA, year: year, half: 1, isOpen: true)
            var reportId = try f.database.read {
                try Int64.fetchOne($0, sql: "SELECT id FROM report WHERE roadmapId = ? AND periodId = ?", arguments: [roadmap, period])
            }
            if let status {
                if reportId == nil { reportId = try Reports(database: f.database).start(.console, schoolId: f.schoolX, periodId: period) }
                try f.database.write { db in
                    try db.execute(sql: "UPDATE reportItem SET status = 'done' WHERE reportId = ?", arguments: [reportId])
                }
                try ReportFixtures.setStatus(f.database, reportId: reportId!, status)
            } else if let id = reportId {
                try f.database.write { try $0.execute(sql: "DELETE FROM report WHERE id = ?", arguments: [id]) }
                reportId = nil
            }
            if !periodOpen { try ReportFixtures.period(f.database, municipalityId: f.municipalityA, year: year, half: 1, isOpen: false) }
            return Prepared(period: period, report: reportId)
        } catch {
            fatalError("cannot prepare the report fixtures: \(error)")
        }
    }

    /// The period's id, read only (form values are computed after the database's fingerprint).
    static func periodId(_ f: Fixture) -> String {
        let year = year(f)
        let id = try? f.database.read {
            try Int64.fetchOne($0, sql: "SELECT id FROM reportPeriod WHERE municipalityId = ? AND schoolYear = ? AND half = 1",
                               arguments: [f.municipalityA, year])
        }
        return id.flatMap { $0 }.map(String.init) ?? ""
    }
}

extension AccessMatrix {
    static let reports: [RouteExpectation] = {
        let programmeReadersOfA: Set<Actor> = [.admin, .regional, .municipalA]
        let editorsOfX: Set<Actor> = [.admin, .municipalA, .directorX]
        let reviewersOfX: Set<Actor> = [.admin, .municipalA, .curatorAssigned]
        func report(_ status: ReportStatus) -> @Sendable (Fixture) -> [String: String] {
            { f in ["id": "\(ReportMatrixSetup.prepare(f, report: status).report!)"] }
        }
        return [
            RouteExpectation("GET /municipalities/{id}/report-periods", allowed: programmeReadersOfA,
                             parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("POST /municipalities/{id}/report-periods", allowed: Actor.managersOfA,
                             parameters: { ["id": "\($0.municipalityA)"] },
                             form: { _ in [("year", "2031"), ("half", "1"), ("dueDate", "")] }),
            RouteExpectation("POST /report-periods/{id}/open", allowed: Actor.managersOfA,
                             parameters: { ["id": "\(ReportMatrixSetup.prepare($0, periodOpen: false, report: nil).period)"] }),
            RouteExpectation("POST /report-periods/{id}/due-date", allowed: Actor.managersOfA,
                             parameters: { ["id": "\(ReportMatrixSetup.prepare($0, report: nil).period)"] },
                             form: { f in [("dueDate", "20.01.\(ReportMatrixSetup.year(f) + 1)")] }),
            RouteExpectation("GET /report-periods/{id}/close", allowed: Actor.managersOfA,
                             parameters: { ["id": "\(ReportMatrixSetup.prepare($0, report: nil).period)"] }),
            RouteExpectation("POST /report-periods/{id}/close", allowed: Actor.managersOfA,
                             parameters: { ["id": "\(ReportMatrixSetup.prepare($0, report: nil).period)"] }),
            RouteExpectation("GET /schools/{id}/reports", allowed: Actor.readersOfX,
                             parameters: { f in _ = ReportMatrixSetup.prepare(f, report: .draft); return ["id": "\(f.schoolX)"] }),
            RouteExpectation("POST /schools/{id}/reports", allowed: editorsOfX,
                             parameters: { f in _ = ReportMatrixSetup.prepare(f, report: nil); return ["id": "\(f.schoolX)"] },
                             form: { f in [("period", ReportMatrixSetup.periodId(f))] }),
            RouteExpectation("GET /reports/{id}", allowed: Actor.readersOfX, parameters: report(.submitted)),
            RouteExpectation("GET /reports/{id}/edit", allowed: editorsOfX, parameters: report(.draft)),
            RouteExpectation("POST /reports/{id}/edit", allowed: editorsOfX, parameters: report(.draft),
                             form: { _ in [("summary", "Мероприятия первого полугодия выполнены"), ("selfAssessment", "Удовлетворительно")] }),
            RouteExpectation("POST /reports/{id}/submit", allowed: editorsOfX, parameters: report(.draft)),
            RouteExpectation("POST /reports/{id}/accept", allowed: reviewersOfX, parameters: report(.submitted)),
            RouteExpectation("POST /reports/{id}/return", allowed: reviewersOfX, parameters: report(.submitted),
                             form: { _ in [("comment", "Приложите ссылки на протоколы педсоветов")] }),
            RouteExpectation("GET /reports/{id}/export.xlsx", allowed: Actor.readersOfX, parameters: report(.accepted)),
            RouteExpectation("GET /municipalities/{id}/reports", allowed: programmeReadersOfA,
                             parameters: { f in _ = ReportMatrixSetup.prepare(f, report: .returned); return ["id": "\(f.municipalityA)"] }),
        ]
    }()
}
