import Foundation
import GRDB

public struct PartnershipItem: Sendable, Equatable {
    public var id: Int64
    public var year: SchoolYear
    public var municipalityId: Int64
    public var municipalityName: String
    public var lowResultsSchool: SchoolOption
    public var partners: [SchoolOption]
    public var forms: String
}

public struct PartnershipInput: Sendable, Equatable {
    public var lowResultsSchoolId: Int64?
    public var partnerSchoolIds: [Int64]
    public var year: SchoolYear?
    public var forms: String
    /// The coordinator confirmed a lyceum or gymnasium as the low-results school (the form warns first).
    public var confirmsKind: Bool
    public init(lowResultsSchoolId: Int64?, partnerSchoolIds: [Int64], year: SchoolYear?, forms: String, confirmsKind: Bool = false) {
        self.lowResultsSchoolId = lowResultsSchoolId; self.partnerSchoolIds = partnerSchoolIds
        self.year = year; self.forms = forms; self.confirmsKind = confirmsKind
    }
}

/// Partner groups: a low-results school with one or more schools of stable results, per school year.
public struct Partnerships: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    struct Snapshot: Codable {
        var municipalityId: Int64; var schoolYear: Int; var lowResultsSchoolId: Int64; var partnerSchoolIds: [Int64]; var forms: String
    }

    /// The groups of a year the scope may read: a municipal coordinator their municipality's; the region all or one municipality's.
    public func list(_ scope: Scope, municipalityId: Int64? = nil, year: SchoolYear? = nil) throws -> (year: SchoolYear, items: [PartnershipItem]) {
        try Policy.requireReadMunicipalityProgramme(scope, municipalityId: Policy.isFixedToMunicipality(scope) ? nil : municipalityId)
        return try database.read { db in
            let year = try year ?? SchoolDirectory(database: database).defaultYear(db)
            var conditions: [SQL] = ["p.schoolYear = \(year.start)", Policy.visibleSchools(scope, alias: "low")]
            if let municipalityId { conditions.append("low.municipalityId = \(municipalityId)") }
            let rows = try SQLRequest<Row>(literal: """
                SELECT p.id, p.schoolYear, p.forms, low.id AS lowId, low.shortName AS lowShort, low.name AS lowName,
                       low.municipalityId, municipality.name AS municipalityName
                FROM partnership p JOIN school low ON low.id = p.lowResultsSchoolId
                JOIN municipality ON municipality.id = low.municipalityId
                WHERE \(conditions.joined(operator: .and))
                ORDER BY municipality.name, low.shortName, p.id
                """).fetchAll(db)
            return (year, try rows.map { row in try Self.item(db, row) })
        }
    }

    static func item(_ db: Database, _ row: Row) throws -> PartnershipItem {
        let id: Int64 = row["id"]
        let partners = try Row.fetchAll(db, cachedSQL: """
            SELECT school.id, school.shortName, school.name FROM partnershipMember m JOIN school ON school.id = m.partnerSchoolId
            WHERE m.partnershipId = ? ORDER BY school.shortName
            """, arguments: [id]).map { SchoolOption(id: $0["id"], shortName: $0["shortName"], name: $0["name"]) }
        return PartnershipItem(id: id, year: SchoolYear(row["schoolYear"]), municipalityId: row["municipalityId"],
                               municipalityName: row["municipalityName"],
                               lowResultsSchool: SchoolOption(id: row["lowId"], shortName: row["lowShort"], name: row["lowName"]),
                               partners: partners, forms: row["forms"])
    }

    /// One group, for its edit form or its delete confirmation: requires the right to manage its municipality.
    public func partnership(_ scope: Scope, id: Int64) throws -> PartnershipItem {
        try database.read { db in
            guard let row = try Row.fetchOne(db, cachedSQL: """
                SELECT p.id, p.schoolYear, p.forms, low.id AS lowId, low.shortName AS lowShort, low.name AS lowName,
                       low.municipalityId, municipality.name AS municipalityName
                FROM partnership p JOIN school low ON low.id = p.lowResultsSchoolId
                JOIN municipality ON municipality.id = low.municipalityId WHERE p.id = ?
                """, arguments: [id]) else { throw DomainError.notFound }
            try Policy.requireManageMunicipality(scope, row["municipalityId"])
            return try Self.item(db, row)
        }
    }

    /// Schools a form may offer in a municipality the scope manages.
    public func schoolOptions(_ scope: Scope, municipalityId: Int64) throws -> [SchoolOption] {
        try Policy.requireManageMunicipality(scope, municipalityId)
        return try database.read { db in try Curators.schoolOptions(db, municipalityId: municipalityId) }
    }

    /// Checks the rules and returns the municipality of the group.
    static func validate(_ scope: Scope, _ input: PartnershipInput, _ db: Database, excluding id: Int64?) throws -> (Int64, SchoolYear, Int64, [Int64], String) {
        var errors: [FieldError] = []
        var low: School? = nil
        if let lowId = input.lowResultsSchoolId {
            low = try School.fetchOne(db, cachedKey: lowId)
            if low == nil { errors.append(FieldError("lowResultsSchoolId", "Выберите школу с низкими результатами")) }
        } else {
            errors.append(FieldError("lowResultsSchoolId", "Выберите школу с низкими результатами"))
        }
        if let low { try Policy.requireManageMunicipality(scope, low.municipalityId) }
        if input.year == nil { errors.append(FieldError("year", "Выберите учебный год")) }
        let partnerIds = Array(Set(input.partnerSchoolIds)).sorted()
        if partnerIds.isEmpty {
            errors.append(FieldError("partners", "Выберите хотя бы одну школу-партнёра"))
        } else if let low {
            if partnerIds.contains(low.id!) {
                errors.append(FieldError("partners", "Школа с низкими результатами не может быть партнёром самой себе"))
            }
            let others = partnerIds.filter { $0 != low.id! }
            if !others.isEmpty {
                let same = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM school WHERE municipalityId = ? AND id IN (\(others.map { _ in "?" }.joined(separator: ",")))",
                                            arguments: StatementArguments([low.municipalityId] + others)) ?? 0
                if same != others.count {
                    errors.append(FieldError("partners", "Все школы группы должны быть из одного муниципалитета"))
                }
            }
        }
        let forms = input.forms.trimmingCharacters(in: .whitespacesAndNewlines)
        if forms.count > 2000 { errors.append(FieldError("forms", "Формы работы — не длиннее 2000 знаков")) }
        if let low, let year = input.year, errors.isEmpty {
            errors += try roleErrors(db, low: low, partnerIds: partnerIds, year: year, confirmsKind: input.confirmsKind)
        }
        if let low, let year = input.year, errors.isEmpty {
            let taken = try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM partnership WHERE lowResultsSchoolId = ? AND schoolYear = ? AND id IS NOT ?)",
                                          arguments: [low.id, year.start, id]) ?? false
            if taken {
                errors.append(FieldError("lowResultsSchoolId", "У школы «\(low.shortName)» уже есть группа партнёров в \(year.title) учебном году"))
            }
        }
        guard errors.isEmpty, let low, let year = input.year else { throw DomainError.invalid(errors) }
        return (low.municipalityId, year, low.id!, partnerIds, forms)
    }

    /// The flags that put a school on the low-results side of a group.
    static let lowResultsFlags: [StatusFlag] = [.lowResults, .programmeParticipant]

    /// Statuses of the year that contradict the roles: a partner on the low-results list; a low-results school left off
    /// the municipality's list of that year (when there is one). A lyceum or gymnasium as the low-results school is a
    /// warning the coordinator may confirm.
    static func roleErrors(_ db: Database, low: School, partnerIds: [Int64], year: SchoolYear, confirmsKind: Bool) throws -> [FieldError] {
        var errors: [FieldError] = []
        let flags = lowResultsFlags.map(\.rawValue)
        let flagList = flags.map { _ in "?" }.joined(separator: ",")
        let listed = try Int64.fetchSet(db, sql: """
            SELECT DISTINCT st.schoolId FROM schoolStatus st JOIN school s ON s.id = st.schoolId
            WHERE s.municipalityId = ? AND st.schoolYear = ? AND st.flag IN (\(flagList))
            """, arguments: StatementArguments([low.municipalityId, year.start] as [DatabaseValueConvertible]) + StatementArguments(flags))
        if !listed.isEmpty && !listed.contains(low.id!) {
            errors.append(FieldError("lowResultsSchoolId", "Школа «\(low.shortName)» не в перечне ШНОР на \(year.title) учебный год: выберите школу из перечня или сначала отметьте её статус"))
        }
        let lowPartners = SchoolOption.naturallySorted(try School.fetchAll(db, keys: partnerIds.filter(listed.contains))
            .map { SchoolOption(id: $0.id!, shortName: $0.shortName, name: $0.name) })
        if !lowPartners.isEmpty {
            let names = lowPartners.map { "«\($0.shortName)»" }.joined(separator: ", ")
            errors.append(FieldError("partners", "\(lowPartners.count == 1 ? "Школа" : "Школы") \(names) в перечне ШНОР на \(year.title) учебный год: партнёрами выбирают школы со стабильными результатами"))
        }
        if errors.isEmpty && (low.kind == .gymnasium || low.kind == .lyceum) && !confirmsKind {
            errors.append(FieldError("confirmKind", "«\(low.shortName)» — \(low.kind.title.lowercased()): обычно это школа со стабильными результатами. Если она действительно в группе как школа с низкими результатами, подтвердите это"))
        }
        return errors
    }

    @discardableResult
    public func create(_ scope: Scope, _ input: PartnershipInput) throws -> Int64 {
        try Policy.requireRunMunicipalProgramme(scope)
        return try database.write { db in
            let (municipalityId, year, lowId, partners, forms) = try Self.validate(scope, input, db, excluding: nil)
            return try Self.insert(db, scope, municipalityId: municipalityId, year: year, lowId: lowId, partners: partners,
                                   forms: forms, at: database.now)
        }
    }

    /// Writes a checked group and its audit entry, in the caller's transaction.
    static func insert(_ db: Database, _ scope: Scope, municipalityId: Int64, year: SchoolYear, lowId: Int64, partners: [Int64],
                       forms: String, at now: Date) throws -> Int64 {
        try db.execute(sql: "INSERT INTO partnership (schoolYear, lowResultsSchoolId, forms, createdAt) VALUES (?, ?, ?, ?)",
                       arguments: [year.start, lowId, forms, now])
        let id = db.lastInsertedRowID
        for partner in partners {
            try db.execute(sql: "INSERT INTO partnershipMember (partnershipId, partnerSchoolId) VALUES (?, ?)", arguments: [id, partner])
        }
        try AuditLog.record(db, scope, action: "create", entity: "partnership", id: id, before: Snapshot?.none,
                            after: Snapshot(municipalityId: municipalityId, schoolYear: year.start, lowResultsSchoolId: lowId,
                                            partnerSchoolIds: partners, forms: forms), at: now)
        return id
    }

    public func update(_ scope: Scope, id: Int64, _ input: PartnershipInput) throws {
        try database.write { db in
            let before = try Self.snapshot(db, id: id)
            try Policy.requireManageMunicipality(scope, before.municipalityId)
            let (municipalityId, year, lowId, partners, forms) = try Self.validate(scope, input, db, excluding: id)
            try db.execute(sql: "UPDATE partnership SET schoolYear = ?, lowResultsSchoolId = ?, forms = ? WHERE id = ?",
                           arguments: [year.start, lowId, forms, id])
            try db.execute(sql: "DELETE FROM partnershipMember WHERE partnershipId = ?", arguments: [id])
            for partner in partners {
                try db.execute(sql: "INSERT INTO partnershipMember (partnershipId, partnerSchoolId) VALUES (?, ?)", arguments: [id, partner])
            }
            try AuditLog.record(db, scope, action: "update", entity: "partnership", id: id, before: before,
                                after: Snapshot(municipalityId: municipalityId, schoolYear: year.start, lowResultsSchoolId: lowId,
                                                partnerSchoolIds: partners, forms: forms), at: database.now)
        }
    }

    /// Deletes the group. Deleting one already deleted (a second tab, a repeated form) is a conflict for those
    /// who could have deleted it.
    public func delete(_ scope: Scope, id: Int64) throws {
        try database.write { db in
            guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM partnership WHERE id = ?)", arguments: [id]) == true else {
                let deleted = try AuditLog.entries(db, entity: "partnership", id: id).last { $0.action == "delete" }
                guard let text = deleted?.before,
                      let snapshot = try? JSONDecoder().decode(Snapshot.self, from: Data(text.utf8)) else { throw DomainError.notFound }
                try Policy.requireManageMunicipality(scope, snapshot.municipalityId)
                throw DomainError.conflict("Группа партнёров уже удалена.")
            }
            let before = try Self.snapshot(db, id: id)
            try Policy.requireManageMunicipality(scope, before.municipalityId)
            try db.execute(sql: "DELETE FROM partnership WHERE id = ?", arguments: [id])
            try AuditLog.record(db, scope, action: "delete", entity: "partnership", id: id, before: before, after: Snapshot?.none, at: database.now)
        }
    }

    static func snapshot(_ db: Database, id: Int64) throws -> Snapshot {
        guard let row = try Row.fetchOne(db, cachedSQL: """
            SELECT p.schoolYear, p.lowResultsSchoolId, p.forms, school.municipalityId FROM partnership p
            JOIN school ON school.id = p.lowResultsSchoolId WHERE p.id = ?
            """, arguments: [id]) else { throw DomainError.notFound }
        let partners = try Int64.fetchAll(db, cachedSQL: "SELECT partnerSchoolId FROM partnershipMember WHERE partnershipId = ? ORDER BY partnerSchoolId", arguments: [id])
        return Snapshot(municipalityId: row["municipalityId"], schoolYear: row["schoolYear"], lowResultsSchoolId: row["lowResultsSchoolId"],
                        partnerSchoolIds: partners, forms: row["forms"])
    }
}
