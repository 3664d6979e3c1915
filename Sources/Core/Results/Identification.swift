import Foundation
import GRDB

/// The parameters of one identification: the region's saved settings, or a "what if" variant.
public struct IdentificationSettings: Sendable, Equatable {
    /// A result is low when its share is at least this (basis points: 3000 = 30 %).
    public var lowShareBasisPoints: Int
    /// «не менее чем по двум оценочным процедурам в предыдущем учебном году»
    public var ruleTwoInLastYear: Bool
    /// «хотя бы по одной оценочной процедуре в каждом из двух предыдущих учебных годов»
    public var ruleConsecutiveYears: Bool
    /// The procedures analysed.
    public var procedureIds: Set<Int64>

    public init(lowShareBasisPoints: Int = 3000, ruleTwoInLastYear: Bool = true, ruleConsecutiveYears: Bool = true,
                procedureIds: Set<Int64>) {
        self.lowShareBasisPoints = lowShareBasisPoints; self.ruleTwoInLastYear = ruleTwoInLastYear
        self.ruleConsecutiveYears = ruleConsecutiveYears; self.procedureIds = procedureIds
    }

    /// The saved settings: share and rules of `regionSettings`, the procedures marked analysed and not archived.
    static func current(_ db: Database) throws -> IdentificationSettings {
        let s = try RegionSettings.load(db)
        let ids = try Int64.fetchAll(db, cachedSQL: "SELECT id FROM procedure WHERE isAnalysed = 1 AND archivedAt IS NULL")
        return IdentificationSettings(lowShareBasisPoints: s.lowShareBasisPoints, ruleTwoInLastYear: s.ruleTwoInLastYear,
                                      ruleConsecutiveYears: s.ruleConsecutiveYears, procedureIds: Set(ids))
    }
}

public enum IdentificationRule: String, Sendable, Equatable, CaseIterable, Codable {
    case twoInLastYear, consecutiveYears

    public var title: String {
        switch self {
        case .twoInLastYear: "не менее двух процедур с низкими результатами в предыдущем учебном году"
        case .consecutiveYears: "низкие результаты хотя бы по одной процедуре в каждом из двух предыдущих учебных годов"
        }
    }

    public var shortTitle: String {
        switch self {
        case .twoInLastYear: "две процедуры за год"
        case .consecutiveYears: "два года подряд"
        }
    }
}

/// The figures of one result, as identification needs them.
public struct ResultAggregate: Sendable, Equatable {
    public var schoolId: Int64
    public var procedureId: Int64
    public var year: Int
    public var participants: Int
    /// Mark «2» (ВПР) or below the minimum (ОГЭ, ЕГЭ), by the procedure's rule; nil when not given.
    public var lowCount: Int?
    public init(schoolId: Int64, procedureId: Int64, year: Int, participants: Int, lowCount: Int?) {
        self.schoolId = schoolId; self.procedureId = procedureId; self.year = year
        self.participants = participants; self.lowCount = lowCount
    }
}

/// A low result behind an identification.
public struct LowResult: Sendable, Equatable {
    public var procedureId: Int64
    public var procedureTitle: String
    public var lowRule: LowRule
    public var year: SchoolYear
    public var lowCount: Int
    public var participants: Int

    /// The share in tenths of a percent, rounded half up (a low result is at or above the threshold, so
    /// rounding never makes it read as more than it is relative to the threshold).
    public var shareTenths: Int { Identification.tenths(lowCount, of: participants) }

    /// «34,5 %»
    public var sharePercent: String { Identification.percent(tenths: shareTenths) }

    /// «ВПР Математика 5 кл., 2022/2023: 34,5 % «2» (19 из 55)»
    public var text: String {
        "\(procedureTitle), \(year.title): \(sharePercent) \(lowRule.shareLabel) (\(lowCount) из \(participants))"
    }
}

/// The rule applied to one school.
public struct SchoolEvaluation: Sendable, Equatable {
    public var schoolId: Int64
    public var rules: [IdentificationRule]
    /// Low results of the last year, then of the year before, each in catalogue order.
    public var reasons: [LowResult]
    public var identified: Bool { !rules.isEmpty }

