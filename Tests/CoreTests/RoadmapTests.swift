import Foundation
import GRDB
import Testing
@testable import Core

/// Roadmaps: the approval workflow for every role, revisions and their diff, copies, due terms in forms.
@Suite struct RoadmapTests {
    struct World {
        let database: AppDatabase
        let roadmaps: Roadmaps
        let schoolX: Int64
        let schoolY: Int64
        let year: SchoolYear
        func scope(_ login: String) throws -> Scope {
            Scope(try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
        }
    }

    func world() throws -> World {
        let database = try makeDemoDatabase(workingCycle: false)
        let (x, y, year) = try database.read { db in
            let x = try Int64.fetchOne(db, sql: "SELECT schoolId FROM user WHERE login = 'director-ku'")!
            let y = try Int64.fetchOne(db, sql: "SELECT schoolId FROM user WHERE login = 'director-ku-02'")!
            let year = try Int.fetchOne(db, sql: """
                SELECT MAX(schoolYear) FROM curatorAssignment WHERE schoolId = ? AND curatorId = (SELECT id FROM user WHERE login = 'curator-ku')
                """, arguments: [x])!
            return (x, y, year)
        }
        return World(database: database, roadmaps: Roadmaps(database: database), schoolX: x, schoolY: y, year: SchoolYear(year))
    }

    func measure(_ title: String, due: String = "в течение года") -> MeasureInput {
        MeasureInput(title: title, due: due, responsible: "Директор", expectedResult: "Результат")
    }

    /// A roadmap of school X with one measure, as its director leaves it.
    func draft(_ w: World, year: SchoolYear? = nil) throws -> Int64 {
        let director = try w.scope("director-ku")
        let id = try w.roadmaps.create(director, school: w.schoolX, year: year ?? w.year)
        try w.roadmaps.addMeasure(director, roadmap: id, measure("Анализ результатов ВПР", due: "октябрь"))
        return id
    }

    func status(_ w: World, _ id: Int64) throws -> RoadmapStatus {
        try w.roadmaps.detail(try w.scope("admin"), id: id).status
    }

    @Test func newRoadmapHasTheSectionsOfSeed002AndACreatedEvent() throws {
        let w = try world()
        let id = try w.roadmaps.create(try w.scope("director-ku"), school: w.schoolX, year: w.year)
        let d = try w.roadmaps.detail(try w.scope("director-ku"), id: id)
        #expect(d.content.sections.map(\.title) == Roadmaps.defaultSections)
        #expect(d.status == .draft && d.revision == 1)
        #expect(d.events.map(\.action) == ["created"])
        #expect(d.canEdit && d.canSubmit && !d.canReview)
    }

    @Test func whoMayCreate() throws {
        let w = try world()
        for login in ["director-ku-02", "curator-ku", "region", "mun-kirovsky"] {
            #expect(throws: DomainError.forbidden, "\(login)") { try w.roadmaps.create(try w.scope(login), school: w.schoolX, year: w.year) }
        }
        try w.roadmaps.create(try w.scope("mun-ku"), school: w.schoolX, year: w.year)
        #expect(throws: DomainError.self) { try w.roadmaps.create(try w.scope("director-ku"), school: w.schoolX, year: w.year) }
    }

    @Test func emptyRoadmapCannotBeSubmitted() throws {
        let w = try world()
        let id = try w.roadmaps.create(try w.scope("director-ku"), school: w.schoolX, year: w.year)
        #expect {
            try w.roadmaps.submit(try w.scope("director-ku"), roadmap: id)
        } throws: { error in
            if case DomainError.conflict(let message) = error { return message.contains("нет ни одного мероприятия") }
            return false
        }
    }

