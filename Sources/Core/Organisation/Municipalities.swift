import Foundation
import GRDB

public struct MunicipalityListItem: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var shortName: String
    public var isArchived: Bool
    public var schoolCount: Int
    public var lowResultsCount: Int
    public var curatorCount: Int
}

/// A municipal coordinator as the municipality's page lists them.
public struct CoordinatorItem: Sendable, Equatable {
    public var appointmentId: Int64?
    public var userId: Int64
    public var fullName: String
    public var login: String
    public var position: String
    public var orderNumber: String?
    /// As written in the order, `yyyy-MM-dd`.
    public var orderDate: String?
}

public struct MunicipalityDetail: Sendable {
    public var municipality: Municipality
    public var year: SchoolYear
    public var schoolCount: Int
    public var lowResultsCount: Int
    public var curatorCount: Int
    public var coordinators: [CoordinatorItem]
}

public struct MunicipalityInput: Sendable, Equatable {
    public var name: String
    public var shortName: String
    public init(name: String, shortName: String) { self.name = name; self.shortName = shortName }
}

public struct AppointmentInput: Sendable, Equatable {
    public var userId: Int64
    public var position: String
    public var orderNumber: String
    /// `yyyy-MM-dd` or `dd.MM.yyyy`; empty for none.
    public var orderDate: String
    public init(userId: Int64, position: String, orderNumber: String, orderDate: String) {
        self.userId = userId; self.position = position; self.orderNumber = orderNumber; self.orderDate = orderDate
    }
}

