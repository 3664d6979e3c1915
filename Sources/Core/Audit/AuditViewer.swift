import Foundation
import GRDB

/// What the audit viewer filters on. Days are yyyy-MM-dd in Moscow time, both ends included.
public struct AuditFilter: Sendable, Equatable {
    public var userId: Int64?
    public var schoolId: Int64?
    public var entity: String?
    public var from: String?
    public var to: String?
    public init(userId: Int64? = nil, schoolId: Int64? = nil, entity: String? = nil, from: String? = nil, to: String? = nil) {
        self.userId = userId; self.schoolId = schoolId; self.entity = entity; self.from = from; self.to = to
    }
}

/// One field of an entry: its value before and after (nil = absent).
public struct AuditChange: Sendable, Equatable {
    public var field: String
    public var before: String?
    public var after: String?
}

public struct AuditRow: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var actorId: Int64?
    /// «Командная строка» for the console.
    public var actorName: String
    public var actorLogin: String?
    public var action: String
    public var entity: String
    public var entityId: Int64?
    /// The school the entry is about, derived from entity + entityId (nil when none or no longer known).
    public var schoolId: Int64?
    public var schoolName: String?
    public var municipalityId: Int64?
    public var changes: [AuditChange]
    /// Fields present on both sides with the same value (not listed in `changes`).
    public var unchangedCount: Int
}

public struct AuditPage: Sendable, Equatable {
    public var rows: [AuditRow]
    public var page: Int
    public var hasNext: Bool
}

