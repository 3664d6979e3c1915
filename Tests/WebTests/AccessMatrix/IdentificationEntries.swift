@testable import Core
import GRDB

/// Ids the identification routes are filled from (the demo loads deterministically).
struct IdentificationIds: Sendable {
    /// A school of municipality A on the 2023/2024 list (confirming it again changes nothing).
    let listedOfA: Int64
    /// A procedure outside the analysed list, to archive.
    let unanalysedProcedure: Int64

    static let shared: IdentificationIds = {
        do {
            let app = try TestApp(workingCycle: false)
            return try app.database.read { db in
                let listed = try Int64.fetchOne(db, sql: """
                    SELECT MIN(s.schoolId) FROM schoolStatus s JOIN school ON school.id = s.schoolId
                    WHERE s.flag = 'lowResults' AND s.schoolYear = 2023
                      AND school.municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-ku')
                    """) ?? Int64.fetchOne(db, sql: "SELECT schoolId FROM user WHERE login = 'director-ku'")!
                let procedure = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM procedure WHERE isAnalysed = 0")!
                return IdentificationIds(listedOfA: listed, unanalysedProcedure: procedure)
            }
        } catch {
            fatalError("cannot read the identification ids of the demo: \(error)")
        }
    }()
}

extension AccessMatrix {
    static let identification: [RouteExpectation] = {
        let ids = IdentificationIds.shared
        let coordinators: Set<Actor> = [.admin, .regional, .municipalA, .municipalB]
        let savedSettings: @Sendable (Fixture) -> [(String, String)] = { _ in
            [("lowShare", "30"), ("rule", "twoInLastYear"), ("rule", "consecutiveYears"),
             ("nonObjectiveMargin", "15"), ("journalMismatch", "30")] + (1...9).map { ("procedure", "\($0)") }
        }
        let procedureOne: @Sendable (Fixture) -> [(String, String)] = { _ in
            [("family", "vpr"), ("subject", "Математика"), ("grade", "5"), ("variant", ""), ("lowRule", "markTwo"),
             ("sortOrder", "10"), ("isAnalysed", "1")]
        }
        return [
            RouteExpectation("GET /identification", allowed: coordinators),
            RouteExpectation("GET /identification/export.csv", allowed: coordinators),
            RouteExpectation("GET /identification/export.xlsx", allowed: coordinators),
            // Without a selection: the list again with «Выберите хотя бы одну школу» for those who may confirm.
            RouteExpectation("GET /identification/confirm", allowed: [.admin, .municipalA, .municipalB]),
            RouteExpectation("POST /identification/confirm", allowed: [.admin, .municipalA],
                             form: { _ in [("year", "2023"), ("school", "\(ids.listedOfA)")] }),
            RouteExpectation("GET /signals", allowed: coordinators),
            RouteExpectation("GET /settings/identification", allowed: coordinators),
            RouteExpectation("POST /settings/identification", allowed: Actor.region, form: savedSettings),
            RouteExpectation("GET /procedures", allowed: Actor.signedIn),
            RouteExpectation("GET /procedures/new", allowed: Actor.region),
            RouteExpectation("POST /procedures/new", allowed: Actor.region,
                             form: { _ in [("family", "niko"), ("subject", "Музыка"), ("grade", "8"), ("lowRule", "markTwo"), ("sortOrder", "900")] }),
            RouteExpectation("GET /procedures/{id}/edit", allowed: Actor.region, parameters: { _ in ["id": "1"] }),
            RouteExpectation("POST /procedures/{id}/edit", allowed: Actor.region, parameters: { _ in ["id": "1"] }, form: procedureOne),
            RouteExpectation("POST /procedures/{id}/minimum-score", allowed: Actor.region, parameters: { _ in ["id": "9"] },
                             form: { _ in [("year", "2022"), ("score", "24")] }),
            RouteExpectation("GET /procedures/{id}/archive", allowed: Actor.region, parameters: { _ in ["id": "\(ids.unanalysedProcedure)"] }),
            RouteExpectation("POST /procedures/{id}/archive", allowed: Actor.region, parameters: { _ in ["id": "\(ids.unanalysedProcedure)"] }),
            RouteExpectation("GET /procedures/{id}/restore", allowed: Actor.region, parameters: { _ in ["id": "\(ids.unanalysedProcedure)"] }),
            RouteExpectation("POST /procedures/{id}/restore", allowed: Actor.region, parameters: { _ in ["id": "\(ids.unanalysedProcedure)"] }),
        ]
    }()
}
