@testable import Core
import GRDB

/// A draft roadmap of school X (year: curator-ku's assignment to X) with a measure, and a plan of municipality A.
struct RoadmapFixture: Sendable {
    let year: Int
    let roadmap: Int64
    let measure: Int64
    let section: Int64
    let plan: Int64

    init(_ app: TestApp) throws {
        let (school, municipality, year) = try app.database.read { db in
            let school = try Int64.fetchOne(db, sql: "SELECT schoolId FROM user WHERE login = 'director-ku'")!
            let municipality = try Int64.fetchOne(db, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")!
            let year = try Int.fetchOne(db, sql: """
                SELECT MAX(schoolYear) FROM curatorAssignment WHERE schoolId = ? AND curatorId = (SELECT id FROM user WHERE login = 'curator-ku')
                """, arguments: [school])!
            return (school, municipality, year)
        }
        let roadmaps = Roadmaps(database: app.database)
        self.year = year
        if let existing = try roadmaps.roadmap(.console, school: school, year: SchoolYear(year)) {
            roadmap = existing.id
        } else {
            roadmap = try roadmaps.create(.console, school: school, year: SchoolYear(year))
        }
        let detail = try roadmaps.detail(.console, id: roadmap)
        section = detail.content.sections.first!.id!
        measure = try roadmaps.addMeasure(.console, roadmap: roadmap, MeasureInput(sectionId: section, title: "Анализ результатов ВПР", due: "октябрь"))
        plan = try roadmaps.plan(.console, municipality: municipality, year: SchoolYear(year))?.id
            ?? roadmaps.createPlan(.console, municipality: municipality, year: SchoolYear(year))
    }
}

extension AccessMatrix {
    static let roadmaps: [RouteExpectation] = {
        let editors: Set<Actor> = [.admin, .municipalA, .directorX]
        let reviewers: Set<Actor> = [.admin, .municipalA, .curatorAssigned]
        let planReaders: Set<Actor> = [.admin, .regional, .municipalA]
        let school: @Sendable (Fixture) -> [String: String] = { ["id": "\($0.schoolX)", "year": "\($0.roadmaps.year)"] }
        let nextYear: @Sendable (Fixture) -> [String: String] = { ["id": "\($0.schoolX)", "year": "\($0.roadmaps.year + 1)"] }
        let roadmap: @Sendable (Fixture) -> [String: String] = { ["id": "\($0.roadmaps.roadmap)"] }
        let measure: @Sendable (Fixture) -> [String: String] = { ["id": "\($0.roadmaps.roadmap)", "measure": "\($0.roadmaps.measure)"] }
        let section: @Sendable (Fixture) -> [String: String] = { ["id": "\($0.roadmaps.roadmap)", "section": "\($0.roadmaps.section)"] }
        let measureForm: @Sendable (Fixture) -> [(String, String)] = {
            [("sectionId", "\($0.roadmaps.section)"), ("title", "Методический семинар"), ("due", "ноябрь"), ("responsible", "Заместитель директора"),
             ("expectedResult", "Повышение компетентности"), ("riskFactor", "3")]
        }
        return [
            RouteExpectation("GET /schools/{id}/roadmap/{year}", allowed: Actor.readersOfX, parameters: school),
            RouteExpectation("POST /schools/{id}/roadmap/{year}/create", allowed: editors, parameters: nextYear),
            RouteExpectation("GET /schools/{id}/roadmap/{year}/export.xlsx", allowed: Actor.readersOfX, parameters: school),
            RouteExpectation("GET /municipalities/{id}/plan/{year}", allowed: planReaders,
                             parameters: { ["id": "\($0.municipalityA)", "year": "\($0.roadmaps.year)"] }),
            RouteExpectation("POST /municipalities/{id}/plan/{year}/create", allowed: Actor.managersOfA,
                             parameters: { ["id": "\($0.municipalityA)", "year": "\($0.roadmaps.year + 1)"] }),
            RouteExpectation("GET /roadmaps/{id}/measures/new", allowed: editors, parameters: roadmap),
            RouteExpectation("POST /roadmaps/{id}/measures/new", allowed: editors, parameters: roadmap, form: measureForm),
            RouteExpectation("GET /roadmaps/{id}/measures/{measure}/edit", allowed: editors, parameters: measure),
            RouteExpectation("POST /roadmaps/{id}/measures/{measure}/edit", allowed: editors, parameters: measure, form: measureForm),
            RouteExpectation("GET /roadmaps/{id}/measures/{measure}/delete", allowed: editors, parameters: measure),
            RouteExpectation("POST /roadmaps/{id}/measures/{measure}/delete", allowed: editors, parameters: measure),
            RouteExpectation("POST /roadmaps/{id}/measures/{measure}/move", allowed: editors, parameters: measure,
                             form: { _ in [("direction", "down")] }),
            RouteExpectation("GET /roadmaps/{id}/measures/{measure}/copy", allowed: Actor.managersOfA, parameters: measure),
            RouteExpectation("POST /roadmaps/{id}/measures/{measure}/copy", allowed: Actor.managersOfA, parameters: measure,
                             form: { [("school", "\($0.schoolY)")] }),
            RouteExpectation("POST /roadmaps/{id}/sections/new", allowed: editors, parameters: roadmap,
                             form: { _ in [("title", "Работа с родителями")] }),
            RouteExpectation("GET /roadmaps/{id}/sections/{section}/edit", allowed: editors, parameters: section),
            RouteExpectation("POST /roadmaps/{id}/sections/{section}/edit", allowed: editors, parameters: section,
                             form: { _ in [("title", "Организационное сопровождение")] }),
            RouteExpectation("GET /roadmaps/{id}/sections/{section}/delete", allowed: editors, parameters: section),
            RouteExpectation("POST /roadmaps/{id}/sections/{section}/delete", allowed: editors, parameters: section),
            RouteExpectation("POST /roadmaps/{id}/sections/{section}/move", allowed: editors, parameters: section,
                             form: { _ in [("direction", "down")] }),
            RouteExpectation("POST /roadmaps/{id}/submit", allowed: editors, parameters: roadmap),
            RouteExpectation("POST /roadmaps/{id}/approve", allowed: reviewers, parameters: roadmap),
            RouteExpectation("GET /roadmaps/{id}/return", allowed: reviewers, parameters: roadmap),
            RouteExpectation("POST /roadmaps/{id}/return", allowed: reviewers, parameters: roadmap,
                             form: { _ in [("reason", "Уточните сроки")] }),
            RouteExpectation("POST /roadmaps/{id}/revision", allowed: editors, parameters: roadmap),
        ]
    }()
}
