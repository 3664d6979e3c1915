@testable import Core
import GRDB

/// Ids the risk-profile routes are filled from: the demo's profiles of school X and the curator's thread on the latest.
struct RiskProfileIds: Sendable {
    let profileX: Int64
    let profileYear: Int
    let threadRoot: Int64

    static let shared: RiskProfileIds = {
        do {
            let app = try TestApp(workingCycle: false)
            return try app.database.read { db in
                let row = try Row.fetchOne(db, sql: """
                    SELECT id, schoolYear FROM riskProfile WHERE schoolId = (SELECT schoolId FROM user WHERE login = 'director-ku')
                    ORDER BY schoolYear DESC LIMIT 1
                    """)!
                let profile: Int64 = row["id"]
                return RiskProfileIds(
                    profileX: profile, profileYear: row["schoolYear"],
                    threadRoot: try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM comment WHERE targetKind = 'riskProfile' AND targetId = ? AND parentId IS NULL",
                                                   arguments: [profile])!)
            }
        } catch {
            fatalError("cannot read the risk-profile ids of the demo: \(error)")
        }
    }()

    /// A complete, valid profile form: every factor rated, two in work.
    static let profileForm: [(String, String)] = (1...10).flatMap { id -> [(String, String)] in
        var fields = [("level-\(id)", id % 3 == 0 ? "high" : "medium"), ("note-\(id)", "")]
        if id == 3 || id == 6 { fields.append(("chosen-\(id)", "1")) }
        return fields
    }
}

extension AccessMatrix {
    static let riskProfile: [RouteExpectation] = {
        let ids = RiskProfileIds.shared
        let editorsOfX: Set<Actor> = [.admin, .municipalA, .directorX]
        let reviewersAndSchoolOfX: Set<Actor> = [.admin, .municipalA, .curatorAssigned, .directorX]
        return [
            RouteExpectation("GET /risk-factors", allowed: Actor.signedIn),
            RouteExpectation("GET /risk-factors/{id}/edit", allowed: Actor.region, parameters: { _ in ["id": "1"] }),
            RouteExpectation("POST /risk-factors/{id}/edit", allowed: Actor.region, parameters: { _ in ["id": "1"] },
                             form: { _ in [("title", "Низкий уровень оснащения школы (материально-техническая база)"), ("sortOrder", "2")] }),
            RouteExpectation("GET /risk-factors/{id}/archive", allowed: Actor.region, parameters: { _ in ["id": "7"] }),
            RouteExpectation("POST /risk-factors/{id}/archive", allowed: Actor.region, parameters: { _ in ["id": "7"] }),
            RouteExpectation("POST /risk-factors/{id}/restore", allowed: Actor.region, parameters: { _ in ["id": "7"] }),

            RouteExpectation("GET /schools/{id}/risk-profile", allowed: Actor.readersOfX, parameters: { ["id": "\($0.schoolX)"] }),
            RouteExpectation("GET /schools/{id}/risk-profile/{year}/edit", allowed: editorsOfX,
                             parameters: { ["id": "\($0.schoolX)", "year": "\(ids.profileYear)"] }),
            RouteExpectation("POST /schools/{id}/risk-profile/{year}/edit", allowed: editorsOfX,
                             parameters: { ["id": "\($0.schoolX)", "year": "\(ids.profileYear)"] },
                             form: { _ in RiskProfileIds.profileForm }),

            RouteExpectation("POST /comments", allowed: reviewersAndSchoolOfX,
                             form: { f in [("targetKind", "riskProfile"), ("targetId", "\(ids.profileX)"), ("parentId", "\(ids.threadRoot)"),
                                           ("body", "Ответ в обсуждении"), ("return", "/schools/\(f.schoolX)/risk-profile")] }),
            RouteExpectation("GET /review", allowed: [.admin, .municipalA, .municipalB, .curatorAssigned, .curatorOther]),
        ]
    }()
}
