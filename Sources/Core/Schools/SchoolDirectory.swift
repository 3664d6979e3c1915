import Foundation
import GRDB

/// A row of a school list.
public struct SchoolListItem: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var shortName: String
    public var kind: SchoolKind
    public var municipalityId: Int64
    public var municipalityName: String
    public var isArchived: Bool
    /// Flags in force in the listed school year.
    public var flags: [StatusFlag]
    /// The last sign-in or change of the school's accounts, for those who read activity.
    public var lastActivity: Date? = nil
}

public struct SchoolListFilter: Sendable, Hashable {
    public var search: String = ""
    public var municipalityId: Int64? = nil
    public var kind: SchoolKind? = nil
    public var flag: StatusFlag? = nil
    public var year: SchoolYear? = nil
    public var includeArchived = false
    public var sort: SchoolListSort = .municipality
    /// «нет активности N дней»: only schools whose accounts have not signed in nor changed anything for N days.
    public var silentDays: Int? = nil
    public init() {}

    /// The bounds of `silentDays`.
    public static let silentDaysRange = 0...3650
}

/// Orders of the school list (`?sort=`); names compare naturally: «СШ № 2» before «СШ № 11».
public enum SchoolListSort: String, Sendable, CaseIterable {
    case name, municipality, kind

    public var title: String {
        switch self {
        case .name: "по названию"
        case .municipality: "по муниципалитету"
        case .kind: "по виду"
        }
    }
}

public struct SchoolList: Sendable {
    public var year: SchoolYear
    public var items: [SchoolListItem]
    /// Whether the items carry their last activity (the scope reads it).
    public var showsActivity = false
}

/// The school card as its page shows it.
public struct SchoolCard: Sendable {
    public var school: School
    public var municipality: Municipality
    public var flagsByYear: [(year: SchoolYear, flags: [StatusFlag])]
}