    @Test func fullCycleWithReturnAndApproval() throws {
        let w = try world()
        let id = try draft(w)
        let director = try w.scope("director-ku"), curator = try w.scope("curator-ku")
        // Only submitted roadmaps are reviewed.
        #expect(throws: DomainError.self) { try w.roadmaps.approve(curator, roadmap: id) }
        try w.roadmaps.submit(director, roadmap: id)
        #expect(try status(w, id) == .submitted)
        // Content is frozen while on approval.
        #expect(throws: DomainError.self) { try w.roadmaps.addMeasure(director, roadmap: id, measure("Ещё одно")) }
        // A return needs a comment.
        #expect(throws: DomainError.self) { try w.roadmaps.returnForRework(curator, roadmap: id, comment: "  ") }
        try w.roadmaps.returnForRework(curator, roadmap: id, comment: "Добавьте мероприятия по кадрам")
        #expect(try status(w, id) == .returned)
        try w.roadmaps.addMeasure(director, roadmap: id, measure("Курсы повышения квалификации"))
        try w.roadmaps.submit(director, roadmap: id)
        try w.roadmaps.approve(curator, roadmap: id)
        let d = try w.roadmaps.detail(director, id: id)
        #expect(d.status == .approved)
        #expect(d.events.map(\.action) == ["created", "submitted", "returned", "submitted", "approved"])
        #expect(d.events[2].comment == "Добавьте мероприятия по кадрам")
        #expect(d.events[2].actorName != "")
        #expect(d.revisions.first?.approvedAt != nil)
        let snapshot = try w.database.read { try String.fetchOne($0, sql: "SELECT snapshot FROM roadmapRevision WHERE roadmapId = ? AND number = 1", arguments: [id]) }
        #expect(RoadmapSnapshot.decode(snapshot ?? "")?.measures.count == 2)
        let audits = try w.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditEntry WHERE entity = 'roadmap' AND entityId = ?", arguments: [id]) }
        #expect(audits == 5)
    }

    @Test func forbiddenReviewers() throws {
        let w = try world()
        let id = try draft(w)
        try w.roadmaps.submit(try w.scope("director-ku"), roadmap: id)
        for login in ["director-ku", "director-ku-02", "curator-ku-3", "region", "mun-kirovsky"] {
            #expect(throws: DomainError.forbidden, "\(login) approves") { try w.roadmaps.approve(try w.scope(login), roadmap: id) }
            #expect(throws: DomainError.forbidden, "\(login) returns") { try w.roadmaps.returnForRework(try w.scope(login), roadmap: id, comment: "нет") }
        }
        #expect(try status(w, id) == .submitted)
        // The coordinator and the admin review too.
        try w.roadmaps.returnForRework(try w.scope("mun-ku"), roadmap: id, comment: "Уточните сроки")
        try w.roadmaps.submit(try w.scope("director-ku"), roadmap: id)
        try w.roadmaps.approve(try w.scope("admin"), roadmap: id)
        #expect(try status(w, id) == .approved)
    }

    @Test func curatorOfAnotherYearCannotReturn() throws {
        let w = try world()
        let other = SchoolYear(w.year.start + 5)
        let id = try draft(w, year: other)
        try w.roadmaps.submit(try w.scope("director-ku"), roadmap: id)
        #expect(throws: DomainError.forbidden) { try w.roadmaps.returnForRework(try w.scope("curator-ku"), roadmap: id, comment: "нет") }
        #expect(throws: DomainError.forbidden) { try w.roadmaps.approve(try w.scope("curator-ku"), roadmap: id) }
    }

    @Test func wrongActorsCannotSubmitOrEdit() throws {
        let w = try world()
        let id = try draft(w)
        for login in ["curator-ku", "director-ku-02", "region", "mun-kirovsky"] {
            let scope = try w.scope(login)
            #expect(throws: DomainError.forbidden, "\(login) submits") { try w.roadmaps.submit(scope, roadmap: id) }
            #expect(throws: DomainError.forbidden, "\(login) adds") { try w.roadmaps.addMeasure(scope, roadmap: id, measure("x")) }
            #expect(throws: DomainError.forbidden, "\(login) adds a section") { try w.roadmaps.addSection(scope, roadmap: id, title: "x") }
        }
    }

