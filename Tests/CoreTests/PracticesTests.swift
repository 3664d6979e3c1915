import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct PracticesTests {
    func scope(_ database: AppDatabase, _ login: String) throws -> Scope {
        Scope(try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
    }
    func titles(_ database: AppDatabase, _ login: String, _ query: String) throws -> [String] {
        try Practices(database: database).list(try scope(database, login), filter: PracticeFilter(query: query)).map(\.title)
    }

    /// The demo database, with the FTS5 index or as a system without FTS5 would have migrated it.
    func database(fullText: Bool) throws -> AppDatabase {
        let database = try makeDemoDatabase(workingCycle: false)
        if !fullText {
            try database.write { db in
                for trigger in ["practice_fts_insert", "practice_fts_delete", "practice_fts_update"] {
                    try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
                }
                try db.execute(sql: "DROP TABLE IF EXISTS practiceFts")
            }
        }
        return database
    }

    @Test func theSystemSQLiteHasFTS5AndTheMigrationBuiltTheIndex() throws {
        let database = try makeTestDatabase()
        #expect(try Practices(database: database).usesFullTextIndex())
        #expect(try database.read { ConditionalSQL.features($0) }.contains("fts5"))
    }

    @Test(arguments: [true, false])
    func searchFindsCyrillicWordsInAnyCaseAndByWordFormPrefix(fullText: Bool) throws {
        let database = try database(fullText: fullText)
        #expect(try Practices(database: database).usesFullTextIndex() == fullText)
        let formative = "Формирующее оценивание на уроках математики в 5–6 классах"
        let curator = "Кураторская методика: сопровождение школы с низкими результатами"
        #expect(try titles(database, "mun-kirovsky", "оценивание") == [formative])
        #expect(try titles(database, "mun-kirovsky", "ОЦЕНИВАНИЕ") == [formative])
        #expect(try titles(database, "mun-kirovsky", "Оценив") == [formative])
        #expect(try titles(database, "mun-kirovsky", "формирующего") == [formative])
        // Description words, several words (all required), a tag.
        #expect(try titles(database, "mun-kirovsky", "светофор самооценки") == [formative])
        #expect(try titles(database, "mun-kirovsky", "светофор кураторск").isEmpty)
        #expect(try titles(database, "mun-kirovsky", "КУРАТОРСК") == [curator])
        #expect(try titles(database, "mun-kirovsky", "впр") == [formative])
        // A prefix matches the start of a word only.
        #expect(try titles(database, "mun-kirovsky", "ценивание").isEmpty)
        #expect(try titles(database, "mun-kirovsky", "несуществующееслово").isEmpty)
        // User syntax never reaches FTS5.
        #expect(try titles(database, "mun-kirovsky", "оценив\" OR * NEAR( :title ^").isEmpty)
        #expect(try titles(database, "mun-kirovsky", "\"оценив\"*") == [formative])
        let everything = try titles(database, "mun-kirovsky", "")
        #expect(try titles(database, "mun-kirovsky", "%_\\") == everything)

        // «ё» and «е» are the same letter for the search, both ways; the index follows changes.
        let director = try scope(database, "director-ku")
        let practices = Practices(database: database)
        let id = try practices.create(director, schoolId: director.schoolId!, draft: PracticeDraft(
            title: "Учёт достижений ЁЖИКОВ", category: "other", description: "Ещё одна практика про ежедневный учет", tags: "Ёлка"))
        #expect(try titles(database, "director-ku", "учет").contains("Учёт достижений ЁЖИКОВ"))
        #expect(try titles(database, "director-ku", "УЧЁТ ежик").contains("Учёт достижений ЁЖИКОВ"))
        #expect(try titles(database, "director-ku", "елк").contains("Учёт достижений ЁЖИКОВ"))
        try practices.update(director, id: id, draft: PracticeDraft(title: "Совет родителей", category: "parents", description: "Встречи"))
        #expect(try titles(database, "director-ku", "ежик").isEmpty)
        #expect(try titles(database, "director-ku", "родит").contains("Совет родителей"))
    }

    @Test func theMatchExpressionQuotesEveryWordAndAddsAPrefixStar() {
        #expect(Practices.matchExpression("Оценив ЁЛКА") == "\"оценив\"* \"елка\"*")
        #expect(Practices.matchExpression("a\" OR b* NEAR(c)") == "\"a\"* \"or\"* \"b\"* \"near\"* \"c\"*")
        #expect(Practices.matchExpression(" \"*:^() ") == nil)
        #expect(Practices.normaliseTags(" Формирующее   оценивание, ВПР,впр ,, #Математика") == ["формирующее оценивание", "впр", "математика"])
    }

    @Test func optionalBlocksOfAMigrationRunOnlyWithTheirFeature() {
        let sql = "CREATE TABLE a (x);\n-- @if fts5\nCREATE VIRTUAL TABLE b USING fts5(x);\n-- @end\nCREATE TABLE c (x);"
        let without = ConditionalSQL.resolve(sql, features: [])
        #expect(!without.contains("fts5(x)") && without.contains("CREATE TABLE a") && without.contains("CREATE TABLE c"))
        #expect(without.split(separator: "\n", omittingEmptySubsequences: false).count == 5)
        #expect(ConditionalSQL.resolve(sql, features: ["fts5"]).contains("CREATE VIRTUAL TABLE b"))
    }

    @Test func unpublishedPracticesAreInvisibleToOtherSchools() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let practices = Practices(database: database)
        let proposed = "Опыт управленческой команды: педагогические чтения 2023 года"
        let draftTitle = "Совместные консультации для родителей девятиклассников"
        let proposedId = try database.read { try Int64.fetchOne($0, sql: "SELECT id FROM practice WHERE status = 'proposed'")! }
        // Y's proposed practice: its school and its municipality's coordinator see it, school X and municipality B do not.
        #expect(try titles(database, "director-ku-02", "").contains(proposed))
        #expect(try titles(database, "mun-ku", "").contains(proposed))
        #expect(try titles(database, "region", "").contains(proposed))
        #expect(!(try titles(database, "director-ku", "")).contains(proposed))
        #expect(!(try titles(database, "director-ku", "педагогических чтениях")).contains(proposed))
        #expect(!(try titles(database, "mun-kirovsky", "")).contains(proposed))
        #expect(throws: DomainError.forbidden) { try practices.detail(try scope(database, "director-ku"), id: proposedId) }
        #expect(throws: DomainError.forbidden) { try practices.detail(try scope(database, "mun-kirovsky"), id: proposedId) }
        // X's draft: not for school Y.
        #expect(try titles(database, "director-ku", "").contains(draftTitle))
        #expect(!(try titles(database, "director-ku-02", "")).contains(draftTitle))
        // Published practices: everyone signed in, other municipalities too.
        #expect(try titles(database, "mun-kirovsky", "").count == 2)
        #expect(try titles(database, "curator-ku-3", "оценивание").count == 1)
        // The public query: published only, authors only with consent.
        let municipalityA = try database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")! }
        let published = try practices.published(municipalityId: municipalityA)
        #expect(Set(published.map(\.title)) == ["Формирующее оценивание на уроках математики в 5–6 классах",
                                                 "Кураторская методика: сопровождение школы с низкими результатами"])
        #expect(published.first { $0.category == .curatorPractice }?.authors == nil)
        #expect(published.first { $0.category == .formativeAssessment }?.authors?.contains("Морозова") == true)
        let municipalityB = try database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-kirovsky'")! }
        #expect(try practices.published(municipalityId: municipalityB).isEmpty)
    }

    @Test func aSchoolProposesTheCoordinatorPublishesOrReturns() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let practices = Practices(database: database)
        let director = try scope(database, "director-ku")
        let otherDirector = try scope(database, "director-ku-02")
        let coordinator = try scope(database, "mun-ku")
        let draft = PracticeDraft(title: "Педагогические пары", category: "management", authors: "Иванова И. И.",
                                  description: "Наставничество в педагогических парах", tags: "наставничество")
        #expect(throws: DomainError.forbidden) { try practices.create(director, schoolId: otherDirector.schoolId!, draft: draft) }
        do {
            _ = try practices.create(director, schoolId: director.schoolId!, draft: PracticeDraft(category: "nonsense"))
            Issue.record("an empty practice was saved")
        } catch DomainError.invalid(let errors) {
            #expect(Set(errors.map(\.field)) == ["title", "category", "description"])
        }
        let id = try practices.create(director, schoolId: director.schoolId!, draft: draft)
        #expect(try practices.detail(director, id: id).summary.status == .draft)
        #expect(!(try titles(database, "director-ku-02", "наставничество")).contains("Педагогические пары"))
        #expect(throws: DomainError.forbidden) { try practices.propose(otherDirector, id: id) }
        try practices.propose(director, id: id)
        #expect(throws: DomainError.forbidden) { try practices.publish(director, id: id) }
        #expect(throws: DomainError.forbidden) { try practices.publish(try scope(database, "mun-kirovsky"), id: id) }
        #expect(throws: DomainError.forbidden) { try practices.publish(try scope(database, "curator-ku"), id: id) }
        // Proposed: the school waits; returning needs a comment.
        #expect(throws: DomainError.self) { try practices.update(director, id: id, draft: draft) }
        #expect(throws: DomainError.invalid([FieldError("comment", "Напишите, что доработать")])) {
            try practices.returnToSchool(coordinator, id: id, comment: "  ")
        }
        try practices.returnToSchool(coordinator, id: id, comment: "Добавьте результаты")
        let returned = try practices.detail(director, id: id)
        #expect(returned.summary.status == .returned && returned.reviewComment == "Добавьте результаты" && returned.canEdit)
        try practices.update(director, id: id, draft: draft)
        try practices.propose(director, id: id)
        try practices.publish(coordinator, id: id)
        #expect(try titles(database, "director-ku-02", "наставнич").contains("Педагогические пары"))
        #expect(try titles(database, "mun-kirovsky", "ПЕДАГОГИЧЕСКИЕ ПАРЫ") == ["Педагогические пары"])
        let actions = try database.read {
            try String.fetchAll($0, sql: "SELECT action FROM auditEntry WHERE entity = 'practice' AND entityId = ? ORDER BY id", arguments: [id])
        }
        #expect(actions == ["create", "propose", "return", "update", "propose", "publish"])
    }

    @Test func materialsAreLinksOrCheckedFilesReadableWithThePractice() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let practices = Practices(database: database)
        let director = try scope(database, "director-ku")
        let id = try practices.create(director, schoolId: director.schoolId!, draft: PracticeDraft(
            title: "Лист самооценки", category: "formativeAssessment", description: "Шаблон листа"))
        #expect(throws: DomainError.self) { try practices.addLink(director, practiceId: id, title: "", url: "javascript:alert(1)") }
        #expect(throws: DomainError.self) {
            try practices.addFile(director, practiceId: id, title: "", fileName: "x.html", bytes: Array("<html></html>".utf8))
        }
        try practices.addLink(director, practiceId: id, title: "Сайт школы", url: "https://school.example/practice")
        let material = try practices.addFile(director, practiceId: id, title: "Шаблон", fileName: "Лист.pdf",
                                             bytes: Array("%PDF-1.7\n%%EOF\n".utf8))
        #expect(try practices.detail(director, id: id).materials.count == 2)
        #expect(try practices.download(director, materialId: material).contentType == "application/pdf")
        // Unpublished: another school may not download; published: it may.
        let other = try scope(database, "director-ku-02")
        #expect(throws: DomainError.forbidden) { try practices.download(other, materialId: material) }
        try practices.propose(director, id: id)
        try practices.publish(try scope(database, "mun-ku"), id: id)
        #expect(try practices.download(other, materialId: material).fileName == "Лист.pdf")
    }
}
