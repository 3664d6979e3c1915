import Foundation
import GRDB

/// One entry of a school's status timeline.
public struct StatusEvent: Sendable, Equatable {
    public enum Kind: String, Sendable { case set, clear, exit }
    public var id: Int64
    public var year: SchoolYear
    public var flag: StatusFlag
    public var kind: Kind
    public var cohortYear: Int?
    public var reason: String
    public var changedByName: String?
    public var changedAt: Date
}

/// A curator assigned to the school in a school year.
public struct SchoolCuratorLine: Sendable, Equatable {
    public var year: SchoolYear
    public var curatorId: Int64
    public var fullName: String
    public var position: String
    public var workplace: String
    public var orderNumber: String? = nil
    /// yyyy-MM-dd
    public var orderDate: String? = nil
}

/// A partner group the school belongs to in a school year, as the low-results school or as a partner.
public struct SchoolPartnerLine: Sendable, Equatable {
    public struct Other: Sendable, Equatable { public var id: Int64; public var shortName: String; public var isVisible: Bool }
    public var year: SchoolYear
    /// True when this school is the group's low-results school.
    public var isLowResultsSchool: Bool
    public var others: [Other]
    public var forms: String
}

/// What the acting user may do with one school; the server checks again on every POST.
public struct SchoolPermissions: Sendable, Equatable {
    public var canEdit: Bool
    public var canArchive: Bool
    public var canRestore: Bool
    public var canChangeStatus: Bool
    /// Whether the school's curators' pages open for this user (the region and the municipality's coordinator).
    public var canOpenCurators: Bool
}

/// Everything the school page shows beyond the card itself.
public struct SchoolDetails: Sendable {
    public var card: SchoolCard
    public var timeline: [StatusEvent]
    public var curators: [SchoolCuratorLine]
    public var partners: [SchoolPartnerLine]
    public var permissions: SchoolPermissions
}

extension SchoolDirectory {
    public static func permissions(_ scope: Scope, _ school: School) -> SchoolPermissions {
        let manage = Policy.mayManageMunicipality(scope, school.municipalityId)
        return SchoolPermissions(canEdit: manage, canArchive: manage && school.archivedAt == nil,
                                 canRestore: manage && school.archivedAt != nil, canChangeStatus: manage,
                                 canOpenCurators: Policy.mayReadRegion(scope) || manage)
    }

    public func details(_ scope: Scope, id: Int64) throws -> SchoolDetails {
        try database.read { db in
            let card = try Self.card(db, scope, id: id)
            return SchoolDetails(card: card, timeline: try Self.timeline(db, school: id), curators: try Self.curators(db, school: id),
                          partners: try Self.partners(db, scope, school: id), permissions: Self.permissions(scope, card.school))
        }
    }

    /// The school's status changes, newest first.
    public func timeline(_ scope: Scope, school id: Int64) throws -> [StatusEvent] {
        try database.read { db in
            try Policy.authorizeRead(scope, school: id, db)
            return try Self.timeline(db, school: id)
        }
    }

    static func timeline(_ db: Database, school id: Int64) throws -> [StatusEvent] {
        try Row.fetchAll(db, cachedSQL: """
            SELECT c.id, c.schoolYear, c.flag, c.isSet, c.isExit, c.cohortYear, c.reason, c.changedAt, user.fullName
            FROM schoolStatusChange c LEFT JOIN user ON user.id = c.changedBy
            WHERE c.schoolId = ? ORDER BY c.changedAt DESC, c.id DESC
            """, arguments: [id]).compactMap { row in
            guard let flag = StatusFlag(rawValue: row["flag"]) else { return nil }
            let kind: StatusEvent.Kind = row["isExit"] ? .exit : (row["isSet"] ? .set : .clear)
            return StatusEvent(id: row["id"], year: SchoolYear(row["schoolYear"]), flag: flag, kind: kind,
                               cohortYear: row["cohortYear"], reason: row["reason"], changedByName: row["fullName"],
                               changedAt: row["changedAt"])
        }
    }