/// The audit log as its readers see it: filtered by user, school, entity and days, newest first, in pages; each
/// entry with its before/after as a field-by-field diff. Who sees what is `Policy.visibleAuditEntries`.
public struct AuditViewer: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public static let pageSize = 100
    /// The most rows an export writes.
    public static let exportLimit = 50_000

    public func page(_ scope: Scope, filter: AuditFilter, page: Int = 1) throws -> AuditPage {
        try Policy.requireReadAudit(scope)
        let page = max(1, page)
        return try database.read { db in
            let rows = try Self.rows(db, scope, filter, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
            return AuditPage(rows: Array(rows.prefix(Self.pageSize)), page: page, hasNext: rows.count > Self.pageSize)
        }
    }

    /// Every entry the filter shows (up to `exportLimit`), newest first: for CSV and XLSX.
    public func export(_ scope: Scope, filter: AuditFilter) throws -> [AuditRow] {
        try Policy.requireReadAudit(scope)
        return try database.read { try Self.rows($0, scope, filter, limit: Self.exportLimit, offset: 0) }
    }

    /// The accounts the filter offers: those the scope may list.
    public func userOptions(_ scope: Scope) throws -> [(id: Int64, title: String)] {
        try Policy.requireReadAudit(scope)
        return try database.read { db in
            try SQLRequest<Row>(literal: """
                SELECT id, fullName, login FROM user WHERE \(Policy.visibleUsers(scope)) ORDER BY fullName, login
                """).fetchAll(db).map { (id: $0["id"], title: "\($0["fullName"] as String) (\($0["login"] as String))") }
        }
    }

    public func schoolOptions(_ scope: Scope) throws -> [(id: Int64, title: String)] {
        try Policy.requireReadAudit(scope)
        return try database.read { db in
            SchoolOption.naturallySorted(try SQLRequest<Row>(literal: """
                SELECT id, shortName, name FROM school WHERE \(Policy.visibleSchools(scope))
                """).fetchAll(db).map { SchoolOption(id: $0["id"], shortName: $0["shortName"], name: $0["name"]) })
                .map { (id: $0.id, title: $0.shortName) }
        }
    }

    /// The entities that occur in the log.
    public func entityOptions(_ scope: Scope) throws -> [String] {
        try Policy.requireReadAudit(scope)
        return try database.read { try String.fetchAll($0, sql: "SELECT DISTINCT entity FROM auditEntry ORDER BY entity") }
    }

    // MARK: Query

    /// An id recorded in before/after: a JSON integer, or a text of digits (some snapshots record ids as text).
    static func json(_ column: String, _ key: String) -> String {
        let value = "json_extract(e.\(column), '$.\(key)')"
        return """
            (CASE WHEN json_valid(e.\(column)) AND json_type(e.\(column)) = 'object' THEN
               CASE json_type(e.\(column), '$.\(key)')
                 WHEN 'integer' THEN \(value)
                 WHEN 'text' THEN CASE WHEN \(value) <> '' AND \(value) NOT GLOB '*[^0-9]*' THEN CAST(\(value) AS INTEGER) END
               END
             END)
            """
    }

    /// The school an entry is about, from its entity and id over the existing tables; for rows deleted since, the
    /// `schoolId` of the recorded before/after where it has one.
    static let schoolExpression = """
        CASE e.entity
          WHEN 'school' THEN e.entityId
          WHEN 'schoolStatus' THEN (SELECT schoolId FROM schoolStatusChange WHERE id = e.entityId)
          WHEN 'curatorAssignment' THEN (SELECT schoolId FROM curatorAssignment WHERE id = e.entityId)
          WHEN 'partnership' THEN (SELECT lowResultsSchoolId FROM partnership WHERE id = e.entityId)
          WHEN 'riskProfile' THEN (SELECT schoolId FROM riskProfile WHERE id = e.entityId)
          WHEN 'roadmap' THEN (SELECT schoolId FROM roadmap WHERE id = e.entityId)
          WHEN 'roadmapSection' THEN (SELECT r.schoolId FROM roadmapSection x JOIN roadmap r ON r.id = x.roadmapId WHERE x.id = e.entityId)
          WHEN 'measure' THEN (SELECT r.schoolId FROM measure x JOIN roadmap r ON r.id = x.roadmapId WHERE x.id = e.entityId)
          WHEN 'report' THEN (SELECT r.schoolId FROM report x JOIN roadmap r ON r.id = x.roadmapId WHERE x.id = e.entityId)
          WHEN 'reportItem' THEN (SELECT r.schoolId FROM reportItem i JOIN report x ON x.id = i.reportId JOIN roadmap r ON r.id = x.roadmapId WHERE i.id = e.entityId)
          WHEN 'comment' THEN (SELECT schoolId FROM comment WHERE id = e.entityId)
          WHEN 'document' THEN (SELECT schoolId FROM document WHERE id = e.entityId)
          WHEN 'documentVersion' THEN (SELECT d.schoolId FROM documentVersion v JOIN document d ON d.id = v.documentId WHERE v.id = e.entityId)
          WHEN 'result' THEN (SELECT schoolId FROM result WHERE id = e.entityId)
          WHEN 'user' THEN (SELECT schoolId FROM user WHERE id = e.entityId)
          WHEN 'riskFactor' THEN NULL WHEN 'procedure' THEN NULL WHEN 'documentKind' THEN NULL WHEN 'documentCriterion' THEN NULL
          WHEN 'regionSettings' THEN NULL WHEN 'municipality' THEN NULL
          ELSE NULL
        END
        """

    /// The municipality an entry is about when it names no school (municipal records, accounts, periods, plans).
    static let municipalityExpression = """
        CASE e.entity
          WHEN 'municipality' THEN e.entityId
          WHEN 'reportPeriod' THEN (SELECT municipalityId FROM reportPeriod WHERE id = e.entityId)
          WHEN 'roadmap' THEN (SELECT municipalityId FROM roadmap WHERE id = e.entityId)
          WHEN 'roadmapSection' THEN (SELECT r.municipalityId FROM roadmapSection x JOIN roadmap r ON r.id = x.roadmapId WHERE x.id = e.entityId)
          WHEN 'measure' THEN (SELECT r.municipalityId FROM measure x JOIN roadmap r ON r.id = x.roadmapId WHERE x.id = e.entityId)
          WHEN 'comment' THEN (SELECT municipalityId FROM comment WHERE id = e.entityId)
          WHEN 'coordinatorAppointment' THEN (SELECT municipalityId FROM coordinatorAppointment WHERE id = e.entityId)
          WHEN 'resultImport' THEN (SELECT municipalityId FROM resultImport WHERE id = e.entityId)
          WHEN 'user' THEN (SELECT municipalityId FROM user WHERE id = e.entityId)
          WHEN 'curatorProfile' THEN (SELECT municipalityId FROM user WHERE id = e.entityId)
          WHEN 'municipalEvent' THEN (SELECT municipalityId FROM municipalEvent WHERE id = e.entityId)
          WHEN 'managementDecision' THEN (SELECT municipalityId FROM managementDecision WHERE id = e.entityId)
        END
        """

    static func rows(_ db: Database, _ scope: Scope, _ filter: AuditFilter, limit: Int, offset: Int) throws -> [AuditRow] {
        let school = "COALESCE(\(schoolExpression), \(json("after", "schoolId")), \(json("before", "schoolId")))"
        let inner = """
            SELECT e.*, \(school) AS schoolId,
                   COALESCE(\(municipalityExpression), \(json("after", "municipalityId")), \(json("before", "municipalityId"))) AS ownMunicipalityId,
                   a.fullName AS actorName, a.login AS actorLogin, a.municipalityId AS actorMunicipalityId
            FROM auditEntry e LEFT JOIN user a ON a.id = e.actorId
            """
        var conditions: [SQL] = [Policy.visibleAuditEntries(scope, alias: "x")]
        if let userId = filter.userId { conditions.append("x.actorId = \(userId)") }
        if let schoolId = filter.schoolId { conditions.append("x.schoolId = \(schoolId)") }
        if let entity = filter.entity, !entity.isEmpty { conditions.append("x.entity = \(entity)") }
        if let from = filter.from, let start = Moscow.start(ofDay: from) { conditions.append("x.at >= \(start)") }
        if let to = filter.to, let next = NotificationDays.adding(1, to: to), let end = Moscow.start(ofDay: next) {
            conditions.append("x.at < \(end)")
        }
        let whereClause = conditions.map { "(\($0))" as SQL }.joined(separator: " AND ")
        let request = SQLRequest<Row>(literal: """
            SELECT x.*, s.shortName AS schoolName FROM (
                SELECT y.*, COALESCE((SELECT municipalityId FROM school WHERE id = y.schoolId), y.ownMunicipalityId) AS municipalityId
                FROM (\(sql: inner)) y
            ) x LEFT JOIN school s ON s.id = x.schoolId
            WHERE \(whereClause)
            ORDER BY x.id DESC LIMIT \(limit) OFFSET \(offset)
            """)
        return try request.fetchAll(db).map { r in
            let (changes, unchanged) = AuditDiff.changes(before: r["before"], after: r["after"])
            return AuditRow(id: r["id"], at: r["at"], actorId: r["actorId"],
                            actorName: r["actorName"] ?? (r["actorId"] != nil ? "Удалённая учётная запись"
                                                             : r["action"] == "loginFailed" ? "Посетитель" : "Командная строка"),
                            actorLogin: r["actorLogin"], action: r["action"], entity: r["entity"], entityId: r["entityId"],
                            schoolId: r["schoolId"], schoolName: r["schoolName"], municipalityId: r["municipalityId"],
                            changes: changes, unchangedCount: unchanged)
        }
    }

}

