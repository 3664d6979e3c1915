import Foundation
import GRDB
import Testing
@testable import Core
import CoreTestSupport

/// The audit log viewer: who sees which entries, the filters, the field-by-field diff.
@Suite struct AuditViewerTests {
    struct Setup {
        let db: AppDatabase
        let schoolX: Int64, schoolOfB: Int64
        func scope(_ login: String) throws -> Scope {
            Scope(try db.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
        }
    }

    func setup() throws -> Setup {
        let db = try makeDemoDatabase(workingCycle: false)
        return try db.read { conn in
            Setup(db: db, schoolX: try Int64.fetchOne(conn, sql: "SELECT schoolId FROM user WHERE login = 'director-ku'")!,
                  schoolOfB: try Int64.fetchOne(conn, sql: "SELECT MIN(id) FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-kirovsky')")!)
        }
    }

    /// A change of a school's name by the admin, recorded as the school editor records it.
    func rename(_ s: Setup, school: Int64, to name: String) throws -> Int64 {
        let admin = try s.scope("admin")
        return try s.db.write { db in
            let old = try String.fetchOne(db, sql: "SELECT shortName FROM school WHERE id = ?", arguments: [school])!
            try db.execute(sql: "UPDATE school SET shortName = ? WHERE id = ?", arguments: [name, school])
            try AuditLog.record(db, admin, action: "update", entity: "school", id: school,
                                before: ["shortName": old, "kind": "СОШ"], after: ["shortName": name, "kind": "СОШ"], at: s.db.now)
            return db.lastInsertedRowID
        }
    }

    @Test func accessByRole() throws {
        let s = try setup()
        let viewer = AuditViewer(database: s.db)
        let aboutX = try rename(s, school: s.schoolX, to: "МАОУ «СОШ № 1» (изм.)")
        let aboutB = try rename(s, school: s.schoolOfB, to: "Школа Б (изм.)")
        // A region-level record by the coordinator of A (document kinds are theirs to edit): their own user's action.
        let kind = try Documents(database: s.db).addKind(try s.scope("mun-ku"), title: "Протокол педсовета", perRiskFactor: false)
        let byA = try s.db.read { try Int64.fetchOne($0, sql: "SELECT id FROM auditEntry WHERE entity = 'documentKind' AND entityId = ?", arguments: [kind])! }

        for login in ["admin", "region"] {
            let ids = try viewer.page(try s.scope(login), filter: AuditFilter()).rows.map(\.id)
            #expect(ids.contains(aboutX) && ids.contains(aboutB) && ids.contains(byA), "\(login) sees everything")
        }
        let a = try viewer.export(try s.scope("mun-ku"), filter: AuditFilter()).map(\.id)
        #expect(a.contains(aboutX), "an entry about a school of A")
        #expect(!a.contains(aboutB), "not an entry about a school of B by someone else")
        #expect(a.contains(byA), "their own user's action on a record of no municipality")
        let b = try viewer.export(try s.scope("mun-kirovsky"), filter: AuditFilter()).map(\.id)
        #expect(b.contains(aboutB) && !b.contains(aboutX) && !b.contains(byA))
        for login in ["curator-ku", "director-ku"] {
            #expect(throws: DomainError.forbidden) { try viewer.page(try s.scope(login), filter: AuditFilter()) }
            #expect(throws: DomainError.forbidden) { try viewer.export(try s.scope(login), filter: AuditFilter()) }
        }
    }

    @Test func schoolsAreDerivedFromEntityAndId() throws {
        let s = try setup()
        let viewer = AuditViewer(database: s.db)
        // A report of X: report → roadmap → school.
        try ReportFixtures.roadmap(s.db, schoolId: s.schoolX, year: 2090, measures: [.init("Семинар", dueTo: "2090-10-31")])
        let period = try ReportFixtures.period(s.db, municipalityId: try s.scope("mun-ku").municipalityId!, year: 2090, half: 1, isOpen: true)
        let report = try Reports(database: s.db).start(try s.scope("director-ku"), schoolId: s.schoolX, periodId: period)
        let rows = try viewer.page(try s.scope("admin"), filter: AuditFilter(schoolId: s.schoolX)).rows
        #expect(rows.contains { $0.entity == "report" && $0.entityId == report })
        #expect(rows.allSatisfy { $0.schoolId == s.schoolX })
        #expect(try viewer.page(try s.scope("admin"), filter: AuditFilter(schoolId: s.schoolOfB)).rows.allSatisfy { $0.schoolId == s.schoolOfB })
        // The period itself names no school but its municipality: the coordinator of A sees it, B does not.
        let periodCreated = try ReportPeriods(database: s.db).create(try s.scope("admin"), municipalityId: try s.scope("mun-ku").municipalityId!,
                                                                     year: SchoolYear(2091), half: 1, dueDate: "")
        let visibleToA = try viewer.export(try s.scope("mun-ku"), filter: AuditFilter(entity: "reportPeriod")).compactMap(\.entityId)
        let visibleToB = try viewer.export(try s.scope("mun-kirovsky"), filter: AuditFilter(entity: "reportPeriod")).compactMap(\.entityId)
        #expect(visibleToA.contains(periodCreated) && !visibleToB.contains(periodCreated))
    }

