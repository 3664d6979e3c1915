import Foundation
import GRDB

/// Practices of the demo region drawn from the seeds: formative assessment in lessons (seed 004: «банк практик
/// использования педагогами формирующего оценивания»), a curator practice and a management team's experience at
/// the pedagogical readings (seed 001). Two published, one proposed (of another school), one draft.
enum DemoPractices {
    struct Item {
        /// The seeded school's code; in a synthetic region the first municipality's school at `index`.
        var key: String
        var index: Int
        var draft: PracticeDraft
        var status: PracticeStatus
        var link: (title: String, url: String)?
    }

    static let items: [Item] = [
        Item(key: "KU-01", index: 0, draft: PracticeDraft(
            title: "Формирующее оценивание на уроках математики в 5–6 классах",
            category: PracticeCategory.formativeAssessment.rawValue,
            authors: "Учителя математики: Е. А. Морозова, Т. В. Ёлкина",
            authorsConsent: true,
            description: """
                Взаимное посещение уроков с целью использования педагогами формирующего оценивания: листы самооценки, \
                «светофор», критерии успешности на каждом этапе урока. Обратная связь учитель — ученик после каждой \
                самостоятельной работы; результаты ученика сравниваются с его же прошлыми результатами, а не с одноклассниками.
                """,
            tags: "формирующее оценивание, математика, ВПР"), status: .published,
             link: ("Методические рекомендации (ЦРО)", "https://example.org/formative-assessment")),
        Item(key: "KU-03", index: 2, draft: PracticeDraft(
            title: "Кураторская методика: сопровождение школы с низкими результатами",
            category: PracticeCategory.curatorPractice.rawValue,
            authors: "Куратор проекта «500+»",
            authorsConsent: false,
            description: """
                Куратор и управленческая команда школы вместе анализируют рисковый профиль, выезжают на уроки, \
                обсуждают дорожную карту и раз в полугодие подводят итоги. Опыт кураторской практики представлен \
                на презентации лучших кураторских практик 2022 года.
                """,
            tags: "кураторство, 500+"), status: .published, link: nil),
        Item(key: "KU-02", index: 1, draft: PracticeDraft(
            title: "Опыт управленческой команды: педагогические чтения 2023 года",
            category: PracticeCategory.management.rawValue,
            authors: "Директор и заместители директора",
            authorsConsent: true,
            description: """
                Управленческая команда представила на педагогических чтениях опыт командной работы в рамках проекта: \
                внутришкольный контроль качества образования, работа с обучающимися «группы риска» и поддержка учителей \
                с отрицательной динамикой результатов.
                """,
            tags: "управленческая команда, педагогические чтения"), status: .proposed, link: nil),
        Item(key: "KU-01", index: 0, draft: PracticeDraft(
            title: "Совместные консультации для родителей девятиклассников",
            category: PracticeCategory.parents.rawValue,
            description: "Черновик: встречи с родителями обучающихся 9 классов перед ОГЭ, разбор демоверсий и критериев оценивания.",
            tags: "родители, ОГЭ"), status: .draft, link: nil),
    ]

    /// The demo event where a practice was presented (practice title → event title); linked once the events exist.
    static let presentedAt: [String: String] = [
        "Кураторская методика: сопровождение школы с низкими результатами": "Подведение итогов по реализации 2 этапа федерального проекта «500+»",
    ]

    /// Sets `eventId` of the practices presented at the event just inserted (called by `DemoWorkspace`).
    static func link(_ db: Database, eventId: Int64, eventTitle: String) throws {
        for (practice, event) in presentedAt where event == eventTitle {
            try db.execute(sql: """
                UPDATE practice SET eventId = ? WHERE title = ? AND eventId IS NULL
                  AND schoolId IN (SELECT s.id FROM school s JOIN municipalEvent e ON e.municipalityId = s.municipalityId WHERE e.id = ?)
                """, arguments: [eventId, practice, eventId])
        }
    }

    static func insert(_ db: Database, _ scope: Scope, region: DemoRegion, schoolIds: [String: Int64], at now: Date) throws {
        guard let schools = region.municipalities.first?.schools else { return }
        for item in items {
            guard let schoolId = schoolIds[item.key] ?? (item.index < schools.count ? schoolIds[schools[item.index].key] : nil) else { continue }
            let c = try Practices.check(db, item.draft, schoolId: schoolId)
            try db.execute(sql: """
                INSERT INTO practice (schoolId, title, category, authors, authorsConsent, description, status, searchText,
                                      createdAt, updatedAt, proposedAt, publishedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [schoolId, c.title, c.category.rawValue, c.authors, c.authorsConsent, c.description, item.status.rawValue,
                                 Practices.searchText(c), now, now, item.status == .draft ? nil : now, item.status == .published ? now : nil])
            let id = db.lastInsertedRowID
            try Practices.saveTags(db, practiceId: id, c.tags)
            if let link = item.link {
                try db.execute(sql: "INSERT INTO practiceMaterial (practiceId, title, url, addedAt) VALUES (?, ?, ?, ?)",
                               arguments: [id, link.title, link.url, now])
            }
            try AuditLog.record(db, scope, action: "create", entity: "practice", id: id, before: PracticeDraft?.none, after: item.draft, at: now)
        }
    }
}