    @Test func approvedRoadmapChangesOnlyThroughANewRevision() throws {
        let w = try world()
        let id = try draft(w)
        let director = try w.scope("director-ku")
        try w.roadmaps.submit(director, roadmap: id)
        try w.roadmaps.approve(try w.scope("curator-ku"), roadmap: id)
        let measureId = try w.roadmaps.detail(director, id: id).content.measures[0].id
        for login in ["director-ku", "mun-ku", "admin"] {
            let scope = try w.scope(login)
            #expect(throws: DomainError.self, "\(login)") { try w.roadmaps.updateMeasure(scope, roadmap: id, measure: measureId, measure("Изменено")) }
            #expect(throws: DomainError.self, "\(login)") { try w.roadmaps.deleteMeasure(scope, roadmap: id, measure: measureId) }
            #expect(throws: DomainError.self, "\(login)") { try w.roadmaps.submit(scope, roadmap: id) }
        }
        #expect(throws: DomainError.forbidden) { try w.roadmaps.startRevision(try w.scope("curator-ku"), roadmap: id) }
        #expect(throws: DomainError.forbidden) { try w.roadmaps.startRevision(try w.scope("region"), roadmap: id) }
        try w.roadmaps.startRevision(director, roadmap: id)
        var d = try w.roadmaps.detail(director, id: id)
        #expect(d.status == .draft && d.revision == 2 && d.canEdit)
        #expect(throws: DomainError.self) { try w.roadmaps.startRevision(director, roadmap: id) }
        try w.roadmaps.updateMeasure(director, roadmap: id, measure: measureId,
                                     MeasureInput(sectionId: d.content.measures[0].sectionId, title: "Анализ результатов ВПР", due: "ноябрь",
                                                  responsible: "Заместитель директора", expectedResult: "Результат"))
        try w.roadmaps.addMeasure(director, roadmap: id, measure("Новое мероприятие"))
        d = try w.roadmaps.detail(director, id: id)
        let changes = try #require(d.changes)
        #expect(changes.added.map(\.title) == ["Новое мероприятие"])
        #expect(changes.removed.isEmpty)
        #expect(changes.changed.first?.fields.map(\.field) == ["Сроки", "Ответственный"])
        #expect(changes.changed.first?.fields.first?.before == "октябрь")
        #expect(changes.changed.first?.fields.first?.after == "ноябрь")
        // The approved revision 1 is kept unchanged.
        let snapshot = try w.database.read { try String.fetchOne($0, sql: "SELECT snapshot FROM roadmapRevision WHERE roadmapId = ? AND number = 1", arguments: [id]) }
        #expect(RoadmapSnapshot.decode(snapshot ?? "")?.measures.first?.dueText == "октябрь")
    }

    @Test func regionalCoordinatorChangesNothing() throws {
        let w = try world()
        let region = try w.scope("region")
        let id = try draft(w)
        let sectionId = try #require(try w.roadmaps.detail(region, id: id).content.sections.first?.id)
        #expect(throws: DomainError.forbidden) { try w.roadmaps.create(region, school: w.schoolY, year: w.year) }
        #expect(throws: DomainError.forbidden) { try w.roadmaps.renameSection(region, roadmap: id, section: sectionId, title: "x") }
        #expect(throws: DomainError.forbidden) { try w.roadmaps.deleteSection(region, roadmap: id, section: sectionId) }
        #expect(throws: DomainError.forbidden) { try w.roadmaps.createPlan(region, municipality: try w.scope("mun-ku").municipalityId!, year: w.year) }
    }