    /// The reason recorded with the status: the rule(s) and the figures.
    public var reasonText: String {
        let ruleText = rules.map(\.title).joined(separator: "; ")
        return "Выявлена по критериям ШНОР (\(ruleText)): " + reasons.map(\.text).joined(separator: "; ")
    }
}

/// Identification of schools with low educational results (seed 003).
public enum Identification {
    /// A result is low when `count / participants ≥ bp / 10000`, compared in integers; no participants, no data.
    public static func isLow(count: Int, participants: Int, basisPoints: Int) -> Bool {
        participants > 0 && count * 10000 >= basisPoints * participants
    }

    /// count / participants in tenths of a percent, rounded half up; 0 without participants.
    public static func tenths(_ count: Int, of participants: Int) -> Int {
        participants > 0 ? (count * 2000 + participants) / (2 * participants) : 0
    }

    /// «34,5 %» from tenths of a percent.
    public static func percent(tenths: Int) -> String { "\(tenths / 10),\(tenths % 10) %" }

    /// The rule over aggregates: for the list of school year `target` (T), the results of T−1 and T−2.
    /// Results of other years and procedures outside the settings are ignored. Returns an evaluation for
    /// every school with at least one low result (identified or not), keyed by school.
    public static func evaluate(target: SchoolYear, results: [ResultAggregate], settings: IdentificationSettings,
                                procedures: [Int64: Procedure]) -> [Int64: SchoolEvaluation] {
        let last = target.start - 1, previous = target.start - 2
        var lows: [Int64: [LowResult]] = [:]
        for r in results where (r.year == last || r.year == previous) && settings.procedureIds.contains(r.procedureId) {
            guard let count = r.lowCount, isLow(count: count, participants: r.participants, basisPoints: settings.lowShareBasisPoints),
                  let p = procedures[r.procedureId] else { continue }
            lows[r.schoolId, default: []].append(LowResult(procedureId: r.procedureId, procedureTitle: p.title, lowRule: p.lowRule,
                                                           year: SchoolYear(r.year), lowCount: count, participants: r.participants))
        }
        var out: [Int64: SchoolEvaluation] = [:]
        out.reserveCapacity(lows.count)
        for (schoolId, list) in lows {
            let inLast = list.filter { $0.year.start == last }.count
            let inPrevious = list.count - inLast
            var rules: [IdentificationRule] = []
            if settings.ruleTwoInLastYear && inLast >= 2 { rules.append(.twoInLastYear) }
            if settings.ruleConsecutiveYears && inLast >= 1 && inPrevious >= 1 { rules.append(.consecutiveYears) }
            let sorted = list.sorted {
                if $0.year != $1.year { return $0.year > $1.year }
                let a = procedures[$0.procedureId]!, b = procedures[$1.procedureId]!
                return (a.sortOrder, $0.procedureId) < (b.sortOrder, $1.procedureId)
            }
            out[schoolId] = SchoolEvaluation(schoolId: schoolId, rules: rules, reasons: sorted)
        }
        return out
    }
}

/// Where a school stands against the current list (the lowResults flag of T−1).
public enum IdentificationStatus: String, Sendable, Equatable {
    /// Identified for T, not on the list in T−1.
    case new
    /// Identified for T and on the list in T−1.
    case continuing
    /// On the list in T−1 with results of T−1 (`IdentificationService.schoolsWithData`), and not identified for T.
    case leaving
    /// On the list in T−1 without results of T−1: the rule cannot be applied, so it is no exit.
    case noData

    public var title: String {
        switch self {
        case .new: "новая"
        case .continuing: "продолжает"
        case .leaving: "выходит из перечня"
        case .noData: "нет данных"
        }
    }

    /// As `title`, with the school year whose results are missing for the list of `target`.
    public func title(target: SchoolYear) -> String {
        self == .noData ? "нет данных за учебный год \(SchoolYear(target.start - 1).title)" : title
    }
}