/// Schools: lists and cards, always within the acting user's scope.
public struct SchoolDirectory: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// The latest school year with any status recorded, not later than the running one.
    public func defaultYear() throws -> SchoolYear {
        try database.read { try defaultYear($0) }
    }

    func defaultYear(_ db: Database) throws -> SchoolYear {
        let running = SchoolYear.containing(database.now)
        let latest = try Int.fetchOne(db, cachedSQL: "SELECT MAX(schoolYear) FROM schoolStatusChange WHERE schoolYear <= ?", arguments: [running.start])
        return latest.map(SchoolYear.init) ?? running
    }

    public func list(_ scope: Scope, filter: SchoolListFilter = SchoolListFilter()) throws -> SchoolList {
        // The same list for the same scope and filter until a commit changes what it was read from: the region's
        // 2,000 rows are read, decoded and sorted once, not on every page view.
        let key = SchoolListKey(scope: ScopeKey(scope), filter: filter, runningYear: SchoolYear.containing(database.now).start)
        let list = try database.schoolLists.value(key, in: database) { db in try uncachedList(db, scope, filter: filter) }
        return try withActivity(scope, list, silentDays: filter.silentDays)
    }

    /// The list with each school's last activity, filtered by `silentDays`. Read on every view, after the cache:
    /// every audited change and sign-in writes what it reads, and would otherwise throw the cached list away.
    func withActivity(_ scope: Scope, _ list: SchoolList, silentDays: Int?) throws -> SchoolList {
        guard Policy.mayReadSchoolActivity(scope) else { return list }
        if let silentDays, !SchoolListFilter.silentDaysRange.contains(silentDays) {
            throw DomainError.invalid([FieldError("silent", "Число дней без активности — от \(SchoolListFilter.silentDaysRange.lowerBound) до \(SchoolListFilter.silentDaysRange.upperBound)")])
        }
        let now = database.now
        let activity = try database.read { db in try SchoolActivity.lastActivity(db, schools: Policy.visibleSchools(scope)) }
        let today = Moscow.day(now)
        var out = list
        out.showsActivity = true
        out.items = list.items.compactMap { item in
            var item = item
            item.lastActivity = activity[item.id]
            if let silentDays, SchoolActivity.daysSilent(item.lastActivity, today: today) < silentDays { return nil }
            return item
        }
        return out
    }

    func uncachedList(_ db: Database, _ scope: Scope, filter: SchoolListFilter) throws -> SchoolList {
        let year = try filter.year ?? defaultYear(db)
        var conditions: [SQL] = [Policy.visibleSchools(scope)]
        if !filter.includeArchived { conditions.append("school.archivedAt IS NULL") }
        let search = filter.search.trimmingCharacters(in: .whitespacesAndNewlines)
        if !search.isEmpty {
            // SQLite's LIKE folds ASCII only, so Cyrillic is folded here and in the stored name alike.
            let pattern = "%" + search.lowercased() + "%"
            conditions.append("(lower_ru(school.name) LIKE \(pattern) OR lower_ru(school.shortName) LIKE \(pattern))")
        }
        if let id = filter.municipalityId { conditions.append("school.municipalityId = \(id)") }
        if let kind = filter.kind { conditions.append("school.kind = \(kind.rawValue)") }
        if let flag = filter.flag {
            conditions.append("EXISTS (SELECT 1 FROM schoolStatus s WHERE s.schoolId = school.id AND s.schoolYear = \(year.start) AND s.flag = \(flag.rawValue))")
        }
        let whereClause = conditions.joined(operator: .and)
        let rows = try SQLRequest<Row>(literal: """
            SELECT school.id, school.name, school.shortName, school.kind, school.municipalityId,
                   municipality.name AS municipalityName, school.archivedAt IS NOT NULL AS isArchived
            FROM school JOIN municipality ON municipality.id = school.municipalityId
            WHERE \(whereClause)
            """).fetchAll(db)
        var flags: [Int64: [StatusFlag]] = [:]
        let statusRows = try SQLRequest<Row>(literal: """
            SELECT s.schoolId, s.flag FROM schoolStatus s JOIN school ON school.id = s.schoolId
            WHERE s.schoolYear = \(year.start) AND \(Policy.visibleSchools(scope))
            """).fetchAll(db)
        // Columns by position: GRDB's lookup by name folds case on every access, which shows at 2,000 rows.
        for row in statusRows {
            if let flag = StatusFlag(rawValue: row[1]) { flags[row[0], default: []].append(flag) }
        }
        let items = rows.map { row in
            let id: Int64 = row[0]
            return SchoolListItem(id: id, name: row[1], shortName: row[2], kind: SchoolKind(rawValue: row[3]) ?? .other,
                                  municipalityId: row[4], municipalityName: row[5], isArchived: row[6],
                                  flags: (flags[id] ?? []).sorted { $0.sortOrder < $1.sortOrder })
        }
        return SchoolList(year: year, items: Self.sorted(items, by: filter.sort))
    }

    static func sorted(_ items: [SchoolListItem], by sort: SchoolListSort) -> [SchoolListItem] {
        let kindRank = Dictionary(uniqueKeysWithValues: SchoolKind.allCases.enumerated().map { ($1, $0) })
        let names = items.map { NaturalSortKey($0.shortName) }
        // Municipality names repeat: one key per distinct name.
        var municipalityKeys: [Int64: NaturalSortKey] = [:]
        if sort == .municipality {
            for item in items where municipalityKeys[item.municipalityId] == nil {
                municipalityKeys[item.municipalityId] = NaturalSortKey(item.municipalityName)
            }
        }
        // Sorting indices keeps the large rows still: only integers move.
        let order = items.indices.sorted { i, j in
            let a = items[i], b = items[j]
            switch sort {
            case .name:
                break
            case .municipality:
                if a.municipalityId != b.municipalityId, let x = municipalityKeys[a.municipalityId], let y = municipalityKeys[b.municipalityId], x != y {
                    return x < y
                }
            case .kind:
                if a.kind != b.kind { return kindRank[a.kind]! < kindRank[b.kind]! }
            }
            if names[i] != names[j] { return names[i] < names[j] }
            return a.id < b.id
        }
        return order.map { items[$0] }
    }

    /// School years with any status recorded for the schools the scope reads, newest first.
    public func yearsPresent(_ scope: Scope) throws -> [SchoolYear] {
        try database.read { db in
            try SQLRequest<Int>(literal: """
                SELECT DISTINCT c.schoolYear FROM schoolStatusChange c JOIN school ON school.id = c.schoolId
                WHERE \(Policy.visibleSchools(scope)) ORDER BY c.schoolYear DESC
                """).fetchAll(db).map(SchoolYear.init)
        }
    }

    /// Municipalities the scope reads, by name: the list's filter.
    public func municipalities(_ scope: Scope) throws -> [Municipality] {
        try database.read { db in
            try SQLRequest<Municipality>(literal: "SELECT * FROM municipality WHERE \(Policy.visibleMunicipalities(scope)) ORDER BY name").fetchAll(db)
        }
    }

    /// Municipalities where the scope may create schools.
    public func manageableMunicipalities(_ scope: Scope) throws -> [Municipality] {
        try database.read { db in
            try SQLRequest<Municipality>(literal: "SELECT * FROM municipality WHERE \(Policy.manageableMunicipalities(scope)) AND archivedAt IS NULL ORDER BY name").fetchAll(db)
        }
    }

    public func card(_ scope: Scope, id: Int64) throws -> SchoolCard {
        try database.read { db in try Self.card(db, scope, id: id) }
    }

    static func card(_ db: Database, _ scope: Scope, id: Int64) throws -> SchoolCard {
        try Policy.authorizeRead(scope, school: id, db)
        guard let school = try School.fetchOne(db, cachedSQL: "SELECT * FROM school WHERE id = ?", arguments: [id]),
              let municipality = try Municipality.fetchOne(db, cachedSQL: "SELECT * FROM municipality WHERE id = ?", arguments: [school.municipalityId])
        else { throw DomainError.notFound }
        let rows = try Row.fetchAll(db, cachedSQL: "SELECT schoolYear, flag FROM schoolStatus WHERE schoolId = ? ORDER BY schoolYear DESC", arguments: [id])
        var byYear: [(year: SchoolYear, flags: [StatusFlag])] = []
        for row in rows {
            let year = SchoolYear(row["schoolYear"])
            guard let flag = StatusFlag(rawValue: row["flag"]) else { continue }
            if byYear.last?.year == year { byYear[byYear.count - 1].flags.append(flag) } else { byYear.append((year, [flag])) }
        }
        for i in byYear.indices { byYear[i].flags.sort { $0.sortOrder < $1.sortOrder } }
        return SchoolCard(school: school, municipality: municipality, flagsByYear: byYear)
    }
}

extension StatusFlag {
    var sortOrder: Int { StatusFlag.allCases.firstIndex(of: self) ?? 0 }
}
