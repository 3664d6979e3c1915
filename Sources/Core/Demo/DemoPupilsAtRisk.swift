import Foundation
import GRDB

/// Demo pupils at risk for the programme schools of the first municipality (Каменск-Уральский) in the last
/// two school years of the demo: 9th grade русский язык and математика (and 11th grade for secondary schools),
/// deterministic figures that improve a little in the later year at most schools.
enum DemoPupilsAtRisk {
    static func insert(_ db: Database, _ scope: Scope, region: DemoRegion, schoolIds: [String: Int64], at now: Date) throws {
        guard let municipality = region.municipalities.first else { return }
        let years = [2022, 2023]
        let plans = [
            "Русский язык": "Консультации по русскому языку, диагностические работы раз в четверть, работа с наставником",
            "Математика": "Группа подготовки к ОГЭ по субботам, индивидуальные маршруты, пробный экзамен в декабре и марте",
        ]
        var n = 0
        for s in municipality.schools {
            guard let schoolId = schoolIds[s.key] else { continue }
            let inProgramme = try Bool.fetchOne(db, cachedSQL: """
                SELECT EXISTS (SELECT 1 FROM schoolStatus WHERE schoolId = ? AND schoolYear IN (2022, 2023)
                               AND flag IN ('programmeParticipant', 'lowResults'))
                """, arguments: [schoolId]) == true
            guard inProgramme else { continue }
            n += 1
            var grades = [9]
            if s.kind != .oosh { grades.append(11) }
            for (yi, year) in years.enumerated() {
                for grade in grades {
                    let pupils = grade == 9 ? 48 + (n * 7) % 40 : 22 + (n * 5) % 25
                    for (si, subject) in ["Русский язык", "Математика"].enumerated() {
                        // A share of 10–30 % in the earlier year, a few points less in the later one (more at every third school).
                        let base = 10 + (n * 7 + si * 5 + grade) % 20
                        let percent = yi == 0 ? base : (n % 3 == 0 ? base + 3 : max(base - 4, 3))
                        let atRisk = pupils * percent / 100
                        let special = atRisk / 5
                        let plan = plans[subject] ?? ""
                        try db.execute(sql: """
                            INSERT INTO pupilsAtRisk (schoolId, schoolYear, grade, subject, pupils, atRisk, withSpecialNeeds, plan,
                                                      updatedAt, updatedBy)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                            """, arguments: [schoolId, year, grade, subject, pupils, atRisk, special, plan, now])
                    }
                }
            }
        }
    }
}
