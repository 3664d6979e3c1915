import Foundation
import GRDB

/// Makes the summary report of a municipality over a range of school years, in one read transaction.
///
/// Definitions (also printed in the report where a reader needs them):
/// - The programme of school year Y: the municipality's schools on the ШНОР list (flag lowResults) or
///   participants of «500+» (programmeParticipant) in Y.
/// - Identified for Y: the rule of the region's settings over the results of Y−1 and Y−2 (`Identification`).
/// - Exit after Y: on the ШНОР list in Y and not in Y+1, once the list of Y+1 is formed (a lowResults
///   change is recorded for some school of the municipality in Y+1).
/// - Dynamics: results of the analysed procedures from the year before the range to its last year; the
///   programme's schools are those of any year of the range (one cohort, so the years compare).
public struct SummaryReports: Sendable {
    public let database: AppDatabase
    public static let maximumYears = 10
    public init(database: AppDatabase) { self.database = database }

    /// Checks a requested range: both years given, `from` not after `to`, at most ten years.
    public static func validate(from: SchoolYear?, to: SchoolYear?) -> [FieldError] {
        var errors: [FieldError] = []
        if from == nil { errors.append(FieldError("from", "Выберите первый учебный год")) }
        if to == nil { errors.append(FieldError("to", "Выберите последний учебный год")) }
        if let from, let to {
            if from > to {
                errors.append(FieldError("to", "Последний учебный год не может быть раньше первого"))
            } else if to.start - from.start + 1 > maximumYears {
                errors.append(FieldError("to", "Справка составляется не более чем за \(maximumYears) учебных лет"))
            }
        }
        return errors
    }

    /// Municipalities whose report the scope may read, by name (for the form).
    public func municipalities(_ scope: Scope) throws -> [(id: Int64, name: String)] {
        try Policy.requireSummaryForm(scope)
        return try database.read { db in
            try SQLRequest<Row>(literal: """
                SELECT id, name FROM municipality WHERE archivedAt IS NULL AND \(Policy.visibleMunicipalities(scope)) ORDER BY name
                """).fetchAll(db).map { (id: $0["id"], name: $0["name"]) }
        }
    }

    /// School years the form offers: from the first year with results or statuses to the current one.
    public func availableYears(_ scope: Scope) throws -> [SchoolYear] {
        try Policy.requireSummaryForm(scope)
        let current = SchoolYear.containing(database.now)
        let first = try database.read { db in
            try Int.fetchOne(db, cachedSQL: """
                SELECT MIN(y) FROM (SELECT MIN(schoolYear) AS y FROM result UNION ALL SELECT MIN(schoolYear) FROM schoolStatus)
                """)
        } ?? current.start
        return (min(first, current.start)...current.start).map(SchoolYear.init)
    }

    /// The range shown when none is asked for: the last two school years with the ШНОР list of the
    /// municipality, else the two years before the current one.
    public func defaultRange(_ scope: Scope, municipalityId: Int64) throws -> (from: SchoolYear, to: SchoolYear) {
        try Policy.requireReadSummary(scope, municipalityId: municipalityId)
        let last = try database.read { db in
            try Int.fetchOne(db, cachedSQL: """
                SELECT MAX(ss.schoolYear) FROM schoolStatus ss JOIN school ON school.id = ss.schoolId
                WHERE school.municipalityId = ? AND ss.flag IN ('lowResults', 'programmeParticipant')
                """, arguments: [municipalityId])
        } ?? (SchoolYear.containing(database.now).start - 1)
        return (SchoolYear(last - 1), SchoolYear(last))
    }

    public func make(_ scope: Scope, municipalityId: Int64, from: SchoolYear, to: SchoolYear) throws -> SummaryReport {
        try Policy.requireReadSummary(scope, municipalityId: municipalityId)
        let errors = Self.validate(from: from, to: to)
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        let now = database.now
        return try database.read { db in
            guard let name = try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [municipalityId]) else {
                throw DomainError.notFound
            }
            var builder = try SummaryBuilder(db, scope: scope, municipalityId: municipalityId, from: from, to: to, now: now)
            return try builder.build(municipalityName: name)
        }
    }
}

/// The queries and the arithmetic of one report.
struct SummaryBuilder {
    let db: Database
    let scope: Scope
    let municipalityId: Int64
    let from: SchoolYear
    let to: SchoolYear
    let now: Date
    let years: [SchoolYear]
    let schools: [Int64: SummarySchool]
    /// (school, year) pairs of the programme; the ШНОР list per year.
    var programme: [SchoolYear: Set<Int64>] = [:]
    var listed: [SchoolYear: Set<Int64>] = [:]
    var conclusions: [String] = []