    @Test func diffListsAddedRemovedAndChanged() {
        func m(_ id: Int64, _ title: String, due: String = "март", responsible: String = "ОО") -> MeasureItem {
            MeasureItem(id: id, sectionId: 1, position: Int(id), title: title, description: "", dueKind: "month", dueFrom: nil, dueTo: nil,
                        dueText: due, responsible: responsible, expectedResult: "", indicator: "", indicatorUnit: "", baseline: "", target: "",
                        riskFactorIds: [], riskFactors: [])
        }
        let old = RoadmapSnapshot(sections: [SectionItem(id: 1, title: "Раздел", position: 1, measures: [m(1, "A"), m(2, "B"), m(3, "C")])])
        let new = RoadmapSnapshot(sections: [SectionItem(id: 1, title: "Раздел", position: 1, measures: [m(1, "A"), m(3, "C2", due: "апрель"), m(4, "D")])])
        let diff = RoadmapDiff.between(old, new)
        #expect(diff.added.map(\.title) == ["D"])
        #expect(diff.removed.map(\.title) == ["B"])
        #expect(diff.changed.count == 1)
        #expect(diff.changed[0].title == "C2")
        #expect(diff.changed[0].fields == [.init(field: "Мероприятие", before: "C", after: "C2"), .init(field: "Сроки", before: "март", after: "апрель")])
        #expect(RoadmapDiff.between(old, old).isEmpty)
    }

    @Test func copyFromLastYear() throws {
        let w = try world()
        let director = try w.scope("director-ku")
        let last = SchoolYear(w.year.start - 1)
        let previous = try draft(w, year: last)
        try w.roadmaps.addSection(director, roadmap: previous, title: "Свой раздел")
        try w.roadmaps.addMeasure(director, roadmap: previous,
                                  MeasureInput(title: "Педсовет", due: "в течение года", indicator: "Доля", indicatorUnit: "%", baseline: "10", target: "20",
                                               riskFactorIds: [2, 3]))
        try w.roadmaps.submit(director, roadmap: previous)
        try w.roadmaps.approve(try w.scope("mun-ku"), roadmap: previous)
        let id = try w.roadmaps.create(director, school: w.schoolX, year: w.year, copyLastYear: true)
        let d = try w.roadmaps.detail(director, id: id)
        #expect(d.status == .draft && d.revision == 1)
        #expect(d.content.sections.map(\.title) == Roadmaps.defaultSections + ["Свой раздел"])
        #expect(d.content.measures.map(\.title) == ["Анализ результатов ВПР", "Педсовет"])
        let copied = try #require(d.content.measures.last)
        #expect(copied.riskFactorIds == [2, 3] && copied.target == "20" && copied.indicatorUnit == "%")
        #expect(copied.id != (try w.roadmaps.detail(director, id: previous).content.measures.last?.id))
        // Nothing to copy from two years back.
        #expect(throws: DomainError.self) { try w.roadmaps.create(director, school: w.schoolX, year: SchoolYear(w.year.start + 3), copyLastYear: true) }
    }

