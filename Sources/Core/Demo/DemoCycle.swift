import Foundation
import GRDB

/// The working cycle of the demo (issue 5): risk profiles, roadmaps with their revisions, report periods,
/// half-year reports and comment threads for the schools of the programme from 2022/2023 (the seeded region; the
/// year before the running one for a synthetic region) to the running school year, built from the measures of seeds
/// 001, 002 and 004 (`DemoMeasures`). Deterministic in the region and the demo's day; inserted with prepared
/// statements inside the demo loader's transaction. Nothing is dated today or later (`DemoDay.past`).
///
/// The running year gets every state: roadmaps in draft, submitted, returned (with the curator's comment) and
/// approved (with a JSON snapshot of the revision), one approved roadmap with revision 2 in draft; its I полугодие
/// period is open with the due date ahead of today, its reports in draft, submitted, accepted and returned. Earlier
/// years' roadmaps are approved and their periods closed, their reports accepted, except a few late ones (never
/// submitted) of the last closed period. The demo director's school (the first school of the first municipality,
/// «school X») always has an approved roadmap of the running year with a draft report for the open I полугодие;
/// its 2022/2023 curators are kept for 2023/2024.
enum DemoCycle {
    /// The years of the cycle: from 2022/2023 (`rich`) or the year before the running one, to the running one.
    static func years(running: Int, rich: Bool) -> [Int] { Array(min(rich ? 2022 : running - 1, running)...running) }

    /// Roadmap state of a school in the running year (earlier roadmaps are all approved).
    enum Plan: CaseIterable {
        case draft, submitted, returned, approvedReportSubmitted, approvedReportAccepted, revisionTwo,
             approvedReportReturned, approvedReportDraft
    }

    struct Context {
        var municipalityOf: [Int64: Int64] = [:]
        var directorOf: [Int64: Int64] = [:]
        var coordinatorOf: [Int64: Int64] = [:]
        var day: DemoDay
        /// The day the running year's I полугодие period opened.
        var runningOpened = ""
        var running: Int { day.runningYear }
        /// (schoolId, year) → curator
        var curatorOf: [String: Int64] = [:]
        func curator(_ school: Int64, _ year: Int) -> Int64? { curatorOf["\(school)/\(year)"] }
    }

    @discardableResult
    static func insert(_ db: Database, _ scope: Scope, region: DemoRegion, schoolIds: [String: Int64], day: DemoDay) throws -> Int {
        let schoolCount = region.municipalities.reduce(0) { $0 + $1.schools.count }
        // The seeded region gets full roadmaps; a large synthetic one a few measures per school.
        let rich = schoolCount <= 200
        let years = years(running: day.runningYear, rich: rich)
        let exec = Executor(db)

        // Curators keep their 2022/2023 schools in 2023/2024 where the data names nobody for that year.
        try db.execute(sql: """
            INSERT OR IGNORE INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt)
            SELECT a.curatorId, a.schoolId, 2023, NULL, a.createdAt FROM curatorAssignment a
            WHERE a.schoolYear = 2022
              AND NOT EXISTS (SELECT 1 FROM curatorAssignment b WHERE b.schoolId = a.schoolId AND b.schoolYear = 2023)
            """)

        // School X keeps its curators in the later years too, under the municipality's order of the year.
        if let key = region.municipalities.first?.schools.first?.key, let x = schoolIds[key] {
            for year in years where year > 2023 {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO curatorAssignment (curatorId, schoolId, schoolYear, orderNumber, orderDate, createdBy, createdAt)
                    SELECT a.curatorId, a.schoolId, :year, o.orderNumber, o.orderDate, NULL, COALESCE(o.orderDate || ' 10:00:00.000', a.createdAt)
                    FROM curatorAssignment a
                    LEFT JOIN (SELECT b.orderNumber, b.orderDate FROM curatorAssignment b JOIN school s ON s.id = b.schoolId
                               WHERE b.schoolYear = :year AND s.municipalityId = (SELECT municipalityId FROM school WHERE id = :x)
                               ORDER BY b.schoolId LIMIT 1) o
                    WHERE a.schoolId = :x AND a.schoolYear = :year - 1
                      AND NOT EXISTS (SELECT 1 FROM curatorAssignment c WHERE c.schoolId = :x AND c.schoolYear = :year)
                    """, arguments: ["year": year, "x": x])
            }
        }

        var context = Context(day: day)
        context.runningOpened = max("\(day.runningYear)-09-01", min("\(day.runningYear)-12-01", day.day(-7)))
        for row in try Row.fetchAll(db, cachedSQL: "SELECT id, municipalityId FROM school") {
            context.municipalityOf[row[0]] = row[1]
        }
        for row in try Row.fetchAll(db, cachedSQL: "SELECT schoolId, MIN(id) FROM user WHERE role = 'director' GROUP BY schoolId") {
            context.directorOf[row[0]] = row[1]
        }
        for row in try Row.fetchAll(db, cachedSQL: "SELECT municipalityId, MIN(userId) FROM coordinatorAppointment GROUP BY municipalityId") {
            context.coordinatorOf[row[0]] = row[1]
        }
        for row in try Row.fetchAll(db, cachedSQL: "SELECT schoolId, schoolYear, MIN(curatorId) FROM curatorAssignment GROUP BY schoolId, schoolYear") {
            let school: Int64 = row[0]; let year: Int = row[1]
            context.curatorOf["\(school)/\(year)"] = row[2]
        }

        // Report periods of every municipality.
        var periods: [String: Int64] = [:]
        for municipalityId in Set(context.municipalityOf.values).sorted() {
            for year in years {
                for half in 1...2 {
                    let isRunning = year == day.runningYear
                    // The running year's I полугодие is due in late December, or two weeks ahead when that has passed.
                    let due = isRunning && half == 1 ? max("\(year)-12-25", day.day(14))
                        : half == 1 ? "\(year + 1)-01-20" : "\(year + 1)-06-20"
                    let opened = isRunning && half == 1 ? context.runningOpened : half == 1 ? "\(year)-12-01" : "\(year + 1)-05-10"
                    let isOpen = isRunning && half == 1
                    let wasOpened = !isRunning || half == 1
                    let closed = !isRunning ? (half == 1 ? "\(year + 1)-02-15" : "\(year + 1)-07-15") : nil
                    try exec.run("""
                        INSERT INTO reportPeriod (municipalityId, schoolYear, half, dueDate, isOpen, openedAt, closedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, [municipalityId, year, half, due, isOpen ? 1 : 0, wasOpened ? stamp(opened) : nil,
                              closed.map { stamp($0) }])
                    periods["\(municipalityId)/\(year)/\(half)"] = exec.lastId
                }
            }
        }