    init(_ db: Database, scope: Scope, municipalityId: Int64, from: SchoolYear, to: SchoolYear, now: Date) throws {
        self.db = db; self.scope = scope; self.municipalityId = municipalityId; self.from = from; self.to = to; self.now = now
        years = (from.start...to.start).map(SchoolYear.init)
        var schools: [Int64: SummarySchool] = [:]
        for row in try Row.fetchAll(db, cachedSQL: "SELECT id, name, shortName FROM school WHERE municipalityId = ?", arguments: [municipalityId]) {
            let id: Int64 = row["id"]
            schools[id] = SummarySchool(id: id, name: row["name"], shortName: row["shortName"])
        }
        self.schools = schools
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT ss.schoolId, ss.schoolYear, ss.flag FROM schoolStatus ss JOIN school ON school.id = ss.schoolId
            WHERE school.municipalityId = ? AND ss.schoolYear BETWEEN ? AND ? AND ss.flag IN ('lowResults', 'programmeParticipant')
            """, arguments: [municipalityId, from.start, to.start + 1]) {
            let year = SchoolYear(row[1] as Int)
            let id: Int64 = row[0]
            let flag: String = row[2]
            if year <= to { programme[year, default: []].insert(id) }
            if flag == "lowResults" { listed[year, default: []].insert(id) }
        }
    }

    func sorted(_ ids: some Sequence<Int64>) -> [SummarySchool] {
        ids.compactMap { schools[$0] }.sorted { (NaturalSortKey($0.shortName), $0.id) < (NaturalSortKey($1.shortName), $1.id) }
    }

    func names(_ list: [SummarySchool]) -> String { list.map(\.shortName).joined(separator: ", ") }

    var allProgramme: [SummarySchool] { sorted(programme.values.reduce(into: Set<Int64>()) { $0.formUnion($1) }) }

    mutating func build(municipalityName: String) throws -> SummaryReport {
        let (identification, identified) = try identificationSection()
        let dynamics = try dynamicsSection()
        let support = try supportSection()
        let events = try eventsSection()
        let staff = try staffSection()
        let (exitSection, exits) = try exitsSection()
        let decisions = try decisionsSection()
        var listedByYear: [SchoolYear: [SummarySchool]] = [:]
        for y in years { listedByYear[y] = sorted(listed[y] ?? []) }
        return SummaryReport(
            municipalityId: municipalityId, municipalityName: municipalityName, from: from, to: to, generatedAt: now,
            sections: [identification, dynamics, support, events, staff, exitSection, decisions],
            conclusions: conclusions, programmeSchools: allProgramme, listedByYear: listedByYear,
            identifiedByYear: identified, exitsByYear: exits)
    }

    // MARK: 1. Identification

    mutating func identificationSection() throws -> (SummarySection, [SchoolYear: [SummarySchool]]) {
        let settings = try IdentificationSettings.current(db)
        let procedures = try Procedures.all(db).filter { settings.procedureIds.contains($0.id ?? -1) }
        var paragraphs = [
            "Под «низкими результатами» понимаются результаты оценочной процедуры, при которых не менее \(SummaryText.threshold(settings.lowShareBasisPoints)) от общего числа участников получили отметку «2» (ВПР) или не преодолели минимальный порог (ОГЭ, ЕГЭ).",
            "Идентификация общеобразовательных организаций осуществлялась на основе следующих критериев:",
        ]
        var criteria: [String] = []
        if settings.ruleTwoInLastYear {
            criteria.append("ОО, в которых не менее чем по двум оценочным процедурам в предыдущем учебном году были зафиксированы низкие результаты.")
        }
        if settings.ruleConsecutiveYears {
            criteria.append("ОО, в которых хотя бы по одной оценочной процедуре в каждом из двух предыдущих учебных годов были зафиксированы низкие результаты.")
        }
        for (i, c) in criteria.enumerated() { paragraphs.append("\(i + 1). \(c)") }
        paragraphs.append("Анализ проводился по результатам следующих процедур: " + procedures.map(\.title).joined(separator: "; ") + ".")

        var rows: [[SummaryCell]] = []
        var counts: [[SummaryCell]] = []
        var identifiedByYear: [SchoolYear: [SummarySchool]] = [:]
        let reasons = try statusReasons()
        var missing: [String] = []
        for year in years {
            let report = try IdentificationService.identify(db, scope, year: year, municipalityId: municipalityId, settings: settings)
            let identified = report.items.filter(\.identified)
            identifiedByYear[year] = sorted(identified.map(\.schoolId))
            let byId = Dictionary(uniqueKeysWithValues: identified.map { ($0.schoolId, $0) })
            let onList = listed[year] ?? []
            for school in sorted(Set(byId.keys).union(onList)) {
                if let item = byId[school.id] {
                    rows.append([.text(year.title), .text(school.name), .text(item.evaluation.rules.map(\.title).joined(separator: "; ")),
                                 .text(item.evaluation.reasons.map(\.text).joined(separator: "; ")),
                                 .text(onList.contains(school.id) ? "да" : "нет")])
                } else {
                    rows.append([.text(year.title), .text(school.name), .text("включена в перечень без выполнения критериев по данным Опоры"),
                                 .text(reasons["\(school.id)/\(year.start)"] ?? ""), .text("да")])
                }
            }
            counts.append([.text(year.title), .count(identified.count), .count(onList.count), .count((programme[year] ?? []).count),
                           .count(report.schoolsWithData), .count(report.schoolsWithoutData)])
            if report.schoolsWithoutData > 0 {
                missing.append("на \(year.title) — по данным \(SummaryText.schoolsGenitive(report.schoolsWithData)); нет данных за \(report.dataYear.title) по \(SummaryText.schoolsDative(report.schoolsWithoutData))")
            }
        }
        if !missing.isEmpty {
            paragraphs.append("Выявление проводилось только по школам с результатами анализируемых процедур за предыдущий учебный год: " + missing.joined(separator: "; ") + ". Школы без результатов не выявлены и не исключены: их выявление не проведено.")
        }
        let tables = [
            SummaryTable(id: "summary-identification-counts", title: "Выявление и перечень ШНОР по учебным годам",
                         columns: [SummaryColumn("Учебный год"), SummaryColumn("Выявлено по критериям", numeric: true),
                                   SummaryColumn("В перечне ШНОР", numeric: true), SummaryColumn("Школ в программе (ШНОР, «500+»)", numeric: true),
                                   SummaryColumn("Школ с результатами за предыдущий год", numeric: true),
                                   SummaryColumn("Нет данных за предыдущий год", numeric: true)],
                         rows: counts, emptyText: "Нет данных"),
            SummaryTable(id: "summary-identification", title: "Школы, выявленные по критериям и включённые в перечень ШНОР",
                         columns: [SummaryColumn("Учебный год"), SummaryColumn("Школа"), SummaryColumn("Сработавший критерий"),
                                   SummaryColumn("Основания"), SummaryColumn("В перечне ШНОР")],
                         rows: rows, emptyText: "За эти учебные годы школ с низкими образовательными результатами не выявлено"),
        ]
        let all = allProgramme
        if all.isEmpty {
            paragraphs.append("В \(from == to ? "учебном году" : "учебных годах") \(rangeTitle) школ в перечне ШНОР и участников проекта «500+» не было.")
        } else {
            paragraphs.append("В \(rangeTitle) в программе поддержки (перечень ШНОР, участники проекта «500+») — \(SummaryText.schools(all.count)): \(names(all)).")
        }
        return (SummarySection(number: 1, title: "Идентификация школ с низкими образовательными результатами", sheetName: "1 Идентификация",
                               paragraphs: paragraphs, tables: tables, charts: []), identifiedByYear)
    }

    /// The reason recorded with each lowResults status («school/year» → reason).
    func statusReasons() throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT c.schoolId, c.schoolYear, c.reason FROM schoolStatusChange c JOIN school ON school.id = c.schoolId
            WHERE school.municipalityId = ? AND c.flag = 'lowResults' AND c.isSet = 1 AND c.schoolYear BETWEEN ? AND ?
            ORDER BY c.id
            """, arguments: [municipalityId, from.start, to.start]) {
            let id: Int64 = row[0]; let year: Int = row[1]
            out["\(id)/\(year)"] = row[2]
        }
        return out
    }

    var rangeTitle: String { from == to ? from.title : "\(from.title)–\(to.title)" }

    // MARK: 2. Dynamics

    mutating func dynamicsSection() throws -> SummarySection {
        let settings = try IdentificationSettings.current(db)
        let cohort = Set(allProgramme.map(\.id))
        let resultYears = ((from.start - 1)...to.start).map(SchoolYear.init)
        let ids = Array(settings.procedureIds)
        let bp = settings.lowShareBasisPoints
        // Sums per year, family and «in the programme»: participants, pupils with a low mark, low results.
        struct Sum { var participants = 0; var low = 0; var lowResults = 0; var results = 0; var schools = 0 }
        var sums: [String: Sum] = [:]
        let rows = try SQLRequest<Row>(literal: """
            SELECT r.schoolYear, p.family, COALESCE(r.schoolId IN \(Array(cohort)), 0) AS inProgramme,
                   SUM(r.participants), SUM(CASE p.lowRule WHEN 'markTwo' THEN r.mark2 ELSE r.belowMinimum END),
                   SUM((CASE p.lowRule WHEN 'markTwo' THEN r.mark2 ELSE r.belowMinimum END) * 10000 >= \(bp) * r.participants),
                   COUNT(*), COUNT(DISTINCT r.schoolId)
            FROM result r JOIN procedure p ON p.id = r.procedureId JOIN school ON school.id = r.schoolId
            WHERE school.municipalityId = \(municipalityId) AND r.schoolYear BETWEEN \(resultYears[0].start) AND \(to.start)
              AND r.procedureId IN \(ids) AND r.participants > 0
              AND (CASE p.lowRule WHEN 'markTwo' THEN r.mark2 ELSE r.belowMinimum END) IS NOT NULL
            GROUP BY r.schoolYear, p.family, inProgramme
            """).fetchAll(db)
        for row in rows {
            let year: Int = row[0], family: String = row[1], inProgramme: Bool = row[2]
            let s = Sum(participants: row[3], low: row[4], lowResults: row[5], results: row[6], schools: row[7])
            for key in ["\(year)/\(family)/\(inProgramme ? "p" : "o")", "\(year)/\(family)/m"] {
                var t = sums[key] ?? Sum()
                t.participants += s.participants; t.low += s.low; t.lowResults += s.lowResults; t.results += s.results
                t.schools += s.schools
                sums[key] = t
            }
        }
        let families: [ProcedureFamily] = [.vpr, .oge, .ege]
        var table: [[SummaryCell]] = []
        for year in resultYears {
            for family in families {
                let p = sums["\(year.start)/\(family.rawValue)/p"], m = sums["\(year.start)/\(family.rawValue)/m"]
                if p == nil && m == nil { continue }
                func share(_ s: Sum?) -> SummaryCell { s.map { .share(SummaryShare($0.low, of: $0.participants)) } ?? .none }
                func count(_ s: Sum?) -> SummaryCell { s.map { .count($0.participants) } ?? .none }
                table.append([.text(year.title), .text(family.title), count(p), share(p), .count(p?.lowResults ?? 0), count(m), share(m),
                              .count(m?.lowResults ?? 0)])
            }
        }
        // Low results per school of the programme and year.
        var perSchool: [String: Int] = [:]
        for row in try SQLRequest<Row>(literal: """
            SELECT r.schoolId, r.schoolYear, COUNT(*) FROM result r JOIN procedure p ON p.id = r.procedureId
            WHERE r.schoolId IN \(Array(cohort)) AND r.schoolYear BETWEEN \(resultYears[0].start) AND \(to.start)
              AND r.procedureId IN \(ids) AND r.participants > 0
              AND (CASE p.lowRule WHEN 'markTwo' THEN r.mark2 ELSE r.belowMinimum END) * 10000 >= \(bp) * r.participants
            GROUP BY r.schoolId, r.schoolYear
            """).fetchAll(db) {
            let id: Int64 = row[0]; let year: Int = row[1]
            perSchool["\(id)/\(year)"] = row[2]
        }
        let hasResults = Set(try SQLRequest<String>(literal: """
            SELECT DISTINCT r.schoolId || '/' || r.schoolYear FROM result r
            WHERE r.schoolId IN \(Array(cohort)) AND r.schoolYear BETWEEN \(resultYears[0].start) AND \(to.start) AND r.procedureId IN \(ids)
            """).fetchAll(db))
        let schoolRows: [[SummaryCell]] = allProgramme.map { school in
            [.text(school.name)] + resultYears.map { y in
                let key = "\(school.id)/\(y.start)"
                return hasResults.contains(key) ? .count(perSchool[key] ?? 0) : .none
            }
        }
        let threshold = SummaryText.threshold(bp)
        func series(_ family: ProcedureFamily, _ group: String, _ name: String) -> SummaryChart.Series {
            SummaryChart.Series(name: name, values: resultYears.map { y in
                sums["\(y.start)/\(family.rawValue)/\(group)"].flatMap { SummaryShare($0.low, of: $0.participants).percent }
            })
        }
        let chart = SummaryChart(
            id: "summary-dynamics-chart", title: "Доля низких результатов по годам: школы программы и муниципалитет",
            description: "Линейный график: по горизонтали учебные годы, по вертикали доля участников с отметкой «2» (ВПР) и не преодолевших минимальный порог (ОГЭ) в школах программы и во всех школах муниципалитета, с порогом низкого результата \(threshold). Те же данные — в таблице под графиком.",
            categories: resultYears.map(\.title),
            series: [series(.vpr, "p", "ВПР «2»: школы программы"), series(.vpr, "m", "ВПР «2»: муниципалитет"),
                     series(.oge, "p", "ОГЭ ниже порога: школы программы"), series(.oge, "m", "ОГЭ ниже порога: муниципалитет")],
            valueLabel: "Доля участников, %", threshold: Double(bp) / 100)

        var paragraphs = ["Результаты анализируемых оценочных процедур за \(resultYears.first!.title)–\(to.title): доля участников с отметкой «2» (ВПР) или не преодолевших минимальный порог (ОГЭ, ЕГЭ) в школах программы (\(SummaryText.schools(cohort.count)) \(rangeTitle)) и во всех школах муниципалитета."]
        // Every share says over how many schools and pupils it is computed: results of only some schools are not the municipality's.
        let municipalSchools = try Int.fetchOne(db, cachedSQL: "SELECT COUNT(*) FROM school WHERE municipalityId = ? AND archivedAt IS NULL",
                                                arguments: [municipalityId]) ?? 0
        func basis(_ s: Sum, of total: Int, _ what: String) -> String {
            "по данным \(s.schools) из \(SummaryText.schoolsGenitive(total)) \(what), \(SummaryText.participants(s.participants))"
        }
        if let first = sums["\(resultYears.first!.start)/vpr/p"], let last = sums["\(to.start)/vpr/p"] {
            let a = SummaryShare(first.low, of: first.participants), b = SummaryShare(last.low, of: last.participants)
            let sentence = "Доля «2» по ВПР в школах программы: \(a.text) в \(resultYears.first!.title) (\(basis(first, of: cohort.count, "программы"))), \(b.text) в \(to.title) (\(basis(last, of: cohort.count, "программы")))."
            paragraphs.append(sentence)
            conclusions.append(sentence)
        }
        if let m = sums["\(to.start)/vpr/m"] {
            let sentence = "Доля «2» по ВПР по муниципалитету в \(to.title): \(SummaryShare(m.low, of: m.participants).text) (\(basis(m, of: municipalSchools, "муниципалитета")))."
            paragraphs.append(sentence)
            conclusions.append(sentence)
        }
        if let first = sums["\(resultYears.first!.start)/oge/p"], let last = sums["\(to.start)/oge/p"] {
            let sentence = "Доля не преодолевших минимальный порог ОГЭ в школах программы: \(SummaryShare(first.low, of: first.participants).text) в \(resultYears.first!.title) (\(basis(first, of: cohort.count, "программы"))), \(SummaryShare(last.low, of: last.participants).text) в \(to.title) (\(basis(last, of: cohort.count, "программы")))."
            paragraphs.append(sentence)
        }
        let lowFirst = allProgramme.reduce(0) { $0 + (perSchool["\($1.id)/\(resultYears.first!.start)"] ?? 0) }
        let lowLast = allProgramme.reduce(0) { $0 + (perSchool["\($1.id)/\(to.start)"] ?? 0) }
        if !cohort.isEmpty {
            let sentence = "Число низких результатов школ программы по анализируемым процедурам: \(lowFirst) в \(resultYears.first!.title), \(lowLast) в \(to.title)."
            paragraphs.append(sentence)
            conclusions.append(sentence)
        }
        let tables = [
            SummaryTable(id: "summary-dynamics", title: "Доля низких результатов: школы программы и муниципалитет",
                         columns: [SummaryColumn("Учебный год"), SummaryColumn("Процедура"),
                                   SummaryColumn("Школы программы: участников", numeric: true), SummaryColumn("Школы программы: доля «2» / ниже порога", numeric: true),
                                   SummaryColumn("Школы программы: низких результатов", numeric: true),
                                   SummaryColumn("Муниципалитет: участников", numeric: true), SummaryColumn("Муниципалитет: доля «2» / ниже порога", numeric: true),
                                   SummaryColumn("Муниципалитет: низких результатов", numeric: true)],
                         rows: table, emptyText: "Результатов анализируемых процедур за эти годы нет"),
            SummaryTable(id: "summary-dynamics-schools", title: "Число низких результатов по школам программы",
                         columns: [SummaryColumn("Школа")] + resultYears.map { SummaryColumn($0.title, numeric: true) },
                         rows: schoolRows, emptyText: "Школ в программе нет"),
        ]
        return SummarySection(number: 2, title: "Динамика образовательных результатов", sheetName: "2 Динамика результатов",
                              paragraphs: paragraphs, tables: tables, charts: table.isEmpty ? [] : [chart])
    }

    // MARK: 3. Support measures

    mutating func supportSection() throws -> SummarySection {
        struct Roadmap { var status: RoadmapStatus; var measures: Int }
        var roadmaps: [String: Roadmap] = [:]
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT r.schoolId, r.schoolYear, r.status, (SELECT COUNT(*) FROM measure m WHERE m.roadmapId = r.id)
            FROM roadmap r WHERE r.municipalityId = ? AND r.schoolId IS NOT NULL AND r.schoolYear BETWEEN ? AND ?
            """, arguments: [municipalityId, from.start, to.start]) {
            let id: Int64 = row[0]; let year: Int = row[1]
            roadmaps["\(id)/\(year)"] = Roadmap(status: RoadmapStatus(rawValue: row[2]) ?? .draft, measures: row[3])
        }
        // Reports: the accepted count, and the figures of the latest submitted or accepted report of the year.
        struct Reports { var accepted = 0; var latestHalf = 0; var done = 0; var total = 0 }
        var reports: [String: Reports] = [:]
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT r.schoolId, r.schoolYear, p.half, rep.status,
                   (SELECT COUNT(*) FROM reportItem i WHERE i.reportId = rep.id AND i.status = 'done'),
                   (SELECT COUNT(*) FROM reportItem i WHERE i.reportId = rep.id AND i.status <> 'cancelled')
            FROM report rep JOIN roadmap r ON r.id = rep.roadmapId JOIN reportPeriod p ON p.id = rep.periodId
            WHERE r.municipalityId = ? AND r.schoolId IS NOT NULL AND r.schoolYear BETWEEN ? AND ?
            """, arguments: [municipalityId, from.start, to.start]) {
            let id: Int64 = row[0], year: Int = row[1], half: Int = row[2], status: String = row[3]
            var r = reports["\(id)/\(year)"] ?? Reports()
            if status == "accepted" { r.accepted += 1 }
            if (status == "accepted" || status == "submitted") && half > r.latestHalf {
                r.latestHalf = half; r.done = row[4]; r.total = row[5]
            }
            reports["\(id)/\(year)"] = r
        }
        var periods: [Int: Int] = [:]
        for row in try Row.fetchAll(db, cachedSQL: "SELECT schoolYear, COUNT(*) FROM reportPeriod WHERE municipalityId = ? GROUP BY schoolYear",
                                    arguments: [municipalityId]) {
            periods[row[0]] = row[1]
        }
        var rows: [[SummaryCell]] = []
        var planned = 0, done = 0, doneOf = 0, accepted = 0, approved = 0, pairs = 0
        for year in years {
            for school in sorted(programme[year] ?? []) {
                pairs += 1
                let key = "\(school.id)/\(year.start)"
                let roadmap = roadmaps[key]
                let r = reports[key] ?? Reports()
                if let roadmap { planned += roadmap.measures; if roadmap.status == .approved { approved += 1 } }
                accepted += r.accepted
                let hasFigures = r.latestHalf > 0
                if hasFigures { done += r.done; doneOf += r.total }
                rows.append([.text(year.title), .text(school.name), .text(roadmap?.status.title ?? "нет"),
                             roadmap.map { .count($0.measures) } ?? .none,
                             hasFigures ? .count(r.done) : .none, hasFigures ? .share(SummaryShare(r.done, of: r.total)) : .none,
                             .count(r.accepted), .count(periods[year.start] ?? 0)])
            }
        }
        var paragraphs: [String] = []
        if pairs > 0 {
            paragraphs.append("Дорожные карты утверждены у \(approved) из \(pairs) школ программы (по учебным годам); в них запланировано \(SummaryText.measures(planned)).")
            if doneOf > 0 {
                let s = SummaryShare(done, of: doneOf)
                let sentence = "По последним сданным отчётам выполнено \(done) из \(doneOf) мероприятий дорожных карт (\(s.text)); принято \(SummaryText.reports(accepted)) о реализации."
                paragraphs.append(sentence)
                conclusions.append(sentence)
            } else {
                paragraphs.append("Сданных отчётов о реализации дорожных карт нет.")
            }
        }
        let table = SummaryTable(
            id: "summary-support", title: "Меры поддержки: дорожные карты и отчёты школ программы",
            columns: [SummaryColumn("Учебный год"), SummaryColumn("Школа"), SummaryColumn("Дорожная карта"),
                      SummaryColumn("Мероприятий запланировано", numeric: true), SummaryColumn("Выполнено (последний отчёт)", numeric: true),
                      SummaryColumn("Доля выполненных", numeric: true), SummaryColumn("Отчётов принято", numeric: true),
                      SummaryColumn("Отчётных периодов", numeric: true)],
            rows: rows, emptyText: "Школ в программе нет — мер поддержки не планировалось")
        let visits = try visitsTable(&paragraphs)
        return SummarySection(number: 3, title: "Меры поддержки", sheetName: "3 Меры поддержки",
                              paragraphs: paragraphs, tables: [table, visits], charts: [])
    }

    /// Curators' visits per school in the period (Кировский plan, item 9): the programme's schools and any other
    /// school visited.
    mutating func visitsTable(_ paragraphs: inout [String]) throws -> SummaryTable {
        struct Visits { var count = 0; var last = ""; var curators: [String] = [] }
        var bySchool: [Int64: Visits] = [:]
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT v.schoolId, v.visitedOn, u.fullName FROM curatorVisit v JOIN school s ON s.id = v.schoolId
            LEFT JOIN user u ON u.id = v.curatorId
            WHERE s.municipalityId = ? AND v.schoolYear BETWEEN ? AND ? ORDER BY v.visitedOn, v.id
            """, arguments: [municipalityId, from.start, to.start]) {
            var v = bySchool[row["schoolId"]] ?? Visits()
            v.count += 1
            v.last = row["visitedOn"]
            if let name: String = row["fullName"], !v.curators.contains(name) { v.curators.append(name) }
            bySchool[row["schoolId"]] = v
        }
        let programmeIds = Set(allProgramme.map(\.id))
        let rows: [[SummaryCell]] = sorted(programmeIds.union(bySchool.keys)).map { school in
            let v = bySchool[school.id] ?? Visits()
            return [.text(school.name), .text(programmeIds.contains(school.id) ? "да" : "нет"), .count(v.count),
                    v.count > 0 ? .text(RussianDay.format(v.last)) : .none, .text(v.curators.joined(separator: ", "))]
        }
        let total = bySchool.values.reduce(0) { $0 + $1.count }
        if total > 0 {
            let visited = programmeIds.filter { bySchool[$0] != nil }.count
            paragraphs.append("Кураторы и специалисты совершили \(SummaryText.visits(total)) в школы; выезжали в \(visited) из \(programmeIds.count) школ программы.")
        }
        return SummaryTable(
            id: "summary-visits", title: "Выезды кураторов в школы",
            columns: [SummaryColumn("Школа"), SummaryColumn("В программе"), SummaryColumn("Выездов", numeric: true),
                      SummaryColumn("Последний выезд"), SummaryColumn("Кураторы", personal: true)],
            rows: rows, emptyText: "Выездов в школы не записано")
    }

    // MARK: 4. Events

    mutating func eventsSection() throws -> SummarySection {
        let allIds = Set(allProgramme.map(\.id))
        var rows: [[SummaryCell]] = []
        var reached = Set<Int64>()
        var perYear: [Int: Int] = [:]
        var people = 0
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT e.id, e.heldOn, e.schoolYear, e.format, e.title, e.organisers, e.outcomes, h.shortName AS host,
                   (SELECT group_concat(es.schoolId) FROM municipalEventSchool es WHERE es.eventId = e.id) AS participants,
                   (SELECT group_concat(g.title || CASE WHEN g.headCount IS NULL THEN '' ELSE ' — ' || g.headCount END, '; ')
                    FROM (SELECT * FROM municipalEventGroup WHERE eventId = e.id ORDER BY position, id) g) AS groups,
                   (SELECT SUM(g.headCount) FROM municipalEventGroup g WHERE g.eventId = e.id) AS headCount
            FROM municipalEvent e LEFT JOIN school h ON h.id = e.hostSchoolId
            WHERE e.municipalityId = ? AND e.archivedAt IS NULL AND e.schoolYear BETWEEN ? AND ?
            ORDER BY e.heldOn, e.id
            """, arguments: [municipalityId, from.start, to.start]) {
            let ids = ((row["participants"] as String?) ?? "").split(separator: ",").compactMap { Int64($0) }
            let inProgramme = ids.filter { allIds.contains($0) }
            reached.formUnion(inProgramme)
            let year: Int = row["schoolYear"]
            perYear[year, default: 0] += 1
            let headCount: Int? = row["headCount"]
            people += headCount ?? 0
            rows.append([.text(RussianDay.format(row["heldOn"])), .text(SummaryText.eventFormat(row["format"])), .text(row["title"]),
                         .text((row["host"] as String?) ?? "—"), .count(ids.count), .count(inProgramme.count),
                         .text((row["groups"] as String?) ?? ""), headCount.map { .count($0) } ?? .none,
                         .text(row["outcomes"]), .text(row["organisers"])])
        }
        var paragraphs: [String] = []
        if !rows.isEmpty {
            let byYear = years.map { "\($0.title) — \(perYear[$0.start] ?? 0)" }.joined(separator: ", ")
            var sentence = "Проведено \(SummaryText.events(rows.count)) (\(byYear)); в них участвовали \(reached.count) из \(allIds.count) школ программы"
            sentence += people > 0 ? " и \(SummaryText.people(people)) из групп участников (управленческие команды, педагоги и другие)." : "."
            paragraphs.append(sentence)
            conclusions.append(sentence)
        }
        let table = SummaryTable(
            id: "summary-events", title: "Муниципальные мероприятия",
            columns: [SummaryColumn("Дата"), SummaryColumn("Формат"), SummaryColumn("Тема"), SummaryColumn("Площадка"),
                      SummaryColumn("Школ-участниц", numeric: true), SummaryColumn("Из них школ программы", numeric: true),
                      SummaryColumn("Участники по группам"), SummaryColumn("Человек", numeric: true),
                      SummaryColumn("Результаты"), SummaryColumn("Организаторы", personal: true)],
            rows: rows, emptyText: "Мероприятия не зарегистрированы")
        return SummarySection(number: 4, title: "Проведённые мероприятия", sheetName: "4 Мероприятия",
                              paragraphs: paragraphs, tables: [table], charts: [])
    }

    // MARK: 5. Staff development

    mutating func staffSection() throws -> SummarySection {
        struct Staff { var team: Int; var teamTrained: Int; var teachers: Int; var teachersTrained: Int; var deficits: Int }
        var staff: [String: Staff] = [:]
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT sd.schoolId, sd.schoolYear, sd.managementTeam, sd.managementTrained, sd.teachers, sd.teachersTrained, sd.teachersWithDeficits
            FROM staffDevelopment sd JOIN school ON school.id = sd.schoolId
            WHERE school.municipalityId = ? AND sd.schoolYear BETWEEN ? AND ?
            """, arguments: [municipalityId, from.start, to.start]) {
            let id: Int64 = row[0]; let year: Int = row[1]
            staff["\(id)/\(year)"] = Staff(team: row[2], teamTrained: row[3], teachers: row[4], teachersTrained: row[5], deficits: row[6])
        }
        var rows: [[SummaryCell]] = []
        var totals: [[SummaryCell]] = []
        var anyData = false
        var lastYearWithData: (SchoolYear, Staff, Int, Int)?
        for year in years {
            var sum = Staff(team: 0, teamTrained: 0, teachers: 0, teachersTrained: 0, deficits: 0)
            var reported = 0
            let list = sorted(programme[year] ?? [])
            for school in list {
                guard let s = staff["\(school.id)/\(year.start)"] else {
                    rows.append([.text(year.title), .text(school.name), .none, .none, .none, .none, .none, .none, .none])
                    continue
                }
                anyData = true
                reported += 1
                sum.team += s.team; sum.teamTrained += s.teamTrained; sum.teachers += s.teachers
                sum.teachersTrained += s.teachersTrained; sum.deficits += s.deficits
                rows.append([.text(year.title), .text(school.name), .count(s.team), .count(s.teamTrained), .share(SummaryShare(s.teamTrained, of: s.team)),
                             .count(s.teachers), .count(s.teachersTrained), .share(SummaryShare(s.teachersTrained, of: s.teachers)), .count(s.deficits)])
            }
            if reported > 0 {
                totals.append([.text(year.title), .count(reported), .count(list.count), .count(sum.team), .share(SummaryShare(sum.teamTrained, of: sum.team)),
                               .count(sum.teachers), .share(SummaryShare(sum.teachersTrained, of: sum.teachers)),
                               .share(SummaryShare(sum.deficits, of: sum.teachers))])
                lastYearWithData = (year, sum, reported, list.count)
            }
        }
        var paragraphs: [String] = []
        if case let (year, sum, reported, count)? = lastYearWithData {
            let team = SummaryShare(sum.teamTrained, of: sum.team)
            let of = reported == count ? "" : " (данные \(reported) из \(count) школ)"
            let sentence = sum.team > 0 && sum.teamTrained == sum.team
                ? "100 % управленческих команд школ программы прошли курсовую подготовку в \(year.title)\(of)."
                : "Курсовую подготовку в \(year.title) прошли \(team.text) членов управленческих команд школ программы (\(sum.teamTrained) из \(sum.team))\(of)."
            paragraphs.append(sentence)
            conclusions.append(sentence)
            paragraphs.append("Повышение квалификации педагогов в \(year.title): \(SummaryShare(sum.teachersTrained, of: sum.teachers).text) (\(sum.teachersTrained) из \(sum.teachers)); профессиональные дефициты диагностированы у \(sum.deficits).")
        }
        let tables = [
            SummaryTable(id: "summary-staff-totals", title: "Развитие кадрового потенциала: итоги по годам",
                         columns: [SummaryColumn("Учебный год"), SummaryColumn("Школ с данными", numeric: true), SummaryColumn("Школ в программе", numeric: true),
                                   SummaryColumn("Управленческие команды, человек", numeric: true), SummaryColumn("Прошли курсовую подготовку", numeric: true),
                                   SummaryColumn("Педагогов", numeric: true), SummaryColumn("Педагогов прошли повышение квалификации", numeric: true),
                                   SummaryColumn("Педагогов с дефицитами", numeric: true)],
                         rows: totals, emptyText: "Сведения о развитии кадрового потенциала не внесены"),
            SummaryTable(id: "summary-staff", title: "Развитие кадрового потенциала по школам программы",
                         columns: [SummaryColumn("Учебный год"), SummaryColumn("Школа"), SummaryColumn("Управленческая команда", numeric: true),
                                   SummaryColumn("Прошли курсовую подготовку", numeric: true), SummaryColumn("Доля", numeric: true),
                                   SummaryColumn("Педагогов", numeric: true), SummaryColumn("Прошли повышение квалификации", numeric: true),
                                   SummaryColumn("Доля", numeric: true), SummaryColumn("С профессиональными дефицитами", numeric: true)],
                         rows: anyData ? rows : [], emptyText: "Сведения о развитии кадрового потенциала не внесены"),
        ]
        return SummarySection(number: 5, title: "Развитие кадрового потенциала", sheetName: "5 Кадры",
                              paragraphs: paragraphs, tables: tables, charts: [])
    }

    // MARK: 6. Exits

    mutating func exitsSection() throws -> (SummarySection, [SchoolYear: [SummarySchool]]) {
        var formed = Set(try Int.fetchAll(db, cachedSQL: """
            SELECT DISTINCT c.schoolYear FROM schoolStatusChange c JOIN school ON school.id = c.schoolId
            WHERE school.municipalityId = ? AND c.flag = 'lowResults' AND c.schoolYear BETWEEN ? AND ?
            """, arguments: [municipalityId, from.start + 1, to.start + 1]))
        formed.formUnion(listed.keys.map(\.start).filter { $0 > from.start })
        var reasons: [String: String] = [:]
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT c.schoolId, c.schoolYear, c.reason FROM schoolStatusChange c JOIN school ON school.id = c.schoolId
            WHERE school.municipalityId = ? AND c.isExit = 1 AND c.schoolYear BETWEEN ? AND ? ORDER BY c.id
            """, arguments: [municipalityId, from.start + 1, to.start + 1]) {
            let id: Int64 = row[0]; let year: Int = row[1]
            reasons["\(id)/\(year)"] = row[2]
        }
        let settings = try IdentificationSettings.current(db)
        var rows: [[SummaryCell]] = []
        var counts: [[SummaryCell]] = []
        var exits: [SchoolYear: [SummarySchool]] = [:]
        var everListed = Set<Int64>()
        var left = Set<Int64>()
        var pending: [SchoolYear] = []
        // A school of the list of Y without results of Y (and no exit recorded by hand) has not left: its exit is undetermined.
        var undetermined: [SchoolYear: [SummarySchool]] = [:]
        for year in years {
            let onList = listed[year] ?? []
            everListed.formUnion(onList)
            let next = SchoolYear(year.start + 1)
            guard formed.contains(next.start) else {
                if !onList.isEmpty { pending.append(year) }
                counts.append([.text(year.title), .count(onList.count), .none, .text("перечень на \(next.title) не сформирован"), .none])
                continue
            }
            let withData = try IdentificationService.schoolsWithData(db, year: year, settings: settings,
                                                                     condition: "school.municipalityId = \(municipalityId)")
            let notListed = onList.subtracting(listed[next] ?? [])
            let noData = notListed.filter { !withData.contains($0) && reasons["\($0)/\(next.start)"] == nil }
            if !noData.isEmpty { undetermined[year] = sorted(noData) }
            let leaving = sorted(notListed.subtracting(noData))
            exits[year] = leaving
            left.formUnion(leaving.map(\.id))
            counts.append([.text(year.title), .count(onList.count), .count(leaving.count), .count(onList.count - leaving.count - noData.count),
                           .count(noData.count)])
            for school in leaving {
                rows.append([.text(year.title), .text(school.name), .text(next.title),
                             .text(reasons["\(school.id)/\(next.start)"] ?? "не включена в перечень на \(next.title)")])
            }
        }
        var paragraphs: [String] = []
        let listedSchools = sorted(everListed)
        let leftSchools = sorted(left)
        let unknown = Set(undetermined.values.flatMap { $0.map(\.id) }).subtracting(left)
        let stillListed = sorted(everListed.subtracting(left).subtracting(unknown))
        if !listedSchools.isEmpty {
            let sentence: String
            if !unknown.isEmpty {
                // Never «все вышли» while results are missing: the schools without them are named apart.
                sentence = "Из \(SummaryText.schoolsGenitive(listedSchools.count)) перечня ШНОР \(rangeTitle) вышли из ШНОР \(leftSchools.count)" +
                    (leftSchools.isEmpty ? "" : " (\(names(leftSchools)))") +
                    (stillListed.isEmpty ? "" : "; остаются в перечне: \(names(stillListed))") +
                    "; нет данных по \(SummaryText.schoolsDative(unknown.count)): " +
                    years.compactMap { y in undetermined[y].map { "за \(y.title) — \(names($0))" } }.joined(separator: "; ") +
                    ". Без их результатов выход из ШНОР не определён, и перечень на " +
                    years.compactMap { y in undetermined[y] == nil ? nil : SchoolYear(y.start + 1).title }.joined(separator: ", ") +
                    " по ним не сформирован."
            } else if leftSchools.count == listedSchools.count {
                sentence = listedSchools.count == 1
                    ? "Единственная школа перечня ШНОР \(rangeTitle) (\(names(listedSchools))) вышла из ШНОР."
                    : "Все \(listedSchools.count) школ перечня ШНОР \(rangeTitle) (\(names(listedSchools))) вышли из ШНОР."
            } else {
                sentence = "Из \(SummaryText.schools(listedSchools.count)) перечня ШНОР \(rangeTitle) вышли из ШНОР \(leftSchools.count)" +
                    (leftSchools.isEmpty ? "" : " (\(names(leftSchools)))") + "; остаются в перечне: \(names(stillListed))" +
                    (pending.isEmpty ? "" : " (перечень на \(SchoolYear(pending.last!.start + 1).title) ещё не сформирован)") + "."
            }
            paragraphs.append(sentence)
            conclusions.append(sentence)
        }
        let tables = [
            SummaryTable(id: "summary-exit-counts", title: "Выход из перечня ШНОР по учебным годам",
                         columns: [SummaryColumn("Учебный год"), SummaryColumn("В перечне ШНОР", numeric: true),
                                   SummaryColumn("Вышли по итогам года", numeric: true), SummaryColumn("Остались в перечне", numeric: true),
                                   SummaryColumn("Нет данных за год (выход не определён)", numeric: true)],
                         rows: counts, emptyText: "Нет данных"),
            SummaryTable(id: "summary-exits", title: "Школы, вышедшие из перечня ШНОР",
                         columns: [SummaryColumn("По итогам учебного года"), SummaryColumn("Школа"), SummaryColumn("Не в перечне с"),
                                   SummaryColumn("Основание")],
                         rows: rows, emptyText: "Выходов из перечня ШНОР нет"),
        ]
        return (SummarySection(number: 6, title: "Выход из перечня ШНОР", sheetName: "6 Выход из ШНОР",
                               paragraphs: paragraphs, tables: tables, charts: []), exits)
    }

    // MARK: 7. Decisions

    mutating func decisionsSection() throws -> SummarySection {
        let today = Moscow.day(now)
        var rows: [[SummaryCell]] = []
        var byStatus: [String: Int] = [:]
        var overdue = 0
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT d.id, d.schoolYear, d.kind, d.text, d.addressee, d.responsible, d.dueOn, d.status, d.executionNote,
                   (SELECT group_concat(s.shortName, ', ') FROM managementDecisionSchool ds JOIN school s ON s.id = ds.schoolId
                    WHERE ds.decisionId = d.id) AS schools
            FROM managementDecision d
            WHERE d.municipalityId = ? AND d.schoolYear BETWEEN ? AND ?
            ORDER BY d.schoolYear, d.id
            """, arguments: [municipalityId, from.start, to.start]) {
            let status: String = row["status"]
            byStatus[status, default: 0] += 1
            let due: String? = row["dueOn"]
            let isOverdue = (status == "open" || status == "inProgress") && due.map { $0 < today } == true
            if isOverdue { overdue += 1 }
            let addressee: String = row["addressee"]
            let schools: String = (row["schools"] as String?) ?? ""
            let to = addressee == "all" ? "все школы программы" : (schools.isEmpty ? "—" : schools)
            rows.append([.text(SchoolYear(row["schoolYear"] as Int).title), .text((row["kind"] as String) == "recommendation" ? "рекомендация" : "решение"),
                         .text(row["text"]), .text(to), .text(due.map(RussianDay.format) ?? "постоянно"),
                         .text(SummaryText.decisionStatus(status) + (isOverdue ? " (просрочено)" : "")), .text(row["executionNote"]),
                         .text(row["responsible"])])
        }
        var paragraphs: [String] = []
        if !rows.isEmpty {
            let total = rows.count, done = byStatus["done"] ?? 0, withdrawn = byStatus["withdrawn"] ?? 0
            let active = total - withdrawn
            let sentence = "Принято \(SummaryText.decisions(total)); выполнено \(done) из \(active)" +
                (active > 0 ? " (\(SummaryShare(done, of: active).text))" : "") +
                ", в работе \(byStatus["inProgress"] ?? 0), открыто \(byStatus["open"] ?? 0), снято \(withdrawn)" +
                (overdue > 0 ? "; просрочено \(overdue)" : "") + "."
            paragraphs.append(sentence)
            conclusions.append(sentence)
        }
        let table = SummaryTable(
            id: "summary-decisions", title: "Управленческие решения и рекомендации",
            columns: [SummaryColumn("Учебный год"), SummaryColumn("Вид"), SummaryColumn("Содержание"), SummaryColumn("Адресат"),
                      SummaryColumn("Срок"), SummaryColumn("Исполнение"), SummaryColumn("Отметка об исполнении"),
                      SummaryColumn("Ответственные", personal: true)],
            rows: rows, emptyText: "Управленческие решения не зарегистрированы")
        return SummarySection(number: 7, title: "Управленческие решения и их исполнение", sheetName: "7 Решения",
                              paragraphs: paragraphs, tables: [table], charts: [])
    }
}

/// Russian words of the report: numerals agreed with their nouns, codes of the registries.
enum SummaryText {
    /// 1 школа, 2 школы, 5 школ.
    static func plural(_ n: Int, _ one: String, _ few: String, _ many: String) -> String {
        let mod10 = n % 10, mod100 = n % 100
        let word = mod10 == 1 && mod100 != 11 ? one : (2...4).contains(mod10) && !(12...14).contains(mod100) ? few : many
        return "\(n) \(word)"
    }
    /// «30 %» from 3000 basis points, «27,5 %» from 2750.
    static func threshold(_ basisPoints: Int) -> String {
        basisPoints % 100 == 0 ? "\(basisPoints / 100) %" : Identification.percent(tenths: basisPoints / 10)
    }
    static func schools(_ n: Int) -> String { plural(n, "школа", "школы", "школ") }
    /// «из 1 школы», «из 5 школ».
    static func schoolsGenitive(_ n: Int) -> String { plural(n, "школы", "школ", "школ") }
    /// «по 1 школе», «по 5 школам».
    static func schoolsDative(_ n: Int) -> String { plural(n, "школе", "школам", "школам") }
    /// «40 участников», «1 участника» (genitive after «по данным … »).
    static func participants(_ n: Int) -> String { plural(n, "участника", "участников", "участников") }
    static func measures(_ n: Int) -> String { plural(n, "мероприятие", "мероприятия", "мероприятий") }
    static func reports(_ n: Int) -> String { plural(n, "отчёт", "отчёта", "отчётов") }
    static func events(_ n: Int) -> String { plural(n, "мероприятие", "мероприятия", "мероприятий") }
    static func people(_ n: Int) -> String { plural(n, "человек", "человека", "человек") }
    static func visits(_ n: Int) -> String { plural(n, "выезд", "выезда", "выездов") }
    static func decisions(_ n: Int) -> String { plural(n, "управленческое решение", "управленческих решения", "управленческих решений") }

    static func decisionStatus(_ code: String) -> String {
        switch code {
        case "open": "открыто"
        case "inProgress": "в работе"
        case "done": "выполнено"
        case "withdrawn": "снято"
        default: code
        }
    }

    /// The format's title in lower case (it stands inside a sentence); a code not known is shown as stored.
    static func eventFormat(_ code: String) -> String {
        EventFormat(rawValue: code)?.title.lowercased() ?? code
    }
}

/// «12.10.2022» from «2022-10-12»; other text unchanged.
enum RussianDay {
    static func format(_ iso: String) -> String {
        let parts = iso.prefix(10).split(separator: "-")
        guard parts.count == 3 else { return iso }
        return "\(parts[2]).\(parts[1]).\(parts[0])"
    }
}