/// A readable field-by-field comparison of two JSON texts as the audit log records them.
public enum AuditDiff {
    /// Changed, added and removed fields (in key order); objects compare per key, anything else as one «значение».
    public static func changes(before: String?, after: String?) -> (changes: [AuditChange], unchanged: Int) {
        let b = before.flatMap(JSONValue.parse), a = after.flatMap(JSONValue.parse)
        let bObject = b?.object, aObject = a?.object
        if (b == nil || bObject != nil) && (a == nil || aObject != nil) && (bObject != nil || aObject != nil) {
            let keys = Set((bObject ?? [:]).keys).union((aObject ?? [:]).keys).sorted()
            var changes: [AuditChange] = []
            var unchanged = 0
            for key in keys {
                let old = bObject?[key]?.text, new = aObject?[key]?.text
                if old == new { unchanged += 1; continue }
                changes.append(AuditChange(field: key, before: old, after: new))
            }
            return (changes, unchanged)
        }
        let old = b?.text, new = a?.text
        if old == nil && new == nil { return ([], 0) }
        if old == new { return ([], 1) }
        return ([AuditChange(field: "значение", before: old, after: new)], 0)
    }
}

/// A JSON value read strictly (a boolean is never a number and the reverse).
indirect enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), int(Int64), double(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int64.self) { self = .int(v) }
        else if let v = try? c.decode(Double.self) { self = .double(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }

    /// As people read it: strings as they are, booleans «да»/«нет», null «—», nested values compactly.
    var text: String {
        switch self {
        case .null: "—"
        case .bool(let v): v ? "да" : "нет"
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .string(let v): v
        case .array(let items): "[" + items.map(\.nestedText).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.keys.sorted().map { "\($0): \(o[$0]!.nestedText)" }.joined(separator: ", ") + "}"
        }
    }

    private var nestedText: String {
        if case .string(let v) = self { return "«\(v)»" }
        return text
    }
}