    static func curators(_ db: Database, school id: Int64) throws -> [SchoolCuratorLine] {
        try Row.fetchAll(db, cachedSQL: """
            SELECT a.schoolYear, a.orderNumber, a.orderDate, user.id, user.fullName, COALESCE(p.position, '') AS position,
                   COALESCE(NULLIF(p.workplace, ''), ws.shortName, '') AS workplace
            FROM curatorAssignment a JOIN user ON user.id = a.curatorId
            LEFT JOIN curatorProfile p ON p.userId = user.id
            LEFT JOIN school ws ON ws.id = p.workplaceSchoolId
            WHERE a.schoolId = ? ORDER BY a.schoolYear DESC, user.fullName
            """, arguments: [id]).map { row in
            SchoolCuratorLine(year: SchoolYear(row["schoolYear"]), curatorId: row["id"], fullName: row["fullName"],
                              position: row["position"], workplace: row["workplace"], orderNumber: row["orderNumber"], orderDate: row["orderDate"])
        }
    }

    static func partners(_ db: Database, _ scope: Scope, school id: Int64) throws -> [SchoolPartnerLine] {
        // As the low-results school: the group's partners.
        let own = try Row.fetchAll(db, cachedSQL: """
            SELECT p.id, p.schoolYear, p.forms, s.id AS otherId, s.shortName AS otherName
            FROM partnership p LEFT JOIN partnershipMember m ON m.partnershipId = p.id
            LEFT JOIN school s ON s.id = m.partnerSchoolId
            WHERE p.lowResultsSchoolId = ? ORDER BY p.schoolYear DESC, s.shortName
            """, arguments: [id])
        // As a partner of another school.
        let asPartner = try Row.fetchAll(db, cachedSQL: """
            SELECT p.schoolYear, p.forms, s.id AS otherId, s.shortName AS otherName
            FROM partnershipMember m JOIN partnership p ON p.id = m.partnershipId
            JOIN school s ON s.id = p.lowResultsSchoolId
            WHERE m.partnerSchoolId = ? ORDER BY p.schoolYear DESC, s.shortName
            """, arguments: [id])
        // Which of the schools named here the acting user may open (asked for these few, not the whole region).
        let named = Set((own + asPartner).compactMap { $0["otherId"] as Int64? })
        let visible = named.isEmpty ? [] : try Set(SQLRequest<Int64>(literal: """
            SELECT school.id FROM school WHERE school.id IN \(named) AND \(Policy.visibleSchools(scope))
            """).fetchAll(db))
        func other(_ row: Row) -> SchoolPartnerLine.Other {
            let otherId: Int64 = row["otherId"]
            return .init(id: otherId, shortName: row["otherName"], isVisible: visible.contains(otherId))
        }
        var lines: [SchoolPartnerLine] = []
        var byGroup: [Int64: Int] = [:]
        for row in own {
            let groupId: Int64 = row["id"]
            if byGroup[groupId] == nil {
                byGroup[groupId] = lines.count
                lines.append(SchoolPartnerLine(year: SchoolYear(row["schoolYear"]), isLowResultsSchool: true, others: [], forms: row["forms"]))
            }
            if row["otherId"] as Int64? != nil { lines[byGroup[groupId]!].others.append(other(row)) }
        }
        for row in asPartner {
            lines.append(SchoolPartnerLine(year: SchoolYear(row["schoolYear"]), isLowResultsSchool: false, others: [other(row)], forms: row["forms"]))
        }
        return lines.sorted { $0.year > $1.year }
    }
}

/// A row of the CSV download: the whole card with its flags in the listed year.
public struct SchoolExportRow: Sendable {
    public var school: School
    public var municipalityName: String
    public var flags: [StatusFlag]
    public var lastActivity: Date? = nil
}

extension SchoolDirectory {
    /// The filtered list with full cards, in the list's order.
    public func export(_ scope: Scope, filter: SchoolListFilter) throws -> (year: SchoolYear, rows: [SchoolExportRow], showsActivity: Bool) {
        let list = try list(scope, filter: filter)
        let schools = try database.read { db in
            try School.fetchAll(db, keys: list.items.map(\.id))
        }
        let byId = Dictionary(uniqueKeysWithValues: schools.map { ($0.id!, $0) })
        return (list.year, list.items.compactMap { item in
            byId[item.id].map { SchoolExportRow(school: $0, municipalityName: item.municipalityName, flags: item.flags, lastActivity: item.lastActivity) }
        }, list.showsActivity)
    }
}
