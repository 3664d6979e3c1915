@testable import Core
import GRDB

/// The demo's row «9 класс, математика» of school X in 2023/2024 (the demo loads the same ids every time).
enum PupilsAtRiskFixture {
    static let year = 2023

    static let rowX: Int64 = {
        do {
            let app = try TestApp(workingCycle: false)
            return try app.database.read { db in
                try Int64.fetchOne(db, sql: """
                    SELECT id FROM pupilsAtRisk WHERE schoolId = (SELECT schoolId FROM user WHERE login = 'director-ku')
                    AND schoolYear = ? AND grade = 9 AND subject = 'Математика'
                    """, arguments: [year])!
            }
        } catch {
            fatalError("cannot read the pupils-at-risk row of the demo: \(error)")
        }
    }()

    /// Puts the row back under its id when an allowed actor before has removed it (refused actors go first and
    /// find it in place: nothing is written for them). Returns no form fields.
    static func restoreRowX(_ f: Fixture) -> [(String, String)] {
        try? f.database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO pupilsAtRisk (id, schoolId, schoolYear, grade, subject, pupils, atRisk, withSpecialNeeds, plan, updatedAt)
                VALUES (?, ?, ?, 9, 'Математика', 50, 10, 2, '', '2026-01-01 00:00:00.000')
                """, arguments: [rowX, f.schoolX, year])
        }
        return []
    }
}

extension AccessMatrix {
    static let pupilsAtRisk: [RouteExpectation] = {
        let editorsOfX: Set<Actor> = [.admin, .municipalA, .directorX]
        let readersOfMunicipalTable: Set<Actor> = [.admin, .regional, .municipalA, .municipalB]
        let importers: Set<Actor> = [.admin, .municipalA, .municipalB]
        return [
            RouteExpectation("GET /schools/{id}/pupils-at-risk", allowed: Actor.readersOfX, parameters: { ["id": "\($0.schoolX)"] }),
            // A new row «11 класс, химия»: the first allowed actor adds it, the next ones are told it exists (422).
            RouteExpectation("POST /schools/{id}/pupils-at-risk/{year}", allowed: editorsOfX,
                             parameters: { ["id": "\($0.schoolX)", "year": "\(PupilsAtRiskFixture.year)"] },
                             form: { _ in [("row", "new"), ("grade-new", "11"), ("subject-new", "Химия"), ("pupils-new", "24"),
                                           ("atRisk-new", "5"), ("withSpecialNeeds-new", "1"), ("plan-new", "Практикум по задачам")] }),
            RouteExpectation("GET /pupils-at-risk/rows/{id}/remove", allowed: editorsOfX,
                             parameters: { _ in ["id": "\(PupilsAtRiskFixture.rowX)"] }),
            RouteExpectation("POST /pupils-at-risk/rows/{id}/remove", allowed: editorsOfX,
                             parameters: { _ in ["id": "\(PupilsAtRiskFixture.rowX)"] },
                             form: { PupilsAtRiskFixture.restoreRowX($0) }),
            RouteExpectation("GET /pupils-at-risk", allowed: readersOfMunicipalTable),
            RouteExpectation("GET /pupils-at-risk/export.csv", allowed: readersOfMunicipalTable),
            RouteExpectation("GET /pupils-at-risk/export.xlsx", allowed: readersOfMunicipalTable),
            RouteExpectation("GET /pupils-at-risk/import", allowed: importers),
            // Without a file: «Выберите файл» (422) for importers.
            RouteExpectation("POST /pupils-at-risk/import", allowed: importers),
            // An unknown token: «файл не найден или устарел» (409); nothing is written.
            RouteExpectation("POST /pupils-at-risk/import/commit", allowed: importers,
                             form: { _ in [("token", String(repeating: "a", count: 48))] }),
            RouteExpectation("GET /pupils-at-risk/template.xlsx", allowed: Actor.signedIn),
            RouteExpectation("GET /pupils-at-risk/template.csv", allowed: Actor.signedIn),
        ]
    }()
}
