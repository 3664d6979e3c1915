import Foundation
import GRDB

/// Half-year reports on a school's roadmap: черновик → сдан → принят | возвращён на доработку → сдан …
/// Every transition checks the actor and the state, and writes its `reportEvent` and an audit entry in one transaction.
public struct Reports: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    static let maxText = 4000

    struct Snapshot: Codable {
        var roadmapId: Int64, periodId: Int64, status: String, summary: String, selfAssessment: String
        var items: [ItemSnapshot]?
    }
    struct ItemSnapshot: Codable {
        var id: Int64, status: String, reason: String, whatWasDone: String, evidenceUrl: String, indicatorValue: String
        var evidenceNote: String?
    }

    // MARK: Rules

    /// Late: not submitted by the period's due date — no submission and today is after it, or the first submission
    /// came after it (dates in Moscow time).
    public static func isLate(dueDate: String, submittedAt: Date?, today: String) -> Bool {
        if let submittedAt { return Moscow.day(submittedAt) > dueDate }
        return today > dueDate
    }

    /// The rules of one item; field names end with the item id. The reason of a past-due measure is required only
    /// `forSubmission` (a draft is saved without it).
    public static func validate(_ input: ReportItemInput, itemId: Int64, measureTitle: String, dueTo: String?, today: String,
                                forSubmission: Bool = true) -> [FieldError] {
        var errors: [FieldError] = []
        guard let status = ReportItemStatus(rawValue: input.status) else {
            return [FieldError("status-\(itemId)", "Выберите состояние мероприятия «\(measureTitle)»")]
        }
        let pastDue = dueTo.map { $0 < today } ?? false
        if forSubmission && status.needsReasonWhenPastDue && pastDue && input.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError("reason-\(itemId)",
                                     "Срок мероприятия «\(measureTitle)» прошёл: укажите причину, почему оно \(status.title)"))
        }
        let url = input.evidenceUrl.trimmingCharacters(in: .whitespacesAndNewlines)
        if !url.isEmpty, let error = LinkURL.error(url, field: "evidence-\(itemId)") { errors.append(error) }
        for (field, text) in [("reason", input.reason), ("done", input.whatWasDone), ("value", input.indicatorValue), ("note", input.evidenceNote)]
        where text.count > maxText {
            errors.append(FieldError("\(field)-\(itemId)", "Текст — не длиннее \(maxText) знаков"))
        }
        return errors
    }

    // MARK: Reading

    struct Header {
        var id: Int64, roadmapId: Int64, periodId: Int64, status: ReportStatus, summary: String, selfAssessment: String
        var submittedAt: Date?, createdAt: Date, updatedAt: Date
        var schoolId: Int64, schoolYear: Int, municipalityId: Int64, roadmapTitle: String
        var schoolShortName: String, schoolName: String
    }

    static func header(_ db: Database, id: Int64) throws -> Header {
        guard let row = try Row.fetchOne(db, cachedSQL: """
            SELECT report.*, roadmap.schoolId, roadmap.schoolYear, roadmap.municipalityId, roadmap.title AS roadmapTitle,
                   school.shortName, school.name AS schoolName
            FROM report JOIN roadmap ON roadmap.id = report.roadmapId JOIN school ON school.id = roadmap.schoolId
            WHERE report.id = ?
            """, arguments: [id]) else { throw DomainError.notFound }
        return Header(id: row["id"], roadmapId: row["roadmapId"], periodId: row["periodId"],
                      status: ReportStatus(rawValue: row["status"]) ?? .draft, summary: row["summary"],
                      selfAssessment: row["selfAssessment"], submittedAt: row["submittedAt"], createdAt: row["createdAt"],
                      updatedAt: row["updatedAt"], schoolId: row["schoolId"], schoolYear: row["schoolYear"],
                      municipalityId: row["municipalityId"], roadmapTitle: row["roadmapTitle"],
                      schoolShortName: row["shortName"], schoolName: row["schoolName"])
    }

    static func items(_ db: Database, reportId: Int64, today: String) throws -> [ReportItemDetail] {
        let rows = try Row.fetchAll(db, cachedSQL: """
            SELECT i.*, m.dueText, m.dueTo, m.responsible, m.expectedResult, m.indicator, m.indicatorUnit, m.target,
                   s.title AS sectionTitle
            FROM reportItem i LEFT JOIN measure m ON m.id = i.measureId LEFT JOIN roadmapSection s ON s.id = m.sectionId
            WHERE i.reportId = ?
            ORDER BY i.measureId IS NULL, COALESCE(s.position, 1000000), m.position, i.id
            """, arguments: [reportId])
        return rows.enumerated().map { index, row in
            let dueTo: String? = row["dueTo"]
            return ReportItemDetail(
                id: row["id"], number: index + 1, measureId: row["measureId"], measureTitle: row["measureTitle"],
                sectionTitle: row["sectionTitle"], dueText: row["dueText"] ?? "", dueTo: dueTo,
                responsible: row["responsible"] ?? "", expectedResult: row["expectedResult"] ?? "",
                indicator: row["indicator"] ?? "", indicatorUnit: row["indicatorUnit"] ?? "", target: row["target"] ?? "",
                status: ReportItemStatus(rawValue: row["status"]) ?? .notStarted, reason: row["reason"],
                whatWasDone: row["whatWasDone"], evidenceUrl: row["evidenceUrl"], evidenceNote: row["evidenceNote"],
                indicatorValue: row["indicatorValue"],
                isPastDue: dueTo.map { $0 < today } ?? false)
        }
    }

    /// A report with its items and history, for anyone who reads the school.
    public func detail(_ scope: Scope, id: Int64) throws -> ReportDetail {
        try database.read { db in
            let h = try Self.header(db, id: id)
            try Policy.authorizeRead(scope, school: h.schoolId, db)
            let today = Moscow.day(database.now)
            let period = try ReportPeriods.period(db, id: h.periodId)
            let items = try Self.items(db, reportId: id, today: today)
            let events = try Row.fetchAll(db, cachedSQL: """
                SELECT e.action, e.comment, e.at, user.fullName FROM reportEvent e LEFT JOIN user ON user.id = e.actorId
                WHERE e.reportId = ? ORDER BY e.id
                """, arguments: [id]).map {
                ReportEventItem(action: $0["action"], comment: $0["comment"], actorName: $0["fullName"], at: $0["at"])
            }
            let edits = try Policy.mayEditSchoolContent(scope, school: h.schoolId, db)
            let editable = h.status == .draft || h.status == .returned
            return ReportDetail(
                id: id, roadmapId: h.roadmapId, roadmapTitle: h.roadmapTitle, schoolId: h.schoolId,
                schoolShortName: h.schoolShortName, schoolName: h.schoolName, municipalityId: h.municipalityId,
                period: period, status: h.status, summary: h.summary, selfAssessment: h.selfAssessment,
                submittedAt: h.submittedAt, createdAt: h.createdAt, updatedAt: h.updatedAt, items: items, events: events,
                isLate: Self.isLate(dueDate: period.dueDate, submittedAt: h.submittedAt, today: today),
                share: DoneShare.of(items.map(\.status)),
                canEdit: edits && editable, canSubmit: edits && editable && period.isOpen,
                canReview: try h.status == .submitted && Policy.mayReview(scope, school: h.schoolId, year: h.schoolYear, db))
        }
    }

    // MARK: Starting

    /// Starts the report of a school for a period: its approved roadmap of that year, the period open, no report yet.
    /// Items are copied from the roadmap's measures.
    @discardableResult
    public func start(_ scope: Scope, schoolId: Int64, periodId: Int64) throws -> Int64 {
        try database.write { db in
            try Policy.requireEditSchoolContent(scope, school: schoolId, db)
            let period = try ReportPeriods.period(db, id: periodId)
            let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId])
            guard period.municipalityId == municipalityId else { throw DomainError.notFound }
            guard let roadmap = try RoadmapRecord.all().of(school: schoolId, year: period.year.start).fetchOne(db) else {
                throw DomainError.conflict("У школы нет дорожной карты на \(period.year.title) учебный год: отчитываться не по чему.")
            }
            let roadmapId = roadmap.id
            guard try Self.isApproved(db, roadmap) else {
                throw DomainError.conflict("Отчёт начинают по утверждённой дорожной карте, а дорожная карта на \(period.year.title) учебный год ещё не утверждена куратором.")
            }
            guard period.isOpen else {
                throw DomainError.conflict("Отчётный период «\(period.title)» не открыт: начать отчёт можно, когда координатор откроет период.")
            }
            if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM report WHERE roadmapId = ? AND periodId = ?)",
                                 arguments: [roadmapId, periodId]) == true {
                throw DomainError.conflict("Отчёт за \(period.title) уже начат.")
            }
            let now = database.now
            try db.execute(sql: "INSERT INTO report (roadmapId, periodId, status, createdAt, updatedAt) VALUES (?, ?, 'draft', ?, ?)",
                           arguments: [roadmapId, periodId, now, now])
            let id = db.lastInsertedRowID
            try db.execute(sql: """
                INSERT INTO reportItem (reportId, measureId, measureTitle, status)
                SELECT ?, m.id, m.title, 'notStarted' FROM measure m LEFT JOIN roadmapSection s ON s.id = m.sectionId
                WHERE m.roadmapId = ? ORDER BY COALESCE(s.position, 1000000), m.position, m.id
                """, arguments: [id, roadmapId])
            try Self.event(db, scope, reportId: id, action: "created", comment: "", at: now)
            try AuditLog.record(db, scope, action: "create", entity: "report", id: id, before: Snapshot?.none,
                                after: try Self.snapshot(db, id: id), at: now)
            return id
        }
    }

    /// Approved now, or approved once and being revised (its approved revision still stands).
    static func isApproved(_ db: Database, _ roadmap: RoadmapRecord) throws -> Bool {
        if roadmap.status == .approved { return true }
        return try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM roadmapRevision WHERE roadmapId = ? AND approvedAt IS NOT NULL)",
                                 arguments: [roadmap.id]) == true
    }

    // MARK: Editing

    /// «Сохранить черновик»: the summary, the self-assessment and the items (with any files attached), by the school's
    /// editors while a draft or returned. A draft saves without the reasons of past-due measures: those are asked on submission.
    public func save(_ scope: Scope, id: Int64, _ input: ReportInput) throws {
        try database.write { db in try save(db, scope, id: id, input) }
    }

    func save(_ db: Database, _ scope: Scope, id: Int64, _ input: ReportInput) throws {
        let h = try Self.header(db, id: id)
        try Policy.requireEditSchoolContent(scope, school: h.schoolId, db)
        try Self.requireEditable(h.status)
        let today = Moscow.day(database.now)
        let items = try Self.items(db, reportId: id, today: today)
        var errors: [FieldError] = []
        let summary = input.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        let selfAssessment = input.selfAssessment.trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.count > Self.maxText { errors.append(FieldError("summary", "Итоги — не длиннее \(Self.maxText) знаков")) }
        if selfAssessment.count > Self.maxText { errors.append(FieldError("selfAssessment", "Самооценка — не длиннее \(Self.maxText) знаков")) }
        for item in items {
            guard let given = input.items[item.id] else { continue }
            errors += Self.validate(given, itemId: item.id, measureTitle: item.measureTitle, dueTo: item.dueTo, today: today, forSubmission: false)
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        let before = try Self.snapshot(db, id: id)
        let now = database.now
        try db.execute(sql: "UPDATE report SET summary = ?, selfAssessment = ?, updatedAt = ? WHERE id = ?",
                       arguments: [summary, selfAssessment, now, id])
        for item in items {
            guard let given = input.items[item.id] else { continue }
            func t(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
            try db.execute(sql: """
                UPDATE reportItem SET status = ?, reason = ?, whatWasDone = ?, evidenceUrl = ?, evidenceNote = ?, indicatorValue = ? WHERE id = ?
                """, arguments: [given.status, t(given.reason), t(given.whatWasDone), t(given.evidenceUrl), t(given.evidenceNote),
                                 t(given.indicatorValue), item.id])
            if let file = given.file {
                do {
                    _ = try Documents.attach(db, scope, reportItemId: item.id, schoolId: h.schoolId, fileName: file.fileName, bytes: file.bytes, at: now)
                } catch DomainError.invalid(let fileErrors) {
                    // The file's own message, next to this item's file field.
                    throw DomainError.invalid(fileErrors.map { FieldError("file-\(item.id)", "«\(item.measureTitle)»: \($0.message)") })
                }
            }
        }
        try AuditLog.record(db, scope, action: "update", entity: "report", id: id, before: before,
                            after: try Self.snapshot(db, id: id), at: now)
    }

    static func requireEditable(_ status: ReportStatus) throws {
        switch status {
        case .draft, .returned: return
        case .submitted: throw DomainError.conflict("Отчёт сдан и ждёт проверки: изменить его можно, только если проверяющий вернёт его на доработку.")
        case .accepted: throw DomainError.conflict("Отчёт принят и больше не изменяется.")
        }
    }

    // MARK: Transitions

    /// The director (or the school's coordinator) submits a draft or a returned report while the period is open.
    /// Every item must satisfy the rules (a reason for measures past due that are not started or cancelled).
    /// With `input` («Сдать отчёт» on the form): saves it first, in the same transaction (a refusal saves nothing).
    public func submit(_ scope: Scope, id: Int64, saving input: ReportInput? = nil) throws {
        try database.write { db in
            if let input { try save(db, scope, id: id, input) }
            let h = try Self.header(db, id: id)
            try Policy.requireEditSchoolContent(scope, school: h.schoolId, db)
            guard h.status == .draft || h.status == .returned else {
                throw DomainError.conflict(h.status == .accepted ? "Отчёт уже принят." : "Отчёт уже сдан и ждёт проверки.")
            }
            let period = try ReportPeriods.period(db, id: h.periodId)
            guard period.isOpen else {
                throw DomainError.conflict("Отчётный период «\(period.title)» закрыт: сдать отчёт нельзя. Обратитесь к муниципальному координатору.")
            }
            let today = Moscow.day(database.now)
            let items = try Self.items(db, reportId: id, today: today)
            var errors: [FieldError] = []
            for item in items {
                let input = ReportItemInput(status: item.status.rawValue, reason: item.reason, whatWasDone: item.whatWasDone,
                                            evidenceUrl: item.evidenceUrl, evidenceNote: item.evidenceNote, indicatorValue: item.indicatorValue)
                errors += Self.validate(input, itemId: item.id, measureTitle: item.measureTitle, dueTo: item.dueTo, today: today)
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            let before = try Self.snapshot(db, id: id)
            let now = database.now
            // The first submission counts for lateness; a resubmission after a return keeps it.
            try db.execute(sql: "UPDATE report SET status = 'submitted', submittedAt = COALESCE(submittedAt, ?), updatedAt = ? WHERE id = ?",
                           arguments: [now, now, id])
            try Self.event(db, scope, reportId: id, action: "submitted", comment: "", at: now)
            try AuditLog.record(db, scope, action: "submit", entity: "report", id: id, before: before,
                                after: try Self.snapshot(db, id: id), at: now)
        }
    }

    /// A reviewer (the curator assigned for the roadmap's year, the coordinator, the admin) accepts a submitted report.
    public func accept(_ scope: Scope, id: Int64, comment: String = "") throws {
        try review(scope, id: id, action: "accepted", comment: comment)
    }

    /// A reviewer returns a submitted report for rework, with a comment.
    public func returnForRework(_ scope: Scope, id: Int64, comment: String) throws {
        try review(scope, id: id, action: "returned", comment: comment)
    }

    func review(_ scope: Scope, id: Int64, action: String, comment: String) throws {
        try database.write { db in
            let h = try Self.header(db, id: id)
            try Policy.requireReview(scope, school: h.schoolId, year: h.schoolYear, db)
            guard h.status == .submitted else {
                switch h.status {
                case .accepted: throw DomainError.conflict("Отчёт уже принят.")
                case .returned: throw DomainError.conflict("Отчёт уже возвращён на доработку и ещё не сдан снова.")
                default: throw DomainError.conflict("Отчёт ещё не сдан: проверять нечего.")
                }
            }
            let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
            if action == "returned" && text.isEmpty {
                throw DomainError.invalid([FieldError("comment", "Напишите, что нужно доработать")])
            }
            if text.count > Self.maxText { throw DomainError.invalid([FieldError("comment", "Комментарий — не длиннее \(Self.maxText) знаков")]) }
            let before = try Self.snapshot(db, id: id)
            let now = database.now
            try db.execute(sql: "UPDATE report SET status = ?, updatedAt = ? WHERE id = ?",
                           arguments: [action == "accepted" ? "accepted" : "returned", now, id])
            try Self.event(db, scope, reportId: id, action: action, comment: text, at: now)
            try AuditLog.record(db, scope, action: action == "accepted" ? "accept" : "return", entity: "report", id: id,
                                before: before, after: try Self.snapshot(db, id: id), at: now)
            if action == "returned" { try NotificationTriggers.reportReturned(db, scope, reportId: id, comment: text, at: now) }
        }
    }

    static func event(_ db: Database, _ scope: Scope, reportId: Int64, action: String, comment: String, at: Date) throws {
        try db.execute(sql: "INSERT INTO reportEvent (reportId, action, comment, actorId, at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [reportId, action, comment, scope.userId, at])
    }

    static func snapshot(_ db: Database, id: Int64) throws -> Snapshot {
        guard let row = try Row.fetchOne(db, cachedSQL: "SELECT * FROM report WHERE id = ?", arguments: [id]) else { throw DomainError.notFound }
        let items = try Row.fetchAll(db, cachedSQL: "SELECT * FROM reportItem WHERE reportId = ? ORDER BY id", arguments: [id]).map {
            ItemSnapshot(id: $0["id"], status: $0["status"], reason: $0["reason"], whatWasDone: $0["whatWasDone"],
                         evidenceUrl: $0["evidenceUrl"], indicatorValue: $0["indicatorValue"], evidenceNote: $0["evidenceNote"])
        }
        return Snapshot(roadmapId: row["roadmapId"], periodId: row["periodId"], status: row["status"], summary: row["summary"],
                        selfAssessment: row["selfAssessment"], items: items)
    }

    // MARK: Views

    /// A school's roadmap of a year executed per period: statuses, share done, overdue measures.
    public func school(_ scope: Scope, schoolId: Int64, year requested: SchoolYear?) throws -> SchoolReports {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            guard let school = try Row.fetchOne(db, cachedSQL: "SELECT shortName, name, municipalityId FROM school WHERE id = ?", arguments: [schoolId]) else {
                throw DomainError.notFound
            }
            let years = try Int.fetchAll(db, cachedSQL: "SELECT schoolYear FROM roadmap WHERE schoolId = ? ORDER BY schoolYear DESC",
                                         arguments: [schoolId]).map(SchoolYear.init)
            let year = try requested ?? years.first ?? SchoolDirectory(database: database).defaultYear(db)
            let municipalityId: Int64 = school["municipalityId"]
            let today = Moscow.day(database.now)
            let roadmap = try RoadmapRecord.all().of(school: schoolId, year: year.start).fetchOne(db)
            let roadmapId = roadmap?.id
            let edits = try Policy.mayEditSchoolContent(scope, school: schoolId, db)
            let approved = try roadmap.map { try Self.isApproved(db, $0) } ?? false
            let measures = try roadmapId.map { id in
                try Row.fetchAll(db, cachedSQL: """
                    SELECT m.id, m.title, m.dueText, m.dueTo FROM measure m LEFT JOIN roadmapSection s ON s.id = m.sectionId
                    WHERE m.roadmapId = ? ORDER BY COALESCE(s.position, 1000000), m.position, m.id
                    """, arguments: [id])
            } ?? []
            var rows: [SchoolReports.PeriodRow] = []
            for period in try ReportPeriods.periods(db, municipalityId: municipalityId, year: year).sorted(by: { $0.half < $1.half }) {
                let report = try roadmapId.flatMap { id in
                    try Row.fetchOne(db, cachedSQL: "SELECT id, status, submittedAt FROM report WHERE roadmapId = ? AND periodId = ?",
                                     arguments: [id, period.id])
                }
                var row = SchoolReports.PeriodRow(period: period, reportId: nil, status: nil, isLate: false, share: nil,
                                                  canStart: false, startBlocker: nil, measures: [])
                if let report {
                    let id: Int64 = report["id"]
                    let items = try Self.items(db, reportId: id, today: today)
                    row.reportId = id
                    row.status = ReportStatus(rawValue: report["status"])
                    row.isLate = Self.isLate(dueDate: period.dueDate, submittedAt: report["submittedAt"], today: today)
                    row.share = DoneShare.of(items.map(\.status))
                    row.measures = items.map { .init(number: $0.number, title: $0.measureTitle, dueText: $0.dueText, status: $0.status,
                                                     isOverdue: $0.isOverdue) }
                } else if roadmapId != nil {
                    row.isLate = Self.isLate(dueDate: period.dueDate, submittedAt: nil, today: today)
                    row.measures = measures.enumerated().map { index, m in
                        let dueTo: String? = m["dueTo"]
                        return .init(number: index + 1, title: m["title"], dueText: m["dueText"], status: nil,
                                     isOverdue: dueTo.map { $0 < today } ?? false)
                    }
                    if edits {
                        if !approved { row.startBlocker = "Отчёт начинают по утверждённой дорожной карте." }
                        else if !period.isOpen { row.startBlocker = "Период не открыт координатором." }
                        else { row.canStart = true }
                    }
                }
                rows.append(row)
            }
            return SchoolReports(schoolId: schoolId, schoolShortName: school["shortName"], schoolName: school["name"],
                                 municipalityId: municipalityId, year: year, roadmapId: roadmapId, roadmapStatus: roadmap?.status.rawValue,
                                 periods: rows, years: years)
        }
    }

    /// The coordinator's overview of a period: each school of the municipality with a roadmap that year.
    public func overview(_ scope: Scope, municipalityId: Int64, periodId: Int64?) throws -> ReportOverview? {
        try Policy.requireReadMunicipalityProgramme(scope, municipalityId: municipalityId)
        return try database.read { db in
            try ReportPeriods.requireRead(scope, municipalityId: municipalityId, db)
            let periods = try ReportPeriods.periods(db, municipalityId: municipalityId, year: nil)
            let chosen: ReportPeriodItem?
            if let periodId {
                guard let p = periods.first(where: { $0.id == periodId }) else { throw DomainError.notFound }
                chosen = p
            } else {
                chosen = periods.first(where: \.isOpen) ?? periods.first
            }
            guard let period = chosen else { return nil }
            let today = Moscow.day(database.now)
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT school.id AS schoolId, school.shortName, school.name, roadmap.id AS roadmapId,
                       report.id AS reportId, report.status, report.submittedAt
                FROM roadmap JOIN school ON school.id = roadmap.schoolId
                LEFT JOIN report ON report.roadmapId = roadmap.id AND report.periodId = ?
                WHERE roadmap.municipalityId = ? AND roadmap.schoolYear = ? AND roadmap.schoolId IS NOT NULL
                ORDER BY school.shortName, school.id
                """, arguments: [period.id, municipalityId, period.year.start])
            let result = try rows.map { row -> ReportOverview.Row in
                let reportId: Int64? = row["reportId"]
                let status: String? = row["status"]
                let share = try reportId.map { id in
                    DoneShare.of(try String.fetchAll(db, cachedSQL: "SELECT status FROM reportItem WHERE reportId = ?", arguments: [id])
                        .compactMap(ReportItemStatus.init(rawValue:)))
                }
                return ReportOverview.Row(
                    schoolId: row["schoolId"], schoolShortName: row["shortName"], schoolName: row["name"], roadmapId: row["roadmapId"],
                    reportId: reportId, status: status.flatMap(ReportStatus.init(rawValue:)),
                    isLate: Self.isLate(dueDate: period.dueDate, submittedAt: row["submittedAt"], today: today), share: share)
            }
            return ReportOverview(period: period, periods: periods, rows: result)
        }
    }

    public struct AwaitingReview: Sendable, Equatable {
        public var reportId: Int64
        public var schoolId: Int64
        public var schoolShortName: String
        public var periodTitle: String
        public var submittedAt: Date?
    }

    /// Submitted reports the scope may accept or return (a curator: schools assigned for the roadmap's year), oldest first:
    /// for a "what awaits my review" list.
    public func awaitingReview(_ scope: Scope) throws -> [AwaitingReview] {
        let condition: SQL
        switch Policy.reviewer(scope) {
        case .everyone: condition = "1"
        case .municipality(let id): condition = "roadmap.municipalityId = \(id)"
        case .curator(let id):
            condition = """
                EXISTS (SELECT 1 FROM curatorAssignment a WHERE a.curatorId = \(id)
                        AND a.schoolId = roadmap.schoolId AND a.schoolYear = roadmap.schoolYear)
                """
        case nil: return []
        }
        return try database.read { db in
            try SQLRequest<Row>(literal: """
                SELECT report.id, report.submittedAt, school.id AS schoolId, school.shortName, p.schoolYear, p.half
                FROM report JOIN roadmap ON roadmap.id = report.roadmapId JOIN school ON school.id = roadmap.schoolId
                JOIN reportPeriod p ON p.id = report.periodId
                WHERE report.status = 'submitted' AND \(condition)
                ORDER BY report.updatedAt, report.id
                """, cached: true).fetchAll(db).map { row in
                AwaitingReview(reportId: row["id"], schoolId: row["schoolId"], schoolShortName: row["shortName"],
                               periodTitle: "\(row["half"] == 1 ? "I" : "II") полугодие \(SchoolYear(row["schoolYear"]).title)",
                               submittedAt: row["submittedAt"])
            }
        }
    }

    /// The report as rows for export: seed 002's columns plus the report's.
    public func exportRows(_ scope: Scope, id: Int64) throws -> (detail: ReportDetail, header: [String], rows: [[String]]) {
        let d = try detail(scope, id: id)
        let header = ["№", "Мероприятие", "Сроки", "Ответственный", "Ожидаемый результат", "Статус", "Что сделано",
                      "Подтверждение", "Значение показателя"]
        let rows = d.items.map { item -> [String] in
            var status = item.status.title
            if !item.reason.isEmpty { status += " (причина: \(item.reason))" }
            return ["\(item.number)", item.measureTitle, item.dueText, item.responsible, item.expectedResult, status,
                    item.whatWasDone, [item.evidenceNote, item.evidenceUrl].filter { !$0.isEmpty }.joined(separator: "; "), item.indicatorValue]
        }
        return (d, header, rows)
    }
}
