import Foundation
import GRDB
import Testing
@testable import Core

/// Risk profiles, comments and the review queue in the domain.
@Suite struct RiskProfileCoreTests {
    func scope(_ database: AppDatabase, _ login: String) throws -> Scope {
        Scope(try database.read { try User.filter(Column("login") == login).fetchOne($0)! })
    }
    func value(_ database: AppDatabase, _ sql: String) throws -> Int64 {
        try database.read { try Int64.fetchOne($0, sql: sql)! }
    }
    func allLevels(_ level: RiskLevel, chosen: Set<Int64> = []) -> [RiskProfileEntryInput] {
        (1...10).map { RiskProfileEntryInput(factorId: Int64($0), level: level.rawValue, isChosen: chosen.contains(Int64($0)), note: "") }
    }

    @Test func profileValidationNamesEveryFaultyFactor() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let profiles = RiskProfiles(database: database)
        let director = try scope(database, "director-ku-02")
        let school = try #require(director.schoolId)
        var entries = allLevels(.medium)
        entries[3].level = nil                       // factor 4: no level
        entries[6].level = "notRelevant"; entries[6].isChosen = true   // factor 7: chosen yet «не актуален»
        entries[8].level = "ужасный"                 // factor 9: unknown level
        entries.remove(at: 9)                        // factor 10: missing from the form
        #expect(throws: DomainError.self) { try profiles.save(director, school: school, year: SchoolYear(2022), entries: entries) }
        do {
            try profiles.save(director, school: school, year: SchoolYear(2022), entries: entries)
        } catch DomainError.invalid(let errors) {
            #expect(errors.map(\.field) == ["level-4", "level-7", "level-9", "level-10"])
            #expect(errors[1].message.contains("не может быть «не актуален»"))
        }
        #expect(try value(database, "SELECT COUNT(*) FROM riskProfile WHERE schoolId = \(school)") == 0)

        let id = try profiles.save(director, school: school, year: SchoolYear(2022), entries: allLevels(.low, chosen: [5]))
        #expect(try value(database, "SELECT COUNT(*) FROM riskProfileEntry WHERE profileId = \(id)") == 10)
        #expect(try value(database, "SELECT COUNT(*) FROM auditEntry WHERE entity = 'riskProfile' AND entityId = \(id)") == 1)
        // Saving again updates the same profile.
        #expect(try profiles.save(director, school: school, year: SchoolYear(2022), entries: allLevels(.medium)) == id)
        #expect(try value(database, "SELECT COUNT(*) FROM riskProfileEntry WHERE profileId = \(id) AND level = 'medium' AND isChosen = 0") == 10)