    @Test func copyMeasureToSchoolsSkipsSubmittedAndApproved() throws {
        let w = try world()
        let coordinator = try w.scope("mun-ku")
        let municipality = coordinator.municipalityId!
        let plan = try w.roadmaps.createPlan(coordinator, municipality: municipality, year: w.year)
        let measureId = try w.roadmaps.addMeasure(coordinator, roadmap: plan, measure("Муниципальный семинар", due: "ноябрь"))
        // X is on approval; Y has no roadmap; a third school has a draft.
        let x = try draft(w)
        try w.roadmaps.submit(try w.scope("director-ku"), roadmap: x)
        let third = try w.database.read { try Int64.fetchOne($0, sql: "SELECT id FROM school WHERE municipalityId = ? AND id NOT IN (?, ?) ORDER BY id LIMIT 1",
                                                            arguments: [municipality, w.schoolX, w.schoolY])! }
        let thirdRoadmap = try w.roadmaps.create(coordinator, school: third, year: w.year)
        #expect(throws: DomainError.forbidden) {
            try w.roadmaps.copyMeasure(try w.scope("director-ku"), roadmap: plan, measure: measureId, toSchools: [w.schoolY])
        }
        #expect(throws: DomainError.forbidden) {
            try w.roadmaps.copyMeasure(try w.scope("mun-kirovsky"), roadmap: plan, measure: measureId, toSchools: [w.schoolY])
        }
        let outcome = try w.roadmaps.copyMeasure(coordinator, roadmap: plan, measure: measureId, toSchools: [w.schoolX, w.schoolY, third])
        #expect(outcome.copied.count == 2)
        #expect(outcome.skipped.count == 1 && outcome.skipped[0].contains("на согласовании"))
        let y = try #require(try w.roadmaps.roadmap(coordinator, school: w.schoolY, year: w.year))
        #expect(y.status == .draft && y.content.measures.map(\.title) == ["Муниципальный семинар"])
        #expect(try w.roadmaps.detail(coordinator, id: thirdRoadmap).content.measures.map(\.title) == ["Муниципальный семинар"])
        #expect(try w.roadmaps.detail(coordinator, id: x).content.measures.map(\.title) == ["Анализ результатов ВПР"])
    }

    @Test func municipalPlanIsTheCoordinatorsOwn() throws {
        let w = try world()
        let coordinator = try w.scope("mun-ku")
        let plan = try w.roadmaps.createPlan(coordinator, municipality: coordinator.municipalityId!, year: w.year)
        try w.roadmaps.addMeasure(coordinator, roadmap: plan, MeasureInput(title: "Совещание руководителей", due: "сентябрь", responsible: "Управление образования"))
        #expect(throws: DomainError.forbidden) { try w.roadmaps.addMeasure(try w.scope("director-ku"), roadmap: plan, measure("x")) }
        #expect(throws: DomainError.forbidden) { try w.roadmaps.approve(try w.scope("curator-ku"), roadmap: plan) }
        #expect(throws: DomainError.self) { try w.roadmaps.submit(coordinator, roadmap: plan) }
        try w.roadmaps.approve(coordinator, roadmap: plan)
        #expect(try status(w, plan) == .approved)
        #expect(try w.roadmaps.plan(try w.scope("region"), municipality: coordinator.municipalityId!, year: w.year)?.id == plan)
    }

    @Test func badDueIsAFieldError() throws {
        let w = try world()
        let id = try w.roadmaps.create(try w.scope("director-ku"), school: w.schoolX, year: w.year)
        #expect {
            try w.roadmaps.addMeasure(try w.scope("director-ku"), roadmap: id, MeasureInput(title: "Семинар", due: "когда-нибудь"))
        } throws: { error in
            if case DomainError.invalid(let errors) = error { return errors.map(\.field) == ["due"] }
            return false
        }
        let measureId = try w.roadmaps.addMeasure(try w.scope("director-ku"), roadmap: id, MeasureInput(title: "Семинар", due: "сентябрь–декабрь"))
        let m = try w.roadmaps.measure(try w.scope("director-ku"), roadmap: id, measure: measureId)
        #expect(m.dueKind == "monthRange" && m.dueFrom == "\(w.year.start)-09-01" && m.dueTo == "\(w.year.start)-12-31")
    }

    @Test func reorderMeasuresAndSections() throws {
        let w = try world()
        let director = try w.scope("director-ku")
        let id = try w.roadmaps.create(director, school: w.schoolX, year: w.year)
        let first = try w.roadmaps.addMeasure(director, roadmap: id, measure("Первое"))
        try w.roadmaps.addMeasure(director, roadmap: id, measure("Второе"))
        try w.roadmaps.moveMeasure(director, roadmap: id, measure: first, up: false)
        var d = try w.roadmaps.detail(director, id: id)
        #expect(d.content.measures.map(\.title) == ["Второе", "Первое"])
        let second = try #require(d.content.sections[1].id)
        try w.roadmaps.moveSection(director, roadmap: id, section: second, up: true)
        d = try w.roadmaps.detail(director, id: id)
        #expect(d.content.sections.first?.title == Roadmaps.defaultSections[1])
    }
}