    @Test func filtersByUserEntityAndDays() throws {
        let s = try setup()
        let viewer = AuditViewer(database: s.db)
        let admin = try s.scope("admin")
        _ = try rename(s, school: s.schoolX, to: "Переименованная школа")
        let kind = try Documents(database: s.db).addKind(try s.scope("mun-ku"), title: "Протокол", perRiskFactor: false)
        let munId = try s.scope("mun-ku").userId!
        let byMun = try viewer.export(admin, filter: AuditFilter(userId: munId))
        #expect(!byMun.isEmpty && byMun.allSatisfy { $0.actorId == munId })
        #expect(byMun.contains { $0.entity == "documentKind" && $0.entityId == kind })
        let schools = try viewer.export(admin, filter: AuditFilter(entity: "school"))
        #expect(!schools.isEmpty && schools.allSatisfy { $0.entity == "school" })
        #expect(try viewer.entityOptions(admin).contains("documentKind"))
        // Days in Moscow time, both ends included.
        let today = Moscow.day(s.db.now)
        let tomorrow = NotificationDays.adding(1, to: today)!, yesterday = NotificationDays.adding(-1, to: today)!
        #expect(try viewer.export(admin, filter: AuditFilter(entity: "documentKind", from: today, to: today)).count == 1)
        #expect(try viewer.export(admin, filter: AuditFilter(entity: "documentKind", from: tomorrow)).isEmpty)
        #expect(try viewer.export(admin, filter: AuditFilter(entity: "documentKind", to: yesterday)).isEmpty)
        // Newest first, in pages.
        let all = try viewer.export(admin, filter: AuditFilter())
        #expect(all.map(\.id) == all.map(\.id).sorted(by: >))
        let first = try viewer.page(admin, filter: AuditFilter(), page: 1)
        #expect(first.rows.count == min(all.count, AuditViewer.pageSize))
        #expect(first.hasNext == (all.count > AuditViewer.pageSize))
    }

    @Test func diffIsFieldByField() {
        let (changes, unchanged) = AuditDiff.changes(before: #"{"kind":"СОШ","shortName":"Школа 1","isActive":true,"n":1}"#,
                                                     after: #"{"kind":"СОШ","shortName":"Школа № 1","isActive":false,"n":1,"note":"новое"}"#)
        #expect(unchanged == 2)
        #expect(changes == [AuditChange(field: "isActive", before: "да", after: "нет"),
                            AuditChange(field: "note", before: nil, after: "новое"),
                            AuditChange(field: "shortName", before: "Школа 1", after: "Школа № 1")])
        let created = AuditDiff.changes(before: nil, after: #"{"title":"Протокол","items":[{"id":1}],"due":null}"#).changes
        #expect(created == [AuditChange(field: "due", before: nil, after: "—"),
                            AuditChange(field: "items", before: nil, after: "[{id: 1}]"),
                            AuditChange(field: "title", before: nil, after: "Протокол")])
        #expect(AuditDiff.changes(before: #""старое""#, after: #""новое""#).changes == [AuditChange(field: "значение", before: "старое", after: "новое")])
        #expect(AuditDiff.changes(before: nil, after: nil).changes.isEmpty)
    }
}

extension AuditViewerTests {
    /// Snapshots record ids as JSON numbers or as texts (and "" for none): the viewer reads both and never fails.
    @Test func recordedSchoolIdsInAnyForm() throws {
        let s = try setup()
        let admin = try s.scope("admin")
        try s.db.write { db in
            try AuditLog.record(db, admin, action: "delete", entity: "somethingGone", id: 1, before: ["schoolId": "\(s.schoolX)"],
                                after: String?.none, at: s.db.now)
            try AuditLog.record(db, admin, action: "create", entity: "somethingElse", id: 2, before: String?.none,
                                after: ["schoolId": "", "municipalityId": "1"], at: s.db.now)
        }
        let rows = try AuditViewer(database: s.db).page(admin, filter: AuditFilter()).rows
        #expect(rows.first { $0.entity == "somethingGone" }?.schoolId == s.schoolX)
        #expect(rows.first { $0.entity == "somethingElse" }?.schoolId == nil)
    }
}
