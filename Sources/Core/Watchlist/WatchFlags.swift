import Foundation
import GRDB

/// A school flagged by a watchlist rule in the running school year, with the rule's figure.
public struct WatchFlag: Sendable, Equatable {
    public var schoolId: Int64
    public var shortName: String
    public var municipalityId: Int64
    public var municipalityName: String
    public var rule: WatchRule
    public var figure: Int
    /// The coordinator's dismissal still in force (the figure has not got worse since).
    public var dismissal: WatchDismissal?
    public var text: String { rule.figureText(figure) }
}

public struct WatchDismissal: Sendable, Equatable {
    public var figure: Int
    public var note: String
    public var by: String?
    public var at: Date
}

/// The flags of the running year in a scope: those to act on, and those a coordinator dismissed.
public struct WatchFlagList: Sendable, Equatable {
    public var year: SchoolYear
    public var active: [WatchFlag]
    public var dismissed: [WatchFlag]
    /// Whether any rule is on for the scope's municipalities.
    public var anyRuleOn: Bool
}

/// The one evaluator of the watchlist rules: a few set-based statements per rule for all schools of the scope
/// (never one per school), compared with each municipality's settings in force.
public struct WatchFlags: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// The flags of a municipality's schools (nil: the region's), for those who read its dashboard.
    public func list(_ scope: Scope, municipalityId: Int64?) throws -> WatchFlagList {
        try database.read { db in try Self.evaluate(db, scope, municipalityId: municipalityId, now: database.now) }
    }

    /// Hides the school's flag of `rule` until its figure gets worse; the note says why.
    public func dismiss(_ scope: Scope, schoolId: Int64, rule: WatchRule, note rawNote: String) throws {
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        let now = database.now
        try database.write { db in
            try Policy.requireDismissWatchFlag(scope, school: schoolId, db)
            if note.isEmpty { throw DomainError.invalid([FieldError("note", "Напишите, почему флаг снимается")]) }
            if note.count > Self.maximumNoteLength {
                throw DomainError.invalid([FieldError("note", "Примечание — не длиннее \(Self.maximumNoteLength) символов")])
            }
            let (flag, year) = try Self.current(db, scope, schoolId: schoolId, rule: rule, now: now)
            let before = flag.dismissal.map { ["figure": String($0.figure), "note": $0.note] }
            try db.execute(sql: """
                INSERT OR REPLACE INTO watchFlagDismissal (schoolId, rule, schoolYear, figure, note, dismissedBy, dismissedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [schoolId, rule.rawValue, year.start, flag.figure, note, scope.userId, now])
            try AuditLog.record(db, scope, action: "watchFlag.dismiss", entity: "school", id: schoolId, before: before,
                                after: ["rule": rule.rawValue, "year": String(year.start), "figure": String(flag.figure), "note": note],
                                at: now)
        }
    }

    public static let maximumNoteLength = 2_000

    /// The school's flag of `rule` as it stands (dismissed or not), for the dismissal form.
    public func flag(_ scope: Scope, schoolId: Int64, rule: WatchRule) throws -> WatchFlag {
        try database.read { db in
            try Policy.requireDismissWatchFlag(scope, school: schoolId, db)
            return try Self.current(db, scope, schoolId: schoolId, rule: rule, now: database.now).0
        }
    }

    static func current(_ db: Database, _ scope: Scope, schoolId: Int64, rule: WatchRule, now: Date) throws -> (WatchFlag, SchoolYear) {
        let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId])
        let flags = try evaluate(db, scope, municipalityId: municipalityId, now: now, schoolId: schoolId)
        guard let flag = (flags.active + flags.dismissed).first(where: { $0.rule == rule }) else {
            throw DomainError.conflict("Школа сейчас не отмечена этим правилом.")
        }
        return (flag, flags.year)
    }

    // MARK: Evaluation

    struct Candidate { var shortName: String; var municipalityId: Int64; var municipalityName: String }

    static func evaluate(_ db: Database, _ scope: Scope, municipalityId: Int64?, now: Date, schoolId: Int64? = nil) throws -> WatchFlagList {
        try Policy.requireReadWatchFlags(scope, municipalityId: municipalityId)
        let year = SchoolYear.containing(now), y = year.start
        let today = Moscow.day(now)
        let all = try WatchRules.loadAll(db)
        func settings(_ m: Int64) -> WatchRuleSet {
            WatchRuleSet(settings: all.municipalities[m] ?? all.region, isOwn: all.municipalities[m] != nil)
        }
        var conditions: [SQL] = [Policy.visibleSchools(scope), "school.archivedAt IS NULL"]
        if let municipalityId { conditions.append("school.municipalityId = \(municipalityId)") }
        if let schoolId { conditions.append("school.id = \(schoolId)") }
        let cond: SQL = "\(conditions.joined(operator: .and))"

        // The schools in the programme this year (a flag other than «школа-партнёр», or a roadmap).
        var candidates: [Int64: Candidate] = [:]
        for row in try SQLRequest<Row>(literal: """
            SELECT school.id, school.shortName, school.municipalityId, m.name FROM school JOIN municipality m ON m.id = school.municipalityId
            WHERE \(cond) AND (EXISTS (SELECT 1 FROM schoolStatus s WHERE s.schoolId = school.id AND s.schoolYear = \(y) AND s.flag <> 'partner')
                               OR EXISTS (SELECT 1 FROM roadmap r WHERE r.schoolId = school.id AND r.schoolYear = \(y)))
            """).fetchAll(db) {
            candidates[row[0]] = Candidate(shortName: row[1], municipalityId: row[2], municipalityName: row[3])
        }
        let municipalities = Set(candidates.values.map(\.municipalityId))
        let rulesOn = Set(municipalities.flatMap { settings($0).enabled.map(\.rule) })

        var figures: [WatchRule: [Int64: Int]] = [:]
        func pairs(_ sql: SQL) throws -> [Int64: Int] {
            var out: [Int64: Int] = [:]
            for row in try SQLRequest<Row>(literal: sql).fetchAll(db) { out[row[0]] = row[1] }
            return out
        }
        var lastActivity: [Int64: Date] = [:]
        for rule in WatchRule.allCases where rulesOn.contains(rule) {
            switch rule {
            case .overdueMeasures:
                figures[rule] = try pairs("""
                    SELECT r.schoolId, COUNT(*) FROM measure m JOIN roadmap r ON r.id = m.roadmapId JOIN school ON school.id = r.schoolId
                    WHERE r.schoolYear = \(y) AND m.dueTo IS NOT NULL AND m.dueTo < \(today) AND \(cond)
                      AND NOT EXISTS (SELECT 1 FROM reportItem i WHERE i.measureId = m.id AND i.status IN ('done', 'cancelled'))
                    GROUP BY r.schoolId
                    """)
            case .lateReport:
                figures[rule] = try pairs("""
                    SELECT r.schoolId, CAST(MAX(julianday(\(today)) - julianday(p.dueDate)) AS INTEGER)
                    FROM roadmap r JOIN school ON school.id = r.schoolId
                    JOIN reportPeriod p ON p.municipalityId = school.municipalityId AND p.schoolYear = r.schoolYear
                    LEFT JOIN report rep ON rep.roadmapId = r.id AND rep.periodId = p.id
                    WHERE r.schoolYear = \(y) AND p.dueDate < \(today) AND rep.submittedAt IS NULL AND \(cond)
                    GROUP BY r.schoolId
                    """)
            case .returnedReport:
                figures[rule] = try pairs("""
                    SELECT schoolId, MAX(n) FROM (
                        SELECT r.schoolId, COUNT(*) AS n FROM reportEvent e JOIN report rep ON rep.id = e.reportId
                        JOIN roadmap r ON r.id = rep.roadmapId JOIN school ON school.id = r.schoolId
                        WHERE e.action = 'returned' AND r.schoolYear = \(y) AND \(cond)
                        GROUP BY rep.id)
                    GROUP BY schoolId
                    """)
            case .silent:
                lastActivity = try SchoolActivity.lastActivity(db, schools: cond)
                figures[rule] = Dictionary(uniqueKeysWithValues: candidates.keys.map { ($0, SchoolActivity.daysSilent(lastActivity[$0], today: today)) })
            case .roadmapNotApproved:
                let statuses = try SQLRequest<Row>(literal: """
                    SELECT r.schoolId, r.status FROM roadmap r JOIN school ON school.id = r.schoolId WHERE r.schoolYear = \(y) AND \(cond)
                    """).fetchAll(db)
                let status = Dictionary(statuses.map { ($0[0] as Int64, $0[1] as String) }, uniquingKeysWith: { a, _ in a })
                var out: [Int64: Int] = [:]
                for id in candidates.keys {
                    if let s = status[id] { if let rank = WatchRule.roadmapRanks[s] { out[id] = rank } } else { out[id] = WatchRule.noRoadmap }
                }
                figures[rule] = out
            case .highRiskFactors:
                figures[rule] = try pairs("""
                    SELECT p.schoolId, COUNT(*) FROM riskProfileEntry e JOIN riskProfile p ON p.id = e.profileId JOIN school ON school.id = p.schoolId
                    WHERE p.schoolYear = \(y) AND e.level = 'high' AND \(cond)
                    GROUP BY p.schoolId
                    """)
            case .identifiedTwice:
                var years: [Int64: Set<Int>] = [:]
                for row in try SQLRequest<Row>(literal: """
                    SELECT s.schoolId, s.schoolYear FROM schoolStatus s JOIN school ON school.id = s.schoolId
                    WHERE s.flag = 'lowResults' AND s.schoolYear <= \(y) AND \(cond)
                    """).fetchAll(db) {
                    years[row[0], default: []].insert(row[1])
                }
                figures[rule] = years.compactMapValues { set in
                    var streak = 0
                    while set.contains(y - streak) { streak += 1 }
                    return streak >= 2 ? streak : nil
                }
            }
        }

        // Dismissals of this year, with who dismissed.
        var dismissals: [Int64: [WatchRule: WatchDismissal]] = [:]
        for row in try SQLRequest<Row>(literal: """
            SELECT d.schoolId, d.rule, d.figure, d.note, u.fullName, d.dismissedAt FROM watchFlagDismissal d
            JOIN school ON school.id = d.schoolId LEFT JOIN user u ON u.id = d.dismissedBy
            WHERE d.schoolYear = \(y) AND \(cond)
            """).fetchAll(db) {
            guard let rule = WatchRule(rawValue: row[1]) else { continue }
            dismissals[row[0], default: [:]][rule] = WatchDismissal(figure: row[2], note: row[3], by: row[4], at: row[5])
        }

        var active: [WatchFlag] = [], dismissed: [WatchFlag] = []
        for (id, c) in candidates {
            let set = settings(c.municipalityId)
            for setting in set.enabled {
                guard let figure = figures[setting.rule]?[id], trips(setting, figure: figure, today: today) else { continue }
                var flag = WatchFlag(schoolId: id, shortName: c.shortName, municipalityId: c.municipalityId, municipalityName: c.municipalityName,
                                     rule: setting.rule, figure: figure)
                if let d = dismissals[id]?[setting.rule], holds(d, setting: setting, figure: figure, lastActivity: lastActivity[id]) {
                    flag.dismissal = d
                    dismissed.append(flag)
                } else {
                    active.append(flag)
                }
            }
        }
        let keys = Dictionary(candidates.map { ($0.key, NaturalSortKey($0.value.shortName)) }, uniquingKeysWith: { a, _ in a })
        let order = Dictionary(uniqueKeysWithValues: WatchRule.allCases.enumerated().map { ($1, $0) })
        func sorted(_ flags: [WatchFlag]) -> [WatchFlag] {
            flags.sorted { a, b in
                if a.municipalityName != b.municipalityName { return a.municipalityName < b.municipalityName }
                if a.schoolId != b.schoolId { return keys[a.schoolId]! != keys[b.schoolId]! ? keys[a.schoolId]! < keys[b.schoolId]! : a.schoolId < b.schoolId }
                return order[a.rule]! < order[b.rule]!
            }
        }
        return WatchFlagList(year: year, active: sorted(active), dismissed: sorted(dismissed), anyRuleOn: !rulesOn.isEmpty)
    }

    /// Whether a school's figure trips the rule's setting.
    static func trips(_ setting: WatchRuleSetting, figure: Int, today: String) -> Bool {
        switch setting.rule.parameter {
        case .number: return figure >= (setting.threshold ?? Int.max)
        case .date: return setting.byDate.map { today > $0 } ?? false
        case .none: return true
        }
    }

    /// Whether a dismissal still hides the flag: the figure has not got worse (for the rules counting days: by less
    /// than the rule's number of days), and for «нет активности» the school has not been active since.
    static func holds(_ d: WatchDismissal, setting: WatchRuleSetting, figure: Int, lastActivity: Date?) -> Bool {
        if setting.rule == .silent, let lastActivity, lastActivity > d.at { return false }
        let allowance = setting.rule.countsDays ? max(setting.threshold ?? 0, 1) : 0
        return figure <= d.figure + allowance
    }
}
