@testable import Core
import Foundation
import GRDB

/// Rows the practice routes need: school X's draft from the demo, a proposed practice of school X, and materials
/// (a file and a link) of the draft.
enum PracticeMatrixSetup {
    static let pdf = Array("%PDF-1.7\n%%EOF\n".utf8)

    /// The demo's draft of school X («Совместные консультации для родителей девятиклассников»).
    static func draft(_ f: Fixture) -> Int64 {
        (try? f.database.read {
            try Int64.fetchOne($0, sql: "SELECT MIN(id) FROM practice WHERE schoolId = ? AND status = 'draft'", arguments: [f.schoolX])
        }) ?? nil ?? -1
    }

    static func proposed(_ f: Fixture) -> Int64 {
        let practices = Practices(database: f.database)
        do {
            let id = try practices.create(.console, schoolId: f.schoolX, draft: PracticeDraft(
                title: "Педагогические пары", category: "management", description: "Наставничество в педагогических парах"))
            try practices.propose(.console, id: id)
            return id
        } catch {
            fatalError("cannot prepare the practice fixtures: \(error)")
        }
    }

    static func file(_ f: Fixture) -> Int64 {
        (try? Practices(database: f.database).addFile(.console, practiceId: draft(f), title: "Памятка", fileName: "Памятка.pdf", bytes: pdf)) ?? -1
    }

    static func link(_ f: Fixture) -> Int64 {
        (try? Practices(database: f.database).addLink(.console, practiceId: draft(f), title: "Сайт", url: "https://school.example/")) ?? -1
    }
}

extension AccessMatrix {
    static let practices: [RouteExpectation] = {
        let proposers: Set<Actor> = [.admin, .municipalA, .municipalB, .directorX, .directorY]
        let editorsOfX: Set<Actor> = [.admin, .municipalA, .directorX]
        let valid: @Sendable (Fixture) -> [(String, String)] = { _ in
            [("title", "Листы самооценки"), ("category", "formativeAssessment"), ("description", "Листы самооценки на уроках"),
             ("authors", "Учителя начальных классов"), ("tags", "самооценка, оценивание")]
        }
        return [
            RouteExpectation("GET /practices", allowed: Actor.signedIn),
            RouteExpectation("GET /practices/export.csv", allowed: Actor.signedIn),
            RouteExpectation("GET /practices/export.xlsx", allowed: Actor.signedIn),
            RouteExpectation("GET /practices/new", allowed: proposers),
            // Without a school: a director's own school; for a coordinator «Выберите школу» (422).
            RouteExpectation("POST /practices", allowed: proposers, form: valid),
            RouteExpectation("GET /practices/{id}", allowed: Actor.readersOfX, parameters: { ["id": "\(PracticeMatrixSetup.draft($0))"] }),
            RouteExpectation("GET /practices/{id}/edit", allowed: editorsOfX, parameters: { ["id": "\(PracticeMatrixSetup.draft($0))"] }),
            RouteExpectation("POST /practices/{id}/edit", allowed: editorsOfX, parameters: { ["id": "\(PracticeMatrixSetup.draft($0))"] },
                             form: valid),
            RouteExpectation("POST /practices/{id}/propose", allowed: editorsOfX, parameters: { ["id": "\(PracticeMatrixSetup.draft($0))"] }),
            RouteExpectation("POST /practices/{id}/publish", allowed: Actor.managersOfA,
                             parameters: { ["id": "\(PracticeMatrixSetup.proposed($0))"] }),
            RouteExpectation("POST /practices/{id}/return", allowed: Actor.managersOfA,
                             parameters: { ["id": "\(PracticeMatrixSetup.proposed($0))"] },
                             form: { _ in [("comment", "Добавьте результаты")] }),
            RouteExpectation("POST /practices/{id}/materials", allowed: editorsOfX, parameters: { ["id": "\(PracticeMatrixSetup.draft($0))"] },
                             form: { _ in [("title", "Сайт школы"), ("url", "https://school.example/practice")] }),
            RouteExpectation("GET /practice-materials/{id}/download", allowed: Actor.readersOfX,
                             parameters: { ["id": "\(PracticeMatrixSetup.file($0))"] }),
            RouteExpectation("GET /practice-materials/{id}/remove", allowed: editorsOfX,
                             parameters: { ["id": "\(PracticeMatrixSetup.link($0))"] }),
            RouteExpectation("POST /practice-materials/{id}/remove", allowed: editorsOfX,
                             parameters: { ["id": "\(PracticeMatrixSetup.link($0))"] }),
        ]
    }()
}
