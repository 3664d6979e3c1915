import Foundation
import GRDB

/// Visits to schools in the demo. Кировский район (seed 002, plan item 9): «Выезды в образовательные организации
/// (МКОУ «Шумская СОШ», МКОУ «Назиевская СОШ», МКОУ «Путиловская ООШ») с целью изучения внутришкольной системы
/// оценки образовательных результатов… В течение года (по графику). Комитет образования КМР, МИМС» — recorded
/// without a curator (the seed names none). Каменск-Уральский (seed 001, 2022/2023): each curator visits each of
/// their schools in the autumn and in the spring. The dates are invented (the seeds give none).
enum DemoVisits {
    struct Visit { var school: String; var day: String; var purpose: String; var participants: String; var notes: String }

    static let kirovskyPurpose = "Изучение внутришкольной системы оценки образовательных результатов, способствующей эффективному выполнению педагогами трудовой функции «по объективной оценке знаний обучающихся»"

    static let kirovsky: [Visit] = [
        Visit(school: "KR-SHUM", day: "2020-10-15", purpose: kirovskyPurpose, participants: "Комитет образования КМР, МИМС",
              notes: "Положение о внутренней системе оценки качества подготовки обучающихся есть; система независимых оценочных процедур не выстроена."),
        Visit(school: "KR-NAZ", day: "2020-11-19", purpose: kirovskyPurpose, participants: "Комитет образования КМР, МИМС",
              notes: "Рекомендовано включить в план ВШК анализ расхождения отметок ВПР и журнальных отметок."),
        Visit(school: "KR-PUT", day: "2021-02-11", purpose: kirovskyPurpose, participants: "Комитет образования КМР, МИМС",
              notes: "Критерии оценивания согласованы на ШМО; рекомендовано разместить их на сайте ОО."),
    ]

    static func insert(_ db: Database, _ scope: Scope, region: DemoRegion, schoolIds: [String: Int64], day: DemoDay) throws {
        var visits: [(visit: Visit, curatorLogin: String?)] = kirovsky.map { ($0, nil) }
        if let kamensk = region.municipalities.first(where: { $0.key == "kamensk-uralsky" }) {
            for (n, curator) in kamensk.curators.enumerated() {
                let login = n == 0 ? "curator-ku" : "curator-ku-\(n + 1)"
                for (k, a) in curator.assignments.enumerated() where a.year == 2022 {
                    let day = 10 + (3 * n + 5 * k) % 18
                    visits.append((Visit(school: a.schoolKey, day: String(format: "2022-10-%02d", day),
                                         purpose: "Изучение рискового профиля школы и внутренней системы оценки качества образования (ВСОКО)",
                                         participants: "", notes: "Согласованы факторы риска для дорожной карты; назначена консультация управленческой команды."),
                                   login))
                    visits.append((Visit(school: a.schoolKey, day: String(format: "2023-03-%02d", day),
                                         purpose: "Мониторинг реализации дорожной карты за I полугодие",
                                         participants: "муниципальный координатор", notes: "Мероприятия I полугодия выполнены; к отчёту за II полугодие приложить протоколы педсоветов."),
                                   login))
                }
            }
        }
        for (v, login) in visits {
            guard let schoolId = schoolIds[v.school] else { continue }
            let curatorId = try login.flatMap { try Int64.fetchOne(db, cachedSQL: "SELECT id FROM user WHERE login = ?", arguments: [$0]) }
            try insert(db, scope, v, schoolId: schoolId, curatorId: curatorId)
        }
        // The running year's autumn: every curator visits the schools of the year's order once (a few hundred at most).
        let assignments = try Row.fetchAll(db, sql: """
            SELECT a.curatorId, a.schoolId, s.code FROM curatorAssignment a JOIN school s ON s.id = a.schoolId
            WHERE a.schoolYear = ? ORDER BY a.schoolId, a.curatorId LIMIT 300
            """, arguments: [day.runningYear])
        for (k, a) in assignments.enumerated() {
            let visit = Visit(school: a["code"], day: day.past(String(format: "\(day.runningYear)-10-%02d", 6 + (5 * k) % 22)),
                              purpose: "Изучение рискового профиля школы и результатов входной диагностики",
                              participants: k % 3 == 0 ? "муниципальный координатор" : "",
                              notes: "Факторы риска согласованы с управленческой командой; уточнены мероприятия дорожной карты на \(day.runningYear)/\(day.runningYear + 1) учебный год.")
            guard WorkspaceSupport.schoolYear(ofDay: visit.day).start == day.runningYear else { continue }
            try insert(db, scope, visit, schoolId: a["schoolId"], curatorId: a["curatorId"])
        }
    }

    private static func insert(_ db: Database, _ scope: Scope, _ v: Visit, schoolId: Int64, curatorId: Int64?) throws {
        let now = DemoDay.utc(v.day, "17:00")
        try db.execute(sql: """
            INSERT INTO curatorVisit (schoolId, schoolYear, visitedOn, purpose, curatorId, participants, notes, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [schoolId, WorkspaceSupport.schoolYear(ofDay: v.day).start, v.day, v.purpose, curatorId, v.participants,
                             v.notes, now, now])
        try AuditLog.record(db, scope, action: "create", entity: "curatorVisit", id: db.lastInsertedRowID, before: String?.none,
                            after: "\(v.school) \(v.day): \(v.purpose)", at: now)
    }
}