/// Municipalities: the region's list, a municipality's page, and their management by the region.
public struct Municipalities: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public func list(_ scope: Scope, includeArchived: Bool = true) throws -> (year: SchoolYear, items: [MunicipalityListItem]) {
        // Counted once until schools, statuses, curators or municipalities change (every coordinator's filters ask).
        let key = MunicipalityListKey(scope: ScopeKey(scope), includeArchived: includeArchived,
                                      runningYear: SchoolYear.containing(database.now).start)
        let list = try database.municipalityLists.value(key, in: database) { db in try uncachedList(db, scope, includeArchived: includeArchived) }
        return (list.year, list.items)
    }

    func uncachedList(_ db: Database, _ scope: Scope, includeArchived: Bool) throws -> MunicipalityList {
        let year = try SchoolDirectory(database: database).defaultYear(db)
        var conditions: [SQL] = [Policy.visibleMunicipalities(scope)]
        if !includeArchived { conditions.append("municipality.archivedAt IS NULL") }
        let rows = try SQLRequest<Row>(literal: """
            SELECT municipality.id, municipality.name, municipality.shortName,
                   municipality.archivedAt IS NOT NULL AS isArchived,
                   (SELECT COUNT(*) FROM school WHERE school.municipalityId = municipality.id AND school.archivedAt IS NULL) AS schoolCount,
                   (SELECT COUNT(*) FROM schoolStatus s JOIN school ON school.id = s.schoolId
                     WHERE school.municipalityId = municipality.id AND s.schoolYear = \(year.start) AND s.flag = 'lowResults') AS lowCount,
                   (SELECT COUNT(*) FROM user WHERE user.municipalityId = municipality.id AND user.role = 'curator' AND user.isActive) AS curatorCount
            FROM municipality WHERE \(conditions.joined(operator: .and))
            ORDER BY municipality.archivedAt IS NOT NULL, municipality.name
            """).fetchAll(db)
        return MunicipalityList(year: year, items: rows.map {
            MunicipalityListItem(id: $0["id"], name: $0["name"], shortName: $0["shortName"], isArchived: $0["isArchived"],
                                 schoolCount: $0["schoolCount"], lowResultsCount: $0["lowCount"], curatorCount: $0["curatorCount"])
        })
    }

    /// Throws `.notFound` / `.forbidden` like `Policy.authorizeRead` does for schools.
    static func authorizeRead(_ scope: Scope, municipality id: Int64, _ db: Database) throws -> Municipality {
        guard let municipality = try Municipality.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
        try Policy.authorizeRead(scope, municipality: id, db)
        return municipality
    }

    public func detail(_ scope: Scope, id: Int64) throws -> MunicipalityDetail {
        try database.read { db in
            let municipality = try Self.authorizeRead(scope, municipality: id, db)
            let year = try SchoolDirectory(database: database).defaultYear(db)
            let schools = try Int.fetchOne(db, cachedSQL: "SELECT COUNT(*) FROM school WHERE municipalityId = ? AND archivedAt IS NULL", arguments: [id]) ?? 0
            let low = try Int.fetchOne(db, cachedSQL: """
                SELECT COUNT(*) FROM schoolStatus s JOIN school ON school.id = s.schoolId
                WHERE school.municipalityId = ? AND s.schoolYear = ? AND s.flag = 'lowResults'
                """, arguments: [id, year.start]) ?? 0
            let curators = try Int.fetchOne(db, cachedSQL: "SELECT COUNT(*) FROM user WHERE municipalityId = ? AND role = 'curator' AND isActive", arguments: [id]) ?? 0
            return MunicipalityDetail(municipality: municipality, year: year, schoolCount: schools, lowResultsCount: low,
                                      curatorCount: curators, coordinators: try Self.coordinators(db, municipalityId: id))
        }
    }

    static func coordinators(_ db: Database, municipalityId: Int64) throws -> [CoordinatorItem] {
        let rows = try Row.fetchAll(db, cachedSQL: """
            SELECT user.id AS userId, user.fullName, user.login, a.id AS appointmentId, a.position, a.orderNumber, a.orderDate
            FROM user LEFT JOIN coordinatorAppointment a
              ON a.userId = user.id AND a.municipalityId = user.municipalityId
             AND a.id = (SELECT MAX(id) FROM coordinatorAppointment WHERE userId = user.id AND municipalityId = user.municipalityId)
            WHERE user.municipalityId = ? AND user.role = 'municipal' AND user.isActive
            ORDER BY user.fullName
            """, arguments: [municipalityId])
        return rows.map {
            CoordinatorItem(appointmentId: $0["appointmentId"], userId: $0["userId"], fullName: $0["fullName"], login: $0["login"],
                            position: $0["position"] ?? "", orderNumber: $0["orderNumber"], orderDate: $0["orderDate"])
        }
    }

    /// A municipality's name for a page's heading, if the scope may read it ("" otherwise).
    public func name(_ scope: Scope, id: Int64) throws -> String {
        try database.read { db in
            try SQLRequest<String>(literal: "SELECT name FROM municipality WHERE id = \(id) AND \(Policy.visibleMunicipalities(scope))").fetchOne(db)
        } ?? ""
    }

    /// The record for an edit form.
    public func municipality(_ scope: Scope, id: Int64) throws -> Municipality {
        try Policy.requireRegionSettings(scope)
        return try database.read { db in
            guard let m = try Municipality.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            return m
        }
    }

    static func validate(_ input: MunicipalityInput, _ db: Database, excluding id: Int64?) throws -> MunicipalityInput {
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let shortName = input.shortName.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if name.isEmpty { errors.append(FieldError("name", "Введите название муниципалитета")) }
        else if name.count > 200 { errors.append(FieldError("name", "Название — не длиннее 200 знаков")) }
        if shortName.isEmpty { errors.append(FieldError("shortName", "Введите краткое название")) }
        else if shortName.count > 100 { errors.append(FieldError("shortName", "Краткое название — не длиннее 100 знаков")) }
        if !name.isEmpty {
            let taken = try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM municipality WHERE lower_ru(name) = lower_ru(?) AND id IS NOT ?)",
                                          arguments: [name, id]) ?? false
            if taken { errors.append(FieldError("name", "Муниципалитет с таким названием уже есть")) }
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return MunicipalityInput(name: name, shortName: shortName)
    }

    public func create(_ scope: Scope, _ input: MunicipalityInput) throws -> Municipality {
        try Policy.requireRegionSettings(scope)
        return try database.write { db in
            let clean = try Self.validate(input, db, excluding: nil)
            let now = database.now
            var m = Municipality(name: clean.name, shortName: clean.shortName, createdAt: now, updatedAt: now)
            try m.insert(db)
            try AuditLog.record(db, scope, action: "create", entity: "municipality", id: m.id, before: String?.none,
                                after: ["name": m.name, "shortName": m.shortName], at: now)
            return m
        }
    }

    public func update(_ scope: Scope, id: Int64, _ input: MunicipalityInput) throws {
        try Policy.requireRegionSettings(scope)
        try database.write { db in
            guard var m = try Municipality.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            let clean = try Self.validate(input, db, excluding: id)
            let before = ["name": m.name, "shortName": m.shortName]
            m.name = clean.name; m.shortName = clean.shortName; m.updatedAt = database.now
            try m.update(db)
            try AuditLog.record(db, scope, action: "update", entity: "municipality", id: id, before: before,
                                after: ["name": m.name, "shortName": m.shortName], at: m.updatedAt)
        }
    }

    /// Archives (or restores) a municipality; its schools and history stay.
    public func setArchived(_ scope: Scope, id: Int64, _ archived: Bool) throws {
        try Policy.requireRegionSettings(scope)
        try database.write { db in
            guard var m = try Municipality.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            guard (m.archivedAt != nil) != archived else { return }
            let now = database.now
            m.archivedAt = archived ? now : nil
            m.updatedAt = now
            try m.update(db)
            try AuditLog.record(db, scope, action: archived ? "archive" : "restore", entity: "municipality", id: id, at: now)
        }
    }

    /// Records (or replaces) the appointment of a municipal coordinator: position, order number and date.
    public func recordAppointment(_ scope: Scope, municipalityId: Int64, _ input: AppointmentInput) throws {
        try Policy.requireRecordAppointment(scope)
        try database.write { db in
            guard try Municipality.fetchOne(db, cachedKey: municipalityId) != nil else { throw DomainError.notFound }
            guard let user = try User.fetchOne(db, cachedKey: input.userId), user.role == .municipal,
                  user.municipalityId == municipalityId else {
                throw DomainError.invalid([FieldError("userId", "Выберите муниципального координатора этого муниципалитета")])
            }
            let position = input.position.trimmingCharacters(in: .whitespacesAndNewlines)
            var errors: [FieldError] = []
            if position.count > 300 { errors.append(FieldError("position", "Должность — не длиннее 300 знаков")) }
            let (number, date) = Self.order(number: input.orderNumber, date: input.orderDate, errors: &errors)
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            let now = database.now
            let previous = try Row.fetchOne(db, cachedSQL: "SELECT id, position, orderNumber, orderDate FROM coordinatorAppointment WHERE userId = ? AND municipalityId = ? ORDER BY id DESC LIMIT 1",
                                            arguments: [user.id, municipalityId])
            let after = ["position": position, "orderNumber": number, "orderDate": date ?? ""]
            if let previous {
                let id: Int64 = previous["id"]
                try db.execute(sql: "UPDATE coordinatorAppointment SET position = ?, orderNumber = ?, orderDate = ? WHERE id = ?",
                               arguments: [position, number.isEmpty ? nil : number, date, id])
                let before = ["position": previous["position"] ?? "", "orderNumber": previous["orderNumber"] ?? "", "orderDate": previous["orderDate"] ?? ""] as [String: String]
                try AuditLog.record(db, scope, action: "update", entity: "coordinatorAppointment", id: id, before: before, after: after, at: now)
            } else {
                try db.execute(sql: "INSERT INTO coordinatorAppointment (userId, municipalityId, position, orderNumber, orderDate, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [user.id, municipalityId, position, number.isEmpty ? nil : number, date, now])
                try AuditLog.record(db, scope, action: "create", entity: "coordinatorAppointment", id: db.lastInsertedRowID,
                                    before: [String: String]?.none, after: after, at: now)
            }
        }
    }

    /// The order (приказ) behind an appointment or an assignment: the trimmed number and the date as `yyyy-MM-dd`
    /// (nil when empty); a number needs a date. Errors go to the fields `orderNumber` and `orderDate`.
    public static func order(number: String, date dateText: String, errors: inout [FieldError]) -> (number: String, date: String?) {
        let number = number.trimmingCharacters(in: .whitespacesAndNewlines)
        let dateText = dateText.trimmingCharacters(in: .whitespacesAndNewlines)
        var failed = false
        if number.count > 50 { errors.append(FieldError("orderNumber", "Номер приказа — не длиннее 50 знаков")); failed = true }
        var date: String? = nil
        if !dateText.isEmpty {
            date = isoDate(dateText)
            if date == nil { errors.append(FieldError("orderDate", "Дата приказа — в виде дд.мм.гггг")); failed = true }
        }
        if !number.isEmpty && date == nil && !failed {
            errors.append(FieldError("orderDate", "Укажите дату приказа"))
        }
        return (number, date)
    }

    /// `yyyy-MM-dd` from `dd.MM.yyyy` or `yyyy-MM-dd`; nil when it is not a real date.
    public static func isoDate(_ text: String) -> String? {
        let parts = text.split(whereSeparator: { $0 == "." || $0 == "-" }).map(String.init)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return nil }
        let (y, m, d) = parts[0].count == 4 ? (a, b, c) : (c, b, a)
        guard (1990...2100).contains(y), (1...12).contains(m) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d)),
              calendar.component(.day, from: date) == d else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}

/// What a cached municipality list depends on besides the data.
struct MunicipalityListKey: Hashable, Sendable {
    var scope: ScopeKey
    var includeArchived: Bool
    var runningYear: Int
}

struct MunicipalityList: Sendable {
    var year: SchoolYear
    var items: [MunicipalityListItem]
}