        // Who may write: the school's director, its coordinator, the admin; not a curator, another director or the region.
        for login in ["curator-ku", "director-ku", "region", "mun-kirovsky"] {
            #expect(throws: DomainError.forbidden) {
                try profiles.save(try scope(database, login), school: school, year: SchoolYear(2022), entries: allLevels(.low))
            }
        }
        try profiles.save(try scope(database, "mun-ku"), school: school, year: SchoolYear(2022), entries: allLevels(.low))
    }

    @Test func changeFromThePreviousProfile() throws {
        #expect(RiskProfiles.change(from: .medium, to: .high, hasPrevious: true) == .higher)
        #expect(RiskProfiles.change(from: .high, to: .low, hasPrevious: true) == .lower)
        #expect(RiskProfiles.change(from: .low, to: .low, hasPrevious: true) == .same)
        #expect(RiskProfiles.change(from: .notRelevant, to: .low, hasPrevious: true) == .higher)
        #expect(RiskProfiles.change(from: nil, to: .low, hasPrevious: true) == .new)
        #expect(RiskProfiles.change(from: nil, to: .low, hasPrevious: false) == nil)

        let database = try makeDemoDatabase(workingCycle: false)
        let profiles = RiskProfiles(database: database)
        let director = try scope(database, "director-ku-02")
        let school = try #require(director.schoolId)
        try profiles.save(director, school: school, year: SchoolYear(2020), entries: allLevels(.medium))
        var later = allLevels(.medium)
        later[0].level = "high"; later[1].level = "low"
        try profiles.save(director, school: school, year: SchoolYear(2022), entries: later)
        // The previous profile is the latest earlier one, even with a year between.
        let detail = try profiles.detail(director, school: school, year: SchoolYear(2022))
        #expect(detail.previousYear == SchoolYear(2020))
        #expect(detail.lines[0].change == .higher && detail.lines[0].previousLevel == .medium)
        #expect(detail.lines[1].change == .lower)
        #expect(detail.lines[2].change == .same)
        let first = try profiles.detail(director, school: school, year: SchoolYear(2020))
        #expect(first.previousYear == nil && first.lines.allSatisfy { $0.change == nil })
        // Without a year: the latest profile.
        #expect(try profiles.detail(director, school: school, year: nil).year == SchoolYear(2022))
        // An archived factor stays in the profiles that rated it and is not required any more.
        try RiskFactors(database: database).setArchived(try scope(database, "region"), id: 7, true)
        #expect(try profiles.detail(director, school: school, year: SchoolYear(2022)).lines.contains { $0.factor.id == 7 })
        #expect(try !profiles.detail(director, school: school, year: SchoolYear(2023)).lines.contains { $0.factor.id == 7 })
        try profiles.save(director, school: school, year: SchoolYear(2023), entries: allLevels(.low).filter { $0.factorId != 7 })
        // Reading: another school's director may not.
        #expect(throws: DomainError.forbidden) { try profiles.detail(try scope(database, "director-ku"), school: school, year: nil) }
    }

    @Test func commentPermissionsFollowTheReviewYear() throws {
        let database = try makeDemoDatabase(workingCycle: false, today: "2024-03-01")
        let comments = Comments(database: database)
        let schoolX = try value(database, "SELECT schoolId FROM user WHERE login = 'director-ku'")
        let curatorId = try value(database, "SELECT id FROM user WHERE login = 'curator-ku'")
        let assigned = try value(database, "SELECT MAX(schoolYear) FROM curatorAssignment WHERE curatorId = \(curatorId) AND schoolId = \(schoolX)")
        // A profile of the curator's year and one of a year without their assignment.
        let profiles = RiskProfiles(database: database)
        let admin = try scope(database, "admin")
        let thisYear = try profiles.save(admin, school: schoolX, year: SchoolYear(Int(assigned)), entries: allLevels(.medium))
        let otherYear = try profiles.save(admin, school: schoolX, year: SchoolYear(Int(assigned) + 3), entries: allLevels(.medium))
        #expect(try value(database, "SELECT COUNT(*) FROM curatorAssignment WHERE curatorId = \(curatorId) AND schoolId = \(schoolX) AND schoolYear = \(assigned + 3)") == 0)

        let curator = try scope(database, "curator-ku")
        let root = try comments.add(curator, CommentTarget(.riskProfile, thisYear), parentId: nil, body: "Почему высокий?")
        #expect(throws: DomainError.forbidden) {
            try comments.add(curator, CommentTarget(.riskProfile, otherYear), parentId: nil, body: "Чужой год")
        }
        #expect(throws: DomainError.forbidden) {
            try comments.add(try scope(database, "curator-ku-3"), CommentTarget(.riskProfile, thisYear), parentId: nil, body: "Чужая школа")
        }
        #expect(throws: DomainError.forbidden) {
            try comments.add(try scope(database, "region"), CommentTarget(.riskProfile, thisYear), parentId: nil, body: "Регион")
        }
        let director = try scope(database, "director-ku")
        #expect(throws: DomainError.forbidden) {
            try comments.add(director, CommentTarget(.riskProfile, thisYear), parentId: nil, body: "Директор не открывает обсуждения")
        }
        let reply = try comments.add(director, CommentTarget(.riskProfile, thisYear), parentId: root, body: "Отвечаем")
        #expect(throws: DomainError.forbidden) {
            try comments.add(try scope(database, "director-ku-02"), CommentTarget(.riskProfile, thisYear), parentId: root, body: "Не моя школа")
        }
        // A reply to a reply joins the thread; a parent on another target is not found; an empty body is refused.
        let nested = try comments.add(try scope(database, "mun-ku"), CommentTarget(.riskProfile, thisYear), parentId: reply, body: "Координатор")
        #expect(try value(database, "SELECT parentId FROM comment WHERE id = \(nested)") == root)
        #expect(throws: DomainError.notFound) {
            try comments.add(director, CommentTarget(.riskProfile, otherYear), parentId: root, body: "Не туда")
        }
        #expect(throws: DomainError.invalid([FieldError("body", "Введите текст комментария")])) {
            try comments.add(curator, CommentTarget(.riskProfile, thisYear), parentId: root, body: "  \n ")
        }
        let threads = try comments.threads(director, CommentTarget(.riskProfile, thisYear))
        #expect(!threads.canStart && threads.canReply)
        let own = threads.threads.first { $0.id == root }
        #expect(own?.replies.map(\.body) == ["Отвечаем", "Координатор"])
        #expect(own?.awaitsReviewer == false)
        #expect(try comments.threads(curator, CommentTarget(.riskProfile, thisYear)).canStart)
        #expect(throws: DomainError.forbidden) { try comments.threads(try scope(database, "director-ku-02"), CommentTarget(.riskProfile, thisYear)) }
        #expect(try value(database, "SELECT COUNT(*) FROM auditEntry WHERE entity = 'comment'") == 3)
    }

    @Test func reviewQueueListsWhatAwaitsEachReviewer() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let schoolX = try value(database, "SELECT schoolId FROM user WHERE login = 'director-ku'")
        let schoolY = try value(database, "SELECT schoolId FROM user WHERE login = 'director-ku-02'")
        let municipality = try value(database, "SELECT municipalityId FROM school WHERE id = \(schoolX)")
        let curatorId = try value(database, "SELECT id FROM user WHERE login = 'curator-ku'")
        let year = try value(database, "SELECT MAX(schoolYear) FROM curatorAssignment WHERE curatorId = \(curatorId) AND schoolId = \(schoolX)")
        let now = database.now
        let (roadmapX, roadmapXNext, roadmapY, reportX) = try database.write { db -> (Int64, Int64, Int64, Int64) in
            func roadmap(_ school: Int64, _ y: Int64, _ status: String) throws -> Int64 {
                try db.execute(sql: "INSERT INTO roadmap (municipalityId, schoolId, schoolYear, status, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [municipality, school, y, status, now, now])
                return db.lastInsertedRowID
            }
            let x = try roadmap(schoolX, year, "approved")
            let xNext = try roadmap(schoolX, year + 1, "submitted")
            let y = try roadmap(schoolY, year, "submitted")
            try db.execute(sql: "INSERT INTO reportPeriod (municipalityId, schoolYear, half, dueDate, isOpen) VALUES (?, ?, 1, '2022-12-28', 1)",
                           arguments: [municipality, year])
            try db.execute(sql: "INSERT INTO report (roadmapId, periodId, status, submittedAt, createdAt, updatedAt) VALUES (?, ?, 'submitted', ?, ?, ?)",
                           arguments: [x, db.lastInsertedRowID, now, now, now])
            return (x, xNext, y, db.lastInsertedRowID)
        }
        let queue = ReviewQueue(database: database)
        let curatorItems = try queue.items(try scope(database, "curator-ku"))
        // The curator: the report of X (their year) and the demo thread the school answered; not X's next year, not Y.
        #expect(curatorItems.contains { $0.kind == .report && $0.link == .report(reportX) && $0.half == 1 })
        #expect(curatorItems.contains { $0.kind == .thread && $0.commentTarget == .riskProfile && $0.schoolId == schoolX })
        #expect(!curatorItems.contains { $0.kind == .roadmap })
        #expect(try queue.items(try scope(database, "curator-ku"), curatorId: curatorId) == curatorItems)

        let coordinatorItems = try queue.items(try scope(database, "mun-ku"))
        #expect(Set(coordinatorItems.filter { $0.kind == .roadmap }.map(\.link)) ==
                [.roadmap(school: schoolX, year: Int(year) + 1), .roadmap(school: schoolY, year: Int(year))])
        #expect(coordinatorItems.count == curatorItems.count + 2)
        #expect(try queue.items(try scope(database, "mun-kirovsky")).isEmpty)
        #expect(try queue.items(try scope(database, "curator-ku-3")).isEmpty)
        #expect(throws: DomainError.forbidden) { try queue.items(try scope(database, "director-ku")) }
        #expect(throws: DomainError.forbidden) { try queue.items(try scope(database, "region")) }
        #expect(throws: DomainError.forbidden) { try queue.items(try scope(database, "mun-kirovsky"), curatorId: curatorId) }

        // The curator answers the thread: it leaves the queue; approving the roadmap of next year removes it for the coordinator.
        let thread = try #require(curatorItems.first { $0.kind == .thread })
        let root = try value(database, "SELECT COALESCE(parentId, id) FROM comment WHERE id = \(thread.commentId!)")
        let profile = try value(database, "SELECT targetId FROM comment WHERE id = \(root)")
        try Comments(database: database).add(try scope(database, "curator-ku"), CommentTarget(.riskProfile, profile), parentId: root, body: "Принято")
        #expect(!(try queue.items(try scope(database, "curator-ku")).contains { $0.kind == .thread }))
        // The school answers again: the thread awaits the curator once more, with the new answer.
        let answer = try Comments(database: database).add(try scope(database, "director-ku"), CommentTarget(.riskProfile, profile), parentId: root, body: "Уточнили план")
        #expect(try queue.items(try scope(database, "curator-ku")).contains { $0.kind == .thread && $0.commentId == answer && $0.excerpt == "Уточнили план" })
        try Comments(database: database).add(try scope(database, "curator-ku"), CommentTarget(.riskProfile, profile), parentId: root, body: "Спасибо")
        try database.write { try $0.execute(sql: "UPDATE roadmap SET status = 'approved' WHERE id = ?", arguments: [roadmapXNext]) }
        #expect(try queue.items(try scope(database, "mun-ku")).filter { $0.kind == .roadmap }.map(\.link) == [.roadmap(school: schoolY, year: Int(year))])
        _ = roadmapX; _ = roadmapY
    }
}

extension RiskProfileCoreTests {
    @Test func profilesAreNotFilledForFarFutureYears() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let profiles = RiskProfiles(database: database)
        let director = try scope(database, "director-ku-02")
        let school = try #require(director.schoolId)
        let running = SchoolYear.containing(database.now).start
        try profiles.save(director, school: school, year: SchoolYear(running + 1), entries: allLevels(.low))
        #expect(throws: DomainError.notFound) {
            try profiles.save(director, school: school, year: SchoolYear(running + 2), entries: allLevels(.low))
        }
        #expect(throws: DomainError.notFound) { try profiles.editable(director, school: school, year: SchoolYear(running + 2)) }
    }
}