        let firstSchoolKey = region.municipalities.first?.schools.first?.key
        var roadmaps = 0
        for year in years {
            var k = 0
            for m in region.municipalities {
                for s in m.schools {
                    let isX = s.key == firstSchoolKey
                    let inProgramme = s.has(.lowResults, in: year) || s.has(.programmeParticipant, in: year)
                        || s.has(.unfavourableConditions, in: year) || (rich && s.has(.lowResults, in: year - 1))
                    guard inProgramme || isX, let schoolId = schoolIds[s.key],
                          let municipalityId = context.municipalityOf[schoolId] else { continue }
                    var rng = SplitMix64(seed: DemoResults.fnv1a("cycle/\(s.key)/\(year)"))
                    let (profileId, chosen) = try insertRiskProfile(exec, schoolId: schoolId, year: year, day: day,
                                                                    director: context.directorOf[schoolId], rng: &rng)
                    if isX || k % 5 == 2 {
                        // The curator comments on the profile; the director answers.
                        try comment(exec, schoolId: schoolId, municipalityId: municipalityId, kind: "riskProfile", target: profileId,
                                    author: context.curator(schoolId, year) ?? context.coordinatorOf[municipalityId],
                                    body: "Уровень риска «Низкая учебная мотивация обучающихся» занижен: по итогам анкетирования доля немотивированных обучающихся высока. Пересмотрите, пожалуйста.",
                                    at: stamp(day.past("\(year)-09-18"), "13:00"),
                                    reply: (context.directorOf[schoolId], "Пересмотрим после анкетирования обучающихся 5–9 классов в октябре.",
                                            stamp(day.past("\(year)-09-19"), "13:10")))
                    }
                    let plan: Plan? = year < day.runningYear ? nil : (isX ? .approvedReportDraft : Plan.allCases[k % Plan.allCases.count])
                    if !isX { k += 1 }
                    try insertRoadmap(exec, context, school: s, schoolId: schoolId, municipalityId: municipalityId, year: year,
                                      plan: plan, chosen: chosen, measureCount: rich ? 6 + rng.int(below: 10) : 3,
                                      index: k, periods: periods, rng: &rng)
                    roadmaps += 1
                }
            }
        }
        if rich {
            // Seed 002 is a municipal plan: each seeded municipality has one for 2023/2024 and the running year, kept by
            // its coordinator.
            for m in region.municipalities {
                guard let schoolId = m.schools.first.flatMap({ schoolIds[$0.key] }),
                      let municipalityId = context.municipalityOf[schoolId] else { continue }
                for year in Set([2023, day.runningYear]).sorted() {
                    try insertMunicipalPlan(exec, municipalityId: municipalityId, name: m.shortName, year: year, day: day,
                                            coordinator: context.coordinatorOf[municipalityId])
                    roadmaps += 1
                }
            }
        }
        try AuditLog.record(db, scope, action: "demo", entity: "roadmap", id: nil, before: String?.none,
                            after: ["roadmaps": roadmaps], at: day.at(day.today, "06:00"))
        return roadmaps
    }

    // MARK: - Risk profile

    /// Levels for the ten factors; returns the 2–4 chosen ones.
    static func insertRiskProfile(_ exec: Executor, schoolId: Int64, year: Int, day: DemoDay, director: Int64?,
                                  rng: inout SplitMix64) throws -> (Int64, [Int64]) {
        let levels = ["high", "medium", "low", "notRelevant"]
        var level: [Int64: Int] = [:]
        for f in 1...DemoMeasures.riskFactorCount {
            let u = rng.unit()
            // Language barriers rarely matter in the demo region.
            level[f] = f == 7 ? (u < 0.15 ? 1 : (u < 0.6 ? 2 : 3)) : (u < 0.22 ? 0 : (u < 0.6 ? 1 : (u < 0.92 ? 2 : 3)))
        }
        let count = 2 + rng.int(below: 3)
        let ranked = (1...DemoMeasures.riskFactorCount).map { ($0, level[$0]! * 100 + rng.int(below: 100)) }.sorted { $0.1 < $1.1 }
        let chosen = ranked.prefix(count).map(\.0).sorted()
        for f in chosen where level[f]! > 1 { level[f] = 1 }
        try exec.run("INSERT INTO riskProfile (schoolId, schoolYear, updatedAt, updatedBy) VALUES (?, ?, ?, ?)",
                     [schoolId, year, stamp(day.past("\(year)-09-15")), director])
        let profileId = exec.lastId
        for f in 1...DemoMeasures.riskFactorCount {
            let isChosen = chosen.contains(f)
            let note = isChosen ? (level[f] == 0 ? "Фактор выбран для программы антирисковых мер: высокий риск по итогам самодиагностики"
                                                  : "Фактор выбран для программы антирисковых мер") : ""
            try exec.run("INSERT INTO riskProfileEntry (profileId, riskFactorId, level, isChosen, note) VALUES (?, ?, ?, ?, ?)",
                         [profileId, f, levels[level[f]!], isChosen ? 1 : 0, note])
        }
        return (profileId, chosen)
    }

    // MARK: - Roadmap

    struct WorkingMeasure {
        var id: Int64 = 0
        var source: DemoMeasure
        var section: Int
        var due: Due
        var factors: [Int64]
    }

    static func pick(count: Int, chosen: [Int64], rng: inout SplitMix64) -> [DemoMeasure] {
        let all = DemoMeasures.all
        // Measures on a chosen factor first (each chosen factor gets at least one), then the others.
        var picked: [Int] = []
        for f in chosen {
            let candidates = all.indices.filter { all[$0].riskFactors.contains(f) && !picked.contains($0) }
            if !candidates.isEmpty { picked.append(candidates[rng.int(below: candidates.count)]) }
        }
        let rest = all.indices.filter { !picked.contains($0) }
            .map { ($0, (all[$0].riskFactors.contains { chosen.contains($0) } ? 0 : 1000) + rng.int(below: 1000)) }
            .sorted { $0.1 < $1.1 }.map(\.0)
        picked += rest.prefix(max(0, count - picked.count))
        return picked.prefix(max(count, chosen.count)).sorted().map { all[$0] }
    }

    static func insertRoadmap(_ exec: Executor, _ context: Context, school: DemoSchool, schoolId: Int64, municipalityId: Int64,
                              year: Int, plan: Plan?, chosen: [Int64], measureCount: Int, index: Int,
                              periods: [String: Int64], rng: inout SplitMix64) throws {
        let director = context.directorOf[schoolId]
        let coordinator = context.coordinatorOf[municipalityId]
        let reviewer = context.curator(schoolId, year) ?? coordinator
        let status: String
        let revision: Int
        switch plan {
        case .draft: status = "draft"; revision = 1
        case .submitted: status = "submitted"; revision = 1
        case .returned: status = "returned"; revision = 1
        case .revisionTwo: status = "draft"; revision = 2
        default: status = "approved"; revision = 1
        }
        let past = context.day.past
        let created = past("\(year)-09-0\(2 + rng.int(below: 7))")
        let submitted = past("\(year)-09-\(20 + rng.int(below: 8))")
        let returned = past("\(year)-10-0\(1 + rng.int(below: 3))")
        let resubmitted = past("\(year)-10-0\(5 + rng.int(below: 3))")
        let approved = past("\(year)-10-1\(rng.int(below: 8))")
        let title = "Дорожная карта (план мероприятий) по повышению качества образования на \(year)/\(year + 1) учебный год"
        try exec.run("""
            INSERT INTO roadmap (municipalityId, schoolId, schoolYear, title, status, revision, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [municipalityId, schoolId, year, title, status, revision, stamp(created), stamp(approved)])
        let roadmapId = exec.lastId

        // Sections and measures (the working copy).
        var sectionIds: [Int64] = []
        for (i, t) in DemoMeasures.sections.enumerated() {
            try exec.run("INSERT INTO roadmapSection (roadmapId, title, position) VALUES (?, ?, ?)", [roadmapId, t, i + 1])
            sectionIds.append(exec.lastId)
        }
        var measures: [WorkingMeasure] = pick(count: measureCount, chosen: chosen, rng: &rng).map { m in
            WorkingMeasure(source: m, section: m.section, due: Due(parsing: m.due, schoolYear: year)!,
                           factors: m.riskFactors.filter { chosen.contains($0) })
        }
        for i in measures.indices {
            try insertMeasure(exec, roadmapId: roadmapId, sectionIds: sectionIds, position: i + 1, &measures[i], at: created)
        }

        // Events of revision 1.
        func event(_ action: String, _ actor: Int64?, _ day: String, comment: String = "", revision: Int = 1,
                   time: String = "10:00") throws {
            try exec.run("INSERT INTO roadmapEvent (roadmapId, revision, action, comment, actorId, at) VALUES (?, ?, ?, ?, ?, ?)",
                         [roadmapId, revision, action, comment, actor, stamp(day, time)])
        }
        try event("created", director, created)
        let wasReturned = plan == .returned || (plan == nil && index % 4 == 1) || plan == .approvedReportReturned
        let returnComment = returnComments[index % returnComments.count]
        if plan != .draft {
            try event("submitted", director, submitted, time: "16:20")
            if wasReturned {
                try event("returned", reviewer, returned, comment: returnComment, time: "11:45")
                try comment(exec, schoolId: schoolId, municipalityId: municipalityId, kind: "roadmap", target: roadmapId,
                            author: reviewer, body: returnComment, at: stamp(returned, "11:45"),
                            reply: plan == .returned ? nil : (director, "Замечания учтены: сроки и ответственные уточнены, показатели добавлены.",
                                                              stamp(resubmitted, "09:30")))
                if plan != .returned { try event("submitted", director, resubmitted, time: "09:40") }
            }
        }
        let approvedRevision = plan == nil || [.approvedReportDraft, .approvedReportSubmitted, .approvedReportAccepted,
                                               .approvedReportReturned, .revisionTwo].contains(plan!)
        var snapshot: String? = nil
        if approvedRevision {
            try event("approved", reviewer, approved, time: "15:10")
            snapshot = try snapshotJSON(exec, measures, sectionIds: sectionIds)
        }
        try exec.run("""
            INSERT INTO roadmapRevision (roadmapId, number, startedAt, startedBy, approvedAt, approvedBy, snapshot)
            VALUES (?, 1, ?, ?, ?, ?, ?)
            """, [roadmapId, stamp(created), director, approvedRevision ? stamp(approved, "15:10") : nil,
                  approvedRevision ? reviewer : nil, snapshot])

        // A measure thread: the curator asks, the director answers (or not yet).
        if let first = measures.first, index % 3 == 0 || plan == .approvedReportDraft {
            let question = measureQuestions[index % measureQuestions.count]
            try comment(exec, schoolId: schoolId, municipalityId: municipalityId, kind: "measure", target: first.id,
                        author: reviewer, body: question, at: stamp(submitted, "18:05"),
                        reply: index % 6 == 3 ? nil : (director, measureAnswers[index % measureAnswers.count], stamp(returned, "08:50")))
        }

        // Reports.
        if year < context.running {
            // The last closed period keeps a few late reports; the periods before it are all accepted.
            let h2: String = year == context.running - 1 && index % 7 == 6 ? "late" : (index % 7 == 3 ? "acceptedAfterReturn" : "accepted")
            try insertReport(exec, context, roadmapId: roadmapId, schoolId: schoolId, municipalityId: municipalityId, year: year,
                             half: 1, state: index % 5 == 2 ? "acceptedAfterReturn" : "accepted", measures: measures,
                             periods: periods, reviewer: reviewer, index: index, rng: &rng)
            try insertReport(exec, context, roadmapId: roadmapId, schoolId: schoolId, municipalityId: municipalityId, year: year,
                             half: 2, state: h2, measures: measures, periods: periods, reviewer: reviewer, index: index, rng: &rng)
        } else if let plan {
            let state: String?
            switch plan {
            case .approvedReportDraft: state = "draft"
            case .approvedReportSubmitted: state = "submitted"
            case .approvedReportAccepted, .revisionTwo: state = "accepted"
            case .approvedReportReturned: state = "returned"
            default: state = nil
            }
            if let state {
                try insertReport(exec, context, roadmapId: roadmapId, schoolId: schoolId, municipalityId: municipalityId, year: year,
                                 half: 1, state: state, measures: measures, periods: periods, reviewer: reviewer, index: index, rng: &rng)
            }
        }

        // Revision 2 started by the director: one measure removed, one changed, one added in the working copy.
        if plan == .revisionTwo {
            let started = past("\(year + 1)-02-1\(rng.int(below: 8))")
            try event("revisionStarted", director, started, comment: "Корректировка по итогам I полугодия", revision: 2, time: "12:00")
            try exec.run("INSERT INTO roadmapRevision (roadmapId, number, startedAt, startedBy) VALUES (?, 2, ?, ?)",
                         [roadmapId, stamp(started, "12:00"), director])
            if measures.count > 3, let last = measures.last {
                try exec.run("DELETE FROM measure WHERE id = ?", [last.id])
                measures.removeLast()
            }
            let changed = measures[0]
            try exec.run("UPDATE measure SET responsible = ?, expectedResult = ?, updatedAt = ? WHERE id = ?",
                         [changed.source.responsible + ", куратор", changed.source.expectedResult + " (уточнено по итогам I полугодия)",
                          stamp(started, "12:20"), changed.id])
            let added = DemoMeasures.all.first { m in !measures.contains { $0.source == m } }!
            var extra = WorkingMeasure(source: added, section: added.section, due: Due(parsing: added.due, schoolYear: year)!,
                                       factors: added.riskFactors.filter { chosen.contains($0) })
            try insertMeasure(exec, roadmapId: roadmapId, sectionIds: sectionIds, position: measures.count + 1, &extra,
                              at: started)
        }
    }

    /// A municipal plan (roadmap without a school) from the plan of seed 002, approved by the coordinator.
    static func insertMunicipalPlan(_ exec: Executor, municipalityId: Int64, name: String, year: Int, day: DemoDay,
                                    coordinator: Int64?) throws {
        let created = day.past("\(year)-08-28")
        let approved = day.past("\(year)-09-01")
        try exec.run("""
            INSERT INTO roadmap (municipalityId, schoolId, schoolYear, title, status, revision, createdAt, updatedAt)
            VALUES (?, NULL, ?, ?, 'approved', 1, ?, ?)
            """, [municipalityId, year,
                  "План организационно-методического сопровождения школ с низкими образовательными результатами обучения на \(year)-\(year + 1) учебный год (\(name))",
                  stamp(created), stamp(approved)])
        let roadmapId = exec.lastId
        var sectionIds: [Int64] = []
        for (i, t) in DemoMeasures.sections.enumerated() {
            try exec.run("INSERT INTO roadmapSection (roadmapId, title, position) VALUES (?, ?, ?)", [roadmapId, t, i + 1])
            sectionIds.append(exec.lastId)
        }
        var measures = DemoMeasures.municipalPlan.map { m in
            WorkingMeasure(source: m, section: m.section, due: Due(parsing: m.due, schoolYear: year)!, factors: m.riskFactors)
        }
        for i in measures.indices {
            try insertMeasure(exec, roadmapId: roadmapId, sectionIds: sectionIds, position: i + 1, &measures[i], at: created)
        }
        let snapshot = try snapshotJSON(exec, measures, sectionIds: sectionIds)
        try exec.run("""
            INSERT INTO roadmapRevision (roadmapId, number, startedAt, startedBy, approvedAt, approvedBy, snapshot)
            VALUES (?, 1, ?, ?, ?, ?, ?)
            """, [roadmapId, stamp(created), coordinator, stamp(approved, "12:00"), coordinator, snapshot])
        for (action, day) in [("created", created), ("approved", approved)] {
            try exec.run("INSERT INTO roadmapEvent (roadmapId, revision, action, comment, actorId, at) VALUES (?, 1, ?, '', ?, ?)",
                         [roadmapId, action, coordinator, stamp(day, "12:00")])
        }
    }

    static func insertMeasure(_ exec: Executor, roadmapId: Int64, sectionIds: [Int64], position: Int,
                              _ m: inout WorkingMeasure, at day: String) throws {
        let s = m.source
        try exec.run("""
            INSERT INTO measure (roadmapId, sectionId, position, title, description, dueKind, dueFrom, dueTo, dueText,
                                 responsible, expectedResult, indicator, indicatorUnit, baseline, target, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [roadmapId, sectionIds[m.section], position, s.title, s.description, m.due.kind.rawValue, m.due.from, m.due.to,
                  m.due.text, s.responsible, s.expectedResult, s.indicator, s.indicatorUnit, s.baseline, s.target,
                  stamp(day), stamp(day)])
        m.id = exec.lastId
        for f in m.factors {
            try exec.run("INSERT INTO measureRiskFactor (measureId, riskFactorId) VALUES (?, ?)", [m.id, f])
        }
        for group in s.participants {
            try exec.run("INSERT INTO measureParticipant (measureId, participantGroup) VALUES (?, ?)", [m.id, group.rawValue])
        }
    }

    /// The approved revision as the roadmap pages read it back (`RoadmapSnapshot`, sections holding their measures).
    static func snapshotJSON(_ exec: Executor, _ measures: [WorkingMeasure], sectionIds: [Int64]) throws -> String {
        let titles = Dictionary(uniqueKeysWithValues: try Row.fetchAll(exec.db, sql: "SELECT id, title FROM riskFactor").map {
            (($0[0] as Int64), ($0[1] as String))
        })
        let items = measures.enumerated().map { i, m in
            let s = m.source
            return MeasureItem(id: m.id, sectionId: sectionIds[m.section], position: i + 1, title: s.title, description: s.description,
                               dueKind: m.due.kind.rawValue, dueFrom: m.due.from, dueTo: m.due.to, dueText: m.due.text,
                               responsible: s.responsible, expectedResult: s.expectedResult, indicator: s.indicator,
                               indicatorUnit: s.indicatorUnit, baseline: s.baseline, target: s.target,
                               riskFactorIds: m.factors, riskFactors: m.factors.compactMap { titles[$0] },
                               participantGroups: MeasureParticipant.allCases.filter(s.participants.contains))
        }
        let sections = sectionIds.enumerated().map { index, id in
            SectionItem(id: id, title: DemoMeasures.sections[index], position: index + 1, measures: items.filter { $0.sectionId == id })
        }
        return RoadmapSnapshot(sections: sections).json()
    }

    // MARK: - Reports

    /// `state`: draft, submitted, accepted, returned, acceptedAfterReturn, late (never submitted; the period has closed).
    static func insertReport(_ exec: Executor, _ context: Context, roadmapId: Int64, schoolId: Int64, municipalityId: Int64,
                             year: Int, half: Int, state: String, measures: [WorkingMeasure], periods: [String: Int64],
                             reviewer: Int64?, index: Int, rng: inout SplitMix64) throws {
        guard let periodId = periods["\(municipalityId)/\(year)/\(half)"] else { return }
        let director = context.directorOf[schoolId]
        let periodEnd = half == 1 ? "\(year)-12-31" : "\(year + 1)-08-31"
        var opened = half == 1 ? "\(year)-12-0\(2 + rng.int(below: 5))" : "\(year + 1)-05-1\(1 + rng.int(below: 5))"
        var submittedDay = half == 1 ? "\(year + 1)-01-1\(rng.int(below: 9))" : "\(year + 1)-06-1\(rng.int(below: 9))"
        var reviewDay = half == 1 ? "\(year + 1)-01-2\(2 + rng.int(below: 6))" : "\(year + 1)-06-2\(2 + rng.int(below: 6))"
        let resubmitDay = half == 1 ? "\(year + 1)-02-0\(1 + rng.int(below: 4))" : "\(year + 1)-07-0\(1 + rng.int(below: 4))"
        var finalDay = half == 1 ? "\(year + 1)-02-0\(6 + rng.int(below: 3))" : "\(year + 1)-07-0\(6 + rng.int(below: 3))"
        if year == context.running {
            // The open period: drafts from its first days, submissions and reviews between then and yesterday.
            let day = context.day
            opened = day.past(DemoDay.adding(rng.int(below: 3), to: context.runningOpened))
            let span = max(1, NotificationDays.between(opened, day.today) ?? 1)
            submittedDay = day.past(DemoDay.adding(1 + rng.int(below: span), to: opened))
            reviewDay = day.past(DemoDay.adding(rng.int(below: 3), to: submittedDay))
            finalDay = reviewDay
        }
        let isDraftLike = state == "draft" || state == "late"
        let status: String
        switch state {
        case "acceptedAfterReturn": status = "accepted"
        case "late": status = "draft"
        default: status = state
        }

        // Items.
        var done = 0
        var items: [[DatabaseValueConvertible?]] = []
        for (i, m) in measures.enumerated() {
            let pastDue = m.due.to.map { $0 <= periodEnd } ?? false
            var itemStatus: String
            var reason = ""
            var what = ""
            var evidence = ""
            var value = ""
            if isDraftLike && i >= measures.count / 2 {
                itemStatus = "notStarted"   // not filled in yet
            } else if m.due.kind == .standing {
                itemStatus = half == 2 ? "done" : "inProgress"
            } else if pastDue {
                let u = rng.unit()
                itemStatus = u < 0.82 ? "done" : (u < 0.92 ? "notStarted" : "cancelled")
            } else if let from = m.due.from, from <= periodEnd {
                itemStatus = "inProgress"
            } else {
                itemStatus = "notStarted"
            }
            if !(isDraftLike && i >= measures.count / 2) {
                switch itemStatus {
                case "done":
                    what = "Выполнено. \(m.source.expectedResult)."
                    evidence = "https://\(schoolId)-school.example.ru/500plus/\(year)/\(half)/\(i + 1)"
                    done += 1
                case "inProgress":
                    what = "Мероприятие выполняется по плану; промежуточные материалы рассмотрены на совещании при директоре."
                case "notStarted" where pastDue:
                    reason = notStartedReasons[(index + i) % notStartedReasons.count]
                case "cancelled":
                    reason = "Мероприятие заменено участием в городском семинаре по той же теме (решение управленческой команды)."
                default: break
                }
                if !m.source.indicator.isEmpty, itemStatus != "notStarted" {
                    value = indicatorValue(m.source, half: half, rng: &rng)
                }
            }
            items.append([m.id, m.source.title, itemStatus, reason, what, evidence, value])
        }
        let summary = isDraftLike && done == 0 ? "" :
            "За \(half == 1 ? "I" : "II") полугодие \(year)/\(year + 1) учебного года выполнено \(done) из \(measures.count) мероприятий дорожной карты. "
            + (half == 1 ? "Проведён анализ результатов оценочных процедур, скорректированы планы работы ШМО."
                         : "Проведён анализ исполнения плана; по итогам года планируется корректировка дорожной карты.")
        let selfAssessment = isDraftLike ? "" : selfAssessments[(index + half) % selfAssessments.count]
        let submittedAt: String? = ["submitted", "accepted", "returned", "acceptedAfterReturn"].contains(state)
            ? stamp(state == "acceptedAfterReturn" ? resubmitDay : submittedDay, "17:30") : nil
        try exec.run("""
            INSERT INTO report (roadmapId, periodId, status, summary, selfAssessment, submittedAt, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [roadmapId, periodId, status, summary, selfAssessment, submittedAt, stamp(opened), stamp(submittedAt == nil ? opened : finalDay)])
        let reportId = exec.lastId
        for item in items {
            try exec.run("""
                INSERT INTO reportItem (reportId, measureId, measureTitle, status, reason, whatWasDone, evidenceUrl, indicatorValue)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, StatementArguments([reportId as DatabaseValueConvertible?] + item))
        }
        func event(_ action: String, _ actor: Int64?, _ at: String, comment: String = "") throws {
            try exec.run("INSERT INTO reportEvent (reportId, action, comment, actorId, at) VALUES (?, ?, ?, ?, ?)",
                         [reportId, action, comment, actor, at])
        }
        try event("created", director, stamp(opened, "09:15"))
        guard !isDraftLike else { return }
        try event("submitted", director, stamp(submittedDay, "17:30"))
        let returnComment = reportReturnComments[index % reportReturnComments.count]
        switch state {
        case "accepted":
            try event("accepted", reviewer, stamp(reviewDay, "14:00"))
        case "returned", "acceptedAfterReturn":
            try event("returned", reviewer, stamp(reviewDay, "14:00"), comment: returnComment)
            let answered = state == "acceptedAfterReturn"
            try comment(exec, schoolId: schoolId, municipalityId: municipalityId, kind: "report", target: reportId,
                        author: reviewer, body: returnComment, at: stamp(reviewDay, "14:00"),
                        reply: answered ? (director, "Отчёт дополнен: добавлены ссылки на протоколы и причины невыполнения.",
                                           stamp(resubmitDay, "17:00")) : nil)
            if answered {
                try event("submitted", director, stamp(resubmitDay, "17:30"))
                try event("accepted", reviewer, stamp(finalDay, "11:00"))
            }
        default:
            // Submitted and awaiting review; now and then with an unanswered question.
            if index % 2 == 1 {
                try comment(exec, schoolId: schoolId, municipalityId: municipalityId, kind: "report", target: reportId,
                            author: reviewer, body: "Уточните, пожалуйста, какие материалы подтверждают выполнение мероприятий по повышению квалификации.",
                            at: stamp(reviewDay, "10:20"), reply: nil)
            }
        }
    }

    static func indicatorValue(_ m: DemoMeasure, half: Int, rng: inout SplitMix64) -> String {
        guard let base = Int(m.baseline), let target = Int(m.target) else { return m.target }
        let share = half == 1 ? 0.3 + 0.3 * rng.unit() : 0.7 + 0.4 * rng.unit()
        return String(base + Int((Double(target - base) * share).rounded()))
    }

    // MARK: - Comments

    static func comment(_ exec: Executor, schoolId: Int64, municipalityId: Int64, kind: String, target: Int64,
                        author: Int64?, body: String, at: String, reply: (Int64?, String, String)?) throws {
        try exec.run("""
            INSERT INTO comment (schoolId, municipalityId, targetKind, targetId, parentId, authorId, body, createdAt)
            VALUES (?, ?, ?, ?, NULL, ?, ?, ?)
            """, [schoolId, municipalityId, kind, target, author, body, at])
        let parent = exec.lastId
        if let (replyAuthor, replyBody, replyAt) = reply {
            try exec.run("""
                INSERT INTO comment (schoolId, municipalityId, targetKind, targetId, parentId, authorId, body, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [schoolId, municipalityId, kind, target, parent, replyAuthor, replyBody, replyAt])
        }
    }

    static let returnComments = [
        "Для мероприятий раздела «Повышение квалификации» укажите конкретные сроки и ответственных; добавьте показатель по доле педагогов, прошедших курсы.",
        "Мероприятия не связаны с выбранными факторами риска «Высокая доля обучающихся с рисками учебной неуспешности». Дополните раздел организационного обеспечения.",
        "Уточните ожидаемые результаты: сейчас они повторяют название мероприятий. Сроки «в течение года» замените месяцами там, где это возможно.",
    ]
    static let measureQuestions = [
        "Какие именно предметы войдут в выборочную перепроверку? Предлагаю начать с математики и русского языка.",
        "Кто из педагогов школы-партнёра будет наставником? Укажите, пожалуйста, в описании.",
        "Достижим ли целевой показатель к концу года? Базовое значение низкое.",
    ]
    static let measureAnswers = [
        "Да, математика и русский язык в 5–8 классах; добавили в описание.",
        "Наставники определены приказом по школе; список внесём после совещания с партнёрами.",
        "Показатель скорректируем по итогам I полугодия.",
    ]
    static let reportReturnComments = [
        "Не указаны причины невыполнения мероприятий, срок которых прошёл. Дополните отчёт и приложите ссылки на подтверждающие материалы.",
        "По мероприятиям со статусом «выполнено» нет ссылок на материалы. Прошу дополнить.",
    ]
    static let notStartedReasons = [
        "Перенесено на II полугодие в связи с отсутствием педагога (длительный больничный).",
        "Не проведено: совпало со сроками региональных оценочных процедур; перенесено приказом директора.",
    ]
    static let selfAssessments = [
        "План выполняется в основном в установленные сроки; основные трудности — кадровый дефицит по математике.",
        "Мероприятия выполнены частично; удалось наладить работу ШМО с результатами оценочных процедур.",
        "Выполнение плана удовлетворительное; требуется усилить работу с родителями.",
    ]

    /// A timestamp as GRDB stores dates (UTC).
    static func stamp(_ day: String, _ time: String = "10:00") -> String { "\(day) \(time):00.000" }
}

/// Prepared (cached) statements for the demo inserts.
struct Executor {
    let db: Database
    init(_ db: Database) { self.db = db }
    func run(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }
    var lastId: Int64 { db.lastInsertedRowID }
}