public struct IdentificationItem: Sendable, Equatable {
    public var schoolId: Int64
    public var schoolCode: String?
    public var schoolName: String
    public var schoolShortName: String
    public var municipalityId: Int64
    public var municipalityName: String
    public var evaluation: SchoolEvaluation
    public var status: IdentificationStatus
    /// The lowResults flag is already in force for the target year.
    public var isConfirmed: Bool
    public var identified: Bool { evaluation.identified }
}

/// What a cached identification depends on besides the data.
struct IdentificationKey: Hashable, Sendable {
    var scope: ScopeKey
    var year: Int
    var municipalityId: Int64?
}

public struct IdentificationReport: Sendable, Equatable {
    /// The school year of the list (T); the results are of T−1 and T−2.
    public var target: SchoolYear
    public var settings: IdentificationSettings
    /// Identified schools, those that would leave the list and those of the list without results, by municipality and name.
    public var items: [IdentificationItem]
    /// Schools in the selection (not archived) with results of T−1, and without them.
    public var schoolsWithData = 0
    public var schoolsWithoutData = 0
    public var identified: [IdentificationItem] { items.filter(\.identified) }
    public var leaving: [IdentificationItem] { items.filter { $0.status == .leaving } }
    public var noData: [IdentificationItem] { items.filter { $0.status == .noData } }
    /// The school year whose results are read first (T−1).
    public var dataYear: SchoolYear { SchoolYear(target.start - 1) }
}

extension IdentificationReport {
    /// The rows of `table`: identified schools, and with `includeLeaving` those of the list that leave it or lack data.
    public func tableItems(includeLeaving: Bool = false) -> [IdentificationItem] {
        items.filter { $0.identified || (includeLeaving && ($0.status == .leaving || $0.status == .noData)) }
    }

    /// The list as a table with a header row, for the CSV of `opora identify` and the exports of the web
    /// page: identified schools, and with `includeLeaving` those that leave the list or have no results of T−1.
    /// The last column («Данные за T−1»: «есть» / «нет») came after the others, which keep their places.
    public func table(includeLeaving: Bool = false) -> [[String]] {
        let previous = dataYear.title
        var rows = [["Муниципалитет", "Код школы", "Школа", "Правило", "Основания", "Статус (в перечне \(previous))", "Данные за \(previous)"]]
        for item in tableItems(includeLeaving: includeLeaving) {
            let noData = item.status == .noData
            rows.append([
                item.municipalityName, item.schoolCode ?? "", item.schoolName,
                item.identified ? item.evaluation.rules.map(\.title).joined(separator: "; ") : noData ? "нет данных" : "не выявлена",
                noData ? "нет результатов анализируемых процедур за \(previous)" : item.evaluation.reasons.map(\.text).joined(separator: "; "),
                item.status.title(target: target),
                noData ? "нет" : "есть",
            ])
        }
        return rows
    }
}

public struct ConfirmationOutcome: Sendable, Equatable {
    public var confirmed: [Int64] = []
    public var alreadyConfirmed: [Int64] = []
    public var exits: [Int64] = []
}

/// Identification over the database, within the scope.
public struct IdentificationService: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// The list for school year `year` (T) from the results of T−1 and T−2. Without `settings`, the
    /// region's saved settings; with them, a "what if" that saves nothing.
    public func identify(_ scope: Scope, year: SchoolYear, municipalityId: Int64? = nil,
                         settings: IdentificationSettings? = nil) throws -> IdentificationReport {
        if let settings {
            return try database.read { db in try Self.identify(db, scope, year: year, municipalityId: municipalityId, settings: settings) }
        }
        // With the stored settings: computed once until results, statuses, procedures or settings change.
        let key = IdentificationKey(scope: ScopeKey(scope), year: year.start, municipalityId: municipalityId)
        return try database.identifications.value(key, in: database) { db in
            try Self.identify(db, scope, year: year, municipalityId: municipalityId, settings: IdentificationSettings.current(db))
        }
    }

    static func identify(_ db: Database, _ scope: Scope, year: SchoolYear, municipalityId: Int64?,
                         settings: IdentificationSettings, onlySchools: Set<Int64>? = nil) throws -> IdentificationReport {
        let procedures = Dictionary(uniqueKeysWithValues: try Procedures.all(db).map { ($0.id!, $0) })
        var conditions: [SQL] = [Policy.visibleSchools(scope), "school.archivedAt IS NULL"]
        if let municipalityId { conditions.append("school.municipalityId = \(municipalityId)") }
        if let onlySchools { conditions.append("school.id IN \(onlySchools)") }
        let visible = conditions.joined(operator: .and)
        let ids = Array(settings.procedureIds)
        let bp = settings.lowShareBasisPoints
        // Only the low results leave SQLite: the share is compared in integers there, as in `Identification.isLow`.
        let rows = try SQLRequest<Row>(literal: """
            SELECT r.schoolId, r.procedureId, r.schoolYear, r.participants,
                   CASE p.lowRule WHEN 'markTwo' THEN r.mark2 ELSE r.belowMinimum END AS lowCount
            FROM result r
            JOIN procedure p ON p.id = r.procedureId
            JOIN school ON school.id = r.schoolId
            WHERE r.schoolYear IN (\(year.start - 1), \(year.start - 2)) AND r.procedureId IN \(ids)
              AND r.participants > 0
              AND (CASE p.lowRule WHEN 'markTwo' THEN r.mark2 ELSE r.belowMinimum END) * 10000 >= \(bp) * r.participants
              AND \(visible)
            """).fetchAll(db)
        let aggregates = rows.map {
            ResultAggregate(schoolId: $0[0], procedureId: $0[1], year: $0[2], participants: $0[3], lowCount: $0[4])
        }
        let evaluations = Identification.evaluate(target: year, results: aggregates, settings: settings, procedures: procedures)
        let withData = try schoolsWithData(db, year: SchoolYear(year.start - 1), settings: settings, condition: SQL(visible))
        let selected = try SQLRequest<Int>(literal: "SELECT COUNT(*) FROM school WHERE \(visible)").fetchOne(db) ?? 0
        let listed = try Set(SQLRequest<Int64>(literal: """
            SELECT s.schoolId FROM schoolStatus s JOIN school ON school.id = s.schoolId
            WHERE s.schoolYear = \(year.start - 1) AND s.flag = 'lowResults' AND \(visible)
            """).fetchAll(db))
        let confirmed = try Set(SQLRequest<Int64>(literal: """
            SELECT s.schoolId FROM schoolStatus s JOIN school ON school.id = s.schoolId
            WHERE s.schoolYear = \(year.start) AND s.flag = 'lowResults' AND \(visible)
            """).fetchAll(db))
        let shown = Set(evaluations.values.filter(\.identified).map(\.schoolId)).union(listed)
        let schools = try SQLRequest<Row>(literal: """
            SELECT school.id, school.code, school.name, school.shortName, school.municipalityId, m.name AS municipalityName
            FROM school JOIN municipality m ON m.id = school.municipalityId
            WHERE school.id IN \(Array(shown))
            ORDER BY m.name, school.shortName, school.id
            """).fetchAll(db)
        let items = schools.map { row -> IdentificationItem in
            let id: Int64 = row["id"]
            let evaluation = evaluations[id] ?? SchoolEvaluation(schoolId: id, rules: [], reasons: [])
            let status: IdentificationStatus = evaluation.identified ? (listed.contains(id) ? .continuing : .new)
                : withData.contains(id) ? .leaving : .noData
            return IdentificationItem(schoolId: id, schoolCode: row["code"], schoolName: row["name"], schoolShortName: row["shortName"],
                                      municipalityId: row["municipalityId"], municipalityName: row["municipalityName"],
                                      evaluation: evaluation, status: status, isConfirmed: confirmed.contains(id))
        }
        return IdentificationReport(target: year, settings: settings, items: items, schoolsWithData: withData.count,
                                    schoolsWithoutData: max(0, selected - withData.count))
    }

    /// The schools (matching `condition` over `school`, not archived) that have results of school year `year`:
    /// at least one analysed procedure with participants and the figure its low rule reads (mark «2» or below the
    /// minimum). Without them the rules cannot be applied to the school: it is «нет данных», never an exit.
    static func schoolsWithData(_ db: Database, year: SchoolYear, settings: IdentificationSettings, condition: SQL) throws -> Set<Int64> {
        try Set(SQLRequest<Int64>(literal: """
            SELECT DISTINCT r.schoolId FROM result r
            JOIN procedure p ON p.id = r.procedureId
            JOIN school ON school.id = r.schoolId
            WHERE r.schoolYear = \(year.start) AND r.procedureId IN \(Array(settings.procedureIds)) AND r.participants > 0
              AND (CASE p.lowRule WHEN 'markTwo' THEN r.mark2 ELSE r.belowMinimum END) IS NOT NULL
              AND school.archivedAt IS NULL AND \(condition)
            """).fetchAll(db))
    }

    /// Confirms identified schools into the lowResults flag of school year `year`, with the rule and its
    /// figures as the reason; with `exits`, records the exit of listed schools that no longer meet the
    /// rule. Uses the region's saved settings. One transaction; every school must be manageable by the scope.
    @discardableResult
    public func confirm(_ scope: Scope, year: SchoolYear, schoolIds: [Int64], exits: [Int64] = []) throws -> ConfirmationOutcome {
        let now = database.now
        return try database.write { db in try Self.confirm(db, scope, year: year, schoolIds: schoolIds, exits: exits, at: now) }
    }

    /// `confirm` inside the caller's transaction (the demo confirms the lists of the years after the seeds).
    static func confirm(_ db: Database, _ scope: Scope, year: SchoolYear, schoolIds: [Int64], exits: [Int64],
                        at now: Date) throws -> ConfirmationOutcome {
        let all = Set(schoolIds).union(exits)
        for id in all.sorted() { try Policy.requireManageSchool(scope, school: id, db) }
        let report = try Self.identify(db, scope, year: year, municipalityId: nil, settings: IdentificationSettings.current(db),
                                       onlySchools: all)
        let byId = Dictionary(uniqueKeysWithValues: report.items.map { ($0.schoolId, $0) })
        var errors: [FieldError] = []
        var outcome = ConfirmationOutcome()
        for id in Set(schoolIds).sorted() {
            guard let item = byId[id], item.identified else {
                let name = try String.fetchOne(db, cachedSQL: "SELECT shortName FROM school WHERE id = ?", arguments: [id]) ?? "\(id)"
                errors.append(FieldError("school\(id)", "«\(name)» не выявлена по критериям на \(year.title)"))
                continue
            }
            if item.isConfirmed { outcome.alreadyConfirmed.append(id); continue }
            try SchoolStatuses.apply(db, scope, StatusChange(schoolId: id, year: year, flag: .lowResults, isSet: true,
                                                             reason: item.evaluation.reasonText), at: now)
            outcome.confirmed.append(id)
        }
        for id in Set(exits).sorted() {
            guard let item = byId[id], item.status == .leaving else {
                let name = try String.fetchOne(db, cachedSQL: "SELECT shortName FROM school WHERE id = ?", arguments: [id]) ?? "\(id)"
                let previous = SchoolYear(year.start - 1).title
                errors.append(FieldError("exit\(id)", byId[id]?.status == .noData
                    ? "«\(name)»: нет результатов за \(previous) — выход из перечня по критериям не определить"
                    : "«\(name)» не выходит из перечня: она не в перечне \(previous) или выявлена снова"))
                continue
            }
            let exited = try Bool.fetchOne(db, cachedSQL: """
                SELECT EXISTS (SELECT 1 FROM schoolStatusChange WHERE schoolId = ? AND schoolYear = ? AND flag = 'lowResults' AND isExit = 1)
                """, arguments: [id, year.start]) ?? false
            if exited { continue }
            let figures = item.evaluation.reasons.isEmpty
                ? "низких результатов в \(SchoolYear(year.start - 2).title) и \(SchoolYear(year.start - 1).title) нет"
                : "критерии не выполняются; низкие результаты: " + item.evaluation.reasons.map(\.text).joined(separator: "; ")
            try SchoolStatuses.apply(db, scope, StatusChange(schoolId: id, year: year, flag: .lowResults, isSet: false, isExit: true,
                                                             reason: "Выход из перечня ШНОР на \(year.title): \(figures)"), at: now)
            outcome.exits.append(id)
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return outcome
    }
}
