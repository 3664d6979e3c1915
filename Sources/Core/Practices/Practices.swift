import Foundation
import GRDB

/// The bank of practices: schools propose, the municipal coordinator publishes or returns with a comment;
/// every signed-in user of the region finds published practices by full-text search and filters.
public struct Practices: Sendable {
    let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public static let maximumTags = 20

    // MARK: Text for the search

    /// The form the search sees: lower case, «ё» as «е», letters and digits only, single spaces between words.
    public static func searchForm(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }

    /// The words of a text or a query in search form.
    public static func tokens(_ text: String) -> [String] {
        let folded = text.lowercased().replacingOccurrences(of: "ё", with: "е")
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current); current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// An FTS5 MATCH expression from what a user typed: every word quoted and a prefix (`"оценив"*`), all required.
    /// No user syntax (operators, columns, NEAR) reaches FTS5: only letters and digits survive `tokens`.
    public static func matchExpression(_ query: String) -> String? {
        let words = tokens(query).prefix(16)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }.joined(separator: " ")
    }

    /// Tags as typed («Оценивание,  ВПР ,впр») → ["оценивание", "впр"]: trimmed, lower case, single spaces, no repeats.
    public static func normaliseTags(_ text: String) -> [String] {
        var seen: Set<String> = []
        var tags: [String] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" }) {
            let tag = part.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                .trimmingCharacters(in: CharacterSet(charactersIn: "#").union(.whitespaces))
            if tag.isEmpty || seen.contains(tag) { continue }
            seen.insert(tag)
            tags.append(tag)
        }
        return tags
    }

    /// Whether this database has the FTS5 index (the migration creates it only where SQLite has FTS5).
    static func hasFullTextIndex(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'practiceFts')") == true
    }

    public func usesFullTextIndex() throws -> Bool { try database.read { try Self.hasFullTextIndex($0) } }

    /// The search condition on `p` for the query: FTS5 where present, else a word-prefix LIKE over `searchText`.
    static func searchCondition(_ db: Database, query: String) throws -> SQL? {
        guard let match = matchExpression(query) else { return nil }
        if try hasFullTextIndex(db) {
            return "p.id IN (SELECT rowid FROM practiceFts WHERE practiceFts MATCH \(match))"
        }
        let words = Array(tokens(query).prefix(16))
        let parts: [SQL] = words.map { word in
            let pattern = "% " + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            return "(' ' || p.searchText) LIKE \(pattern) ESCAPE '\\'"
        }
        return "\(parts.joined(operator: .and))"
    }

    // MARK: Reading

    static let summaryColumns = """
        p.id, p.title, p.category, p.status, p.schoolId, s.name AS schoolName, s.municipalityId, m.name AS municipalityName,
        p.authors, p.authorsConsent, p.description, e.title AS eventTitle, p.updatedAt, p.publishedAt, p.eventId, e.heldOn AS eventDate,
        p.reviewComment, (SELECT group_concat(tag, ',') FROM practiceTag t WHERE t.practiceId = p.id) AS tagList
        """
    static let summaryFrom = """
        FROM practice p JOIN school s ON s.id = p.schoolId JOIN municipality m ON m.id = s.municipalityId
        LEFT JOIN municipalEvent e ON e.id = p.eventId
        """

    static func summary(_ r: Row) -> PracticeSummary {
        PracticeSummary(id: r["id"], title: r["title"], category: PracticeCategory(rawValue: r["category"]) ?? .other,
                        status: PracticeStatus(rawValue: r["status"]) ?? .draft, schoolId: r["schoolId"], schoolName: r["schoolName"],
                        municipalityId: r["municipalityId"], municipalityName: r["municipalityName"], authors: r["authors"],
                        authorsConsent: r["authorsConsent"], description: r["description"], eventTitle: r["eventTitle"],
                        tags: ((r["tagList"] as String?) ?? "").split(separator: ",").map(String.init).sorted(),
                        updatedAt: r["updatedAt"], publishedAt: r["publishedAt"])
    }

    /// The practices the scope may read that match the filter: newest published first, then the rest by last change.
    public func list(_ scope: Scope, filter: PracticeFilter) throws -> [PracticeSummary] {
        try database.read { db in
            var conditions: [SQL] = [Policy.visiblePractices(scope, alias: "p", schoolAlias: "s")]
            if let search = try Self.searchCondition(db, query: filter.query) { conditions.append(search) }
            if let c = filter.category { conditions.append("p.category = \(c.rawValue)") }
            if let s = filter.schoolId { conditions.append("p.schoolId = \(s)") }
            if let m = filter.municipalityId { conditions.append("s.municipalityId = \(m)") }
            if let tag = filter.tag.map({ Self.normaliseTags($0).first ?? "" }), !tag.isEmpty {
                conditions.append("EXISTS (SELECT 1 FROM practiceTag t WHERE t.practiceId = p.id AND t.tag = \(tag))")
            }
            if let st = filter.status { conditions.append("p.status = \(st.rawValue)") }
            let request = SQLRequest<Row>(literal: """
                SELECT \(sql: Self.summaryColumns) \(sql: Self.summaryFrom)
                WHERE \(conditions.joined(operator: .and))
                ORDER BY p.status = 'published' DESC, p.publishedAt DESC, p.updatedAt DESC, p.id DESC
                """, cached: true)
            return try request.fetchAll(db).map(Self.summary)
        }
    }

    /// A school's practices the scope may read (its card): every status for those who read the school, published for the rest.
    public func forSchool(_ scope: Scope, schoolId: Int64) throws -> [PracticeSummary] {
        try list(scope, filter: PracticeFilter(schoolId: schoolId))
    }

    /// What the filters offer: schools and municipalities with practices the scope reads, and the tags in use.
    public func filterOptions(_ scope: Scope) throws -> (schools: [PracticeSchoolChoice], municipalities: [PracticeSchoolChoice], tags: [String]) {
        try database.read { db in
            let visible = Policy.visiblePractices(scope, alias: "p", schoolAlias: "s")
            let schools = try SQLRequest<Row>(literal: """
                SELECT DISTINCT s.id, s.name FROM practice p JOIN school s ON s.id = p.schoolId WHERE \(visible) ORDER BY s.name
                """).fetchAll(db).map { PracticeSchoolChoice(id: $0["id"], name: $0["name"]) }
            let municipalities = try SQLRequest<Row>(literal: """
                SELECT DISTINCT m.id, m.name FROM practice p JOIN school s ON s.id = p.schoolId JOIN municipality m ON m.id = s.municipalityId
                WHERE \(visible) ORDER BY m.name
                """).fetchAll(db).map { PracticeSchoolChoice(id: $0["id"], name: $0["name"]) }
            let tags = try SQLRequest<String>(literal: """
                SELECT DISTINCT t.tag FROM practiceTag t JOIN practice p ON p.id = t.practiceId JOIN school s ON s.id = p.schoolId
                WHERE \(visible) ORDER BY t.tag
                """).fetchAll(db)
            return (schools, municipalities, tags)
        }
    }

    /// One practice: 404 when missing, 403 when unpublished and outside the scope.
    public func detail(_ scope: Scope, id: Int64) throws -> PracticeDetail {
        try database.read { db in
            guard let r = try Row.fetchOne(db, cachedSQL: "SELECT \(Self.summaryColumns) \(Self.summaryFrom) WHERE p.id = ?", arguments: [id])
            else { throw DomainError.notFound }
            let summary = Self.summary(r)
            if summary.status != .published { try Policy.authorizeRead(scope, school: summary.schoolId, db) }
            let canWrite = try Policy.mayEditPractice(scope, school: summary.schoolId, db)
            let isSchoolSide = Policy.isSchoolSide(scope)
            let editableStatus = summary.status == .draft || summary.status == .returned
            return PracticeDetail(
                summary: summary, eventId: r["eventId"], eventDate: r["eventDate"], reviewComment: r["reviewComment"],
                materials: try Self.materials(db, practiceId: id),
                canEdit: canWrite && (editableStatus || !isSchoolSide),
                canPropose: canWrite && editableStatus,
                canReview: try summary.status != .draft && summary.status != .returned
                    && Policy.mayPublishPractice(scope, school: summary.schoolId, db))
        }
    }

    static func materials(_ db: Database, practiceId: Int64) throws -> [PracticeMaterialInfo] {
        try Row.fetchAll(db, cachedSQL: """
            SELECT pm.id, pm.title, pm.url, pm.fileId, f.originalName, f.size, pm.addedAt
            FROM practiceMaterial pm LEFT JOIN storedFile f ON f.id = pm.fileId WHERE pm.practiceId = ? AND pm.removedAt IS NULL ORDER BY pm.id
            """, arguments: [practiceId]).map { r in
            PracticeMaterialInfo(id: r["id"], title: r["title"], url: r["url"], fileId: r["fileId"], fileName: r["originalName"],
                                 fileSize: r["size"], addedAt: r["addedAt"])
        }
    }

    /// Schools the scope may write practices for (the form's select).
    public func schoolsForProposal(_ scope: Scope) throws -> [PracticeSchoolChoice] {
        try schoolsForProposal(scope, only: nil)
    }

    private func schoolsForProposal(_ scope: Scope, only schoolId: Int64?) throws -> [PracticeSchoolChoice] {
        try database.read { db in
            let condition = Policy.editableSchools(scope)
            let one: SQL = schoolId.map { "id = \($0)" } ?? "1"
            return try SQLRequest<Row>(literal: "SELECT id, name FROM school WHERE archivedAt IS NULL AND \(condition) AND \(one) ORDER BY name")
                .fetchAll(db).map { PracticeSchoolChoice(id: $0["id"], name: $0["name"]) }
        }
    }

    /// Whether the scope may propose a practice on behalf of this school (the one-school form of `schoolsForProposal`).
    public func canPropose(_ scope: Scope, schoolId: Int64) throws -> Bool {
        try schoolsForProposal(scope, only: schoolId).isEmpty == false
    }

    /// The events of the school's municipality (read straight from `municipalEvent`), newest first.
    public func events(_ scope: Scope, schoolId: Int64) throws -> [PracticeEventChoice] {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            return try Row.fetchAll(db, cachedSQL: """
                SELECT e.id, e.title, e.heldOn FROM municipalEvent e JOIN school s ON s.municipalityId = e.municipalityId
                WHERE s.id = ? AND e.archivedAt IS NULL ORDER BY e.heldOn DESC, e.id DESC
                """, arguments: [schoolId]).map { PracticeEventChoice(id: $0["id"], title: $0["title"], heldOn: $0["heldOn"]) }
        }
    }

    // MARK: Public

    /// The published practices of a municipality, for a page without login: no unpublished practice, and the
    /// authors only where they agreed to publish their names. The caller decides whether the page is public at all.
    public func published(municipalityId: Int64) throws -> [PublishedPractice] {
        try database.read { db in
            try Row.fetchAll(db, cachedSQL: """
                SELECT \(Self.summaryColumns) \(Self.summaryFrom)
                WHERE p.status = 'published' AND s.municipalityId = ?
                ORDER BY p.publishedAt DESC, p.id DESC
                """, arguments: [municipalityId]).map { r in
                let s = Self.summary(r)
                return PublishedPractice(id: s.id, title: s.title, category: s.category, schoolName: s.schoolName,
                                         authors: s.authorsConsent && !s.authors.isEmpty ? s.authors : nil, description: s.description,
                                         eventTitle: s.eventTitle, tags: s.tags, publishedAt: s.publishedAt,
                                         materials: try Self.materials(db, practiceId: s.id).filter { $0.url != nil })
            }
        }
    }

    // MARK: Writing

    struct Checked {
        var title: String
        var category: PracticeCategory
        var authors: String
        var authorsConsent: Bool
        var description: String
        var eventId: Int64?
        var tags: [String]
    }

    static func check(_ db: Database, _ draft: PracticeDraft, schoolId: Int64) throws -> Checked {
        var errors: [FieldError] = []
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.append(FieldError("title", "Введите название практики")) }
        else if title.count > 300 { errors.append(FieldError("title", "Название длиннее 300 знаков: сократите его")) }
        let category = PracticeCategory(rawValue: draft.category)
        if category == nil { errors.append(FieldError("category", "Выберите направление практики")) }
        let description = draft.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.isEmpty { errors.append(FieldError("description", "Опишите практику: что делается, с кем и какой результат")) }
        else if description.count > 20_000 { errors.append(FieldError("description", "Описание длиннее 20 000 знаков: сократите его или приложите файл")) }
        let authors = draft.authors.trimmingCharacters(in: .whitespacesAndNewlines)
        if authors.count > 1000 { errors.append(FieldError("authors", "Список авторов длиннее 1000 знаков")) }
        let tags = normaliseTags(draft.tags)
        if tags.count > maximumTags { errors.append(FieldError("tags", "Не больше \(maximumTags) тегов")) }
        if tags.contains(where: { $0.count > 60 }) { errors.append(FieldError("tags", "Тег длиннее 60 знаков: разделяйте теги запятыми")) }
        if let eventId = draft.eventId {
            let ok = try Bool.fetchOne(db, cachedSQL: """
                SELECT EXISTS (SELECT 1 FROM municipalEvent e JOIN school s ON s.municipalityId = e.municipalityId
                               WHERE e.id = ? AND s.id = ? AND e.archivedAt IS NULL)
                """, arguments: [eventId, schoolId]) == true
            if !ok { errors.append(FieldError("event", "Выберите мероприятие муниципалитета школы")) }
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return Checked(title: title, category: category!, authors: authors, authorsConsent: draft.authorsConsent,
                       description: description, eventId: draft.eventId, tags: tags)
    }

    static func saveTags(_ db: Database, practiceId: Int64, _ tags: [String]) throws {
        try db.execute(sql: "DELETE FROM practiceTag WHERE practiceId = ?", arguments: [practiceId])
        for tag in tags {
            try db.execute(sql: "INSERT INTO practiceTag (practiceId, tag) VALUES (?, ?)", arguments: [practiceId, tag])
        }
    }

    static func searchText(_ c: Checked) -> String {
        searchForm([c.title, c.description, c.tags.joined(separator: " ")].joined(separator: " "))
    }

    /// A new practice of the school, as a draft. Returns its id.
    @discardableResult
    public func create(_ scope: Scope, schoolId: Int64, draft: PracticeDraft) throws -> Int64 {
        let now = database.now
        return try database.write { db in
            try Policy.requireEditPractice(scope, school: schoolId, db)
            let c = try Self.check(db, draft, schoolId: schoolId)
            try db.execute(sql: """
                INSERT INTO practice (schoolId, title, category, authors, authorsConsent, description, eventId, searchText,
                                      createdBy, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [schoolId, c.title, c.category.rawValue, c.authors, c.authorsConsent, c.description, c.eventId,
                                 Self.searchText(c), scope.userId, now, now])
            let id = db.lastInsertedRowID
            try Self.saveTags(db, practiceId: id, c.tags)
            var logged = draft
            logged.tags = c.tags.joined(separator: ", ")
            try AuditLog.record(db, scope, action: "create", entity: "practice", id: id, before: PracticeDraft?.none, after: logged, at: now)
            return id
        }
    }

    /// The practice's draft for the edit form.
    public func draft(_ scope: Scope, id: Int64) throws -> PracticeDraft {
        let d = try detail(scope, id: id)
        try Policy.require(d.canEdit)
        return PracticeDraft(title: d.summary.title, category: d.summary.category.rawValue, authors: d.summary.authors,
                             authorsConsent: d.summary.authorsConsent, description: d.summary.description, eventId: d.eventId,
                             tags: d.summary.tags.joined(separator: ", "))
    }

    static func load(_ db: Database, id: Int64) throws -> (schoolId: Int64, status: PracticeStatus) {
        guard let r = try Row.fetchOne(db, cachedSQL: "SELECT schoolId, status FROM practice WHERE id = ?", arguments: [id])
        else { throw DomainError.notFound }
        return (r["schoolId"], PracticeStatus(rawValue: r["status"]) ?? .draft)
    }

    /// Changes a practice: the school while it is a draft or returned; the coordinator at any status.
    public func update(_ scope: Scope, id: Int64, draft: PracticeDraft) throws {
        let now = database.now
        try database.write { db in
            let (schoolId, status) = try Self.load(db, id: id)
            try Policy.requireEditPractice(scope, school: schoolId, db)
            if Policy.isSchoolSide(scope) && !(status == .draft || status == .returned) {
                throw DomainError.conflict("Практика уже \(status.title): изменить её может муниципальный координатор или после возврата на доработку")
            }
            let before = try Self.auditDraft(db, id: id)
            let c = try Self.check(db, draft, schoolId: schoolId)
            try db.execute(sql: """
                UPDATE practice SET title = ?, category = ?, authors = ?, authorsConsent = ?, description = ?, eventId = ?, searchText = ?,
                                    updatedAt = ? WHERE id = ?
                """, arguments: [c.title, c.category.rawValue, c.authors, c.authorsConsent, c.description, c.eventId, Self.searchText(c), now, id])
            try Self.saveTags(db, practiceId: id, c.tags)
            try AuditLog.record(db, scope, action: "update", entity: "practice", id: id, before: before, after: try Self.auditDraft(db, id: id), at: now)
        }
    }

    static func auditDraft(_ db: Database, id: Int64) throws -> PracticeDraft {
        let r = try Row.fetchOne(db, cachedSQL: "SELECT title, category, authors, authorsConsent, description, eventId FROM practice WHERE id = ?", arguments: [id])!
        let tags = try String.fetchAll(db, cachedSQL: "SELECT tag FROM practiceTag WHERE practiceId = ? ORDER BY tag", arguments: [id])
        return PracticeDraft(title: r["title"], category: r["category"], authors: r["authors"], authorsConsent: r["authorsConsent"],
                             description: r["description"], eventId: r["eventId"], tags: tags.joined(separator: ", "))
    }

    func transition(_ scope: Scope, id: Int64, action: String, from allowed: Set<PracticeStatus>, to target: PracticeStatus,
                    comment: String = "", authorize: (Int64, Database) throws -> Void) throws {
        let now = database.now
        try database.write { db in
            let (schoolId, status) = try Self.load(db, id: id)
            try authorize(schoolId, db)
            if status == target { return }   // a repeated POST
            guard allowed.contains(status) else { throw DomainError.conflict("Практика сейчас: \(status.title). Это действие недоступно.") }
            switch target {
            case .proposed:
                try db.execute(sql: "UPDATE practice SET status = 'proposed', proposedAt = ?, updatedAt = ? WHERE id = ?", arguments: [now, now, id])
            case .published:
                try db.execute(sql: "UPDATE practice SET status = 'published', publishedAt = ?, reviewedBy = ?, reviewComment = '', updatedAt = ? WHERE id = ?",
                               arguments: [now, scope.userId, now, id])
            case .returned:
                try db.execute(sql: "UPDATE practice SET status = 'returned', publishedAt = NULL, reviewedBy = ?, reviewComment = ?, updatedAt = ? WHERE id = ?",
                               arguments: [scope.userId, comment, now, id])
            case .draft:
                break
            }
            try AuditLog.record(db, scope, action: action, entity: "practice", id: id, before: status.rawValue,
                                after: comment.isEmpty ? target.rawValue : "\(target.rawValue): \(comment)", at: now)
        }
    }

    /// The school proposes the practice for the bank (черновик | возвращена → предложена).
    public func propose(_ scope: Scope, id: Int64) throws {
        try transition(scope, id: id, action: "propose", from: [.draft, .returned], to: .proposed) { school, db in
            try Policy.requireEditPractice(scope, school: school, db)
        }
    }

    /// The coordinator publishes a proposed practice: every signed-in user of the region sees it.
    public func publish(_ scope: Scope, id: Int64) throws {
        try transition(scope, id: id, action: "publish", from: [.proposed], to: .published) { school, db in
            try Policy.requirePublishPractice(scope, school: school, db)
        }
    }

    /// The coordinator returns a proposed (or withdraws a published) practice to the school with a comment.
    public func returnToSchool(_ scope: Scope, id: Int64, comment: String) throws {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        try transition(scope, id: id, action: "return", from: [.proposed, .published], to: .returned, comment: comment) { school, db in
            try Policy.requirePublishPractice(scope, school: school, db)
            if comment.isEmpty { throw DomainError.invalid([FieldError("comment", "Напишите, что доработать")]) }
        }
    }

    // MARK: Materials

    /// A link to the practice's material (http or https).
    @discardableResult
    public func addLink(_ scope: Scope, practiceId: Int64, title: String, url: String) throws -> Int64 {
        let now = database.now
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let url = url.trimmingCharacters(in: .whitespacesAndNewlines)
        return try database.write { db in
            let (schoolId, _) = try Self.load(db, id: practiceId)
            try Policy.requireEditPractice(scope, school: schoolId, db)
            if let error = LinkURL.error(url, field: "url") { throw DomainError.invalid([error]) }
            try db.execute(sql: "INSERT INTO practiceMaterial (practiceId, title, url, addedBy, addedAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [practiceId, String(title.prefix(300)), url, scope.userId, now])
            let id = db.lastInsertedRowID
            try db.execute(sql: "UPDATE practice SET updatedAt = ? WHERE id = ?", arguments: [now, practiceId])
            try AuditLog.record(db, scope, action: "addLink", entity: "practiceMaterial", id: id, before: String?.none, after: url, at: now)
            return id
        }
    }

    /// A file of the practice: the documents' checks (type by content, 25 MiB), stored under the practice's school.
    @discardableResult
    public func addFile(_ scope: Scope, practiceId: Int64, title: String, fileName: String, bytes: [UInt8]) throws -> Int64 {
        let now = database.now
        return try database.write { db in
            let (schoolId, _) = try Self.load(db, id: practiceId)
            try Policy.requireEditPractice(scope, school: schoolId, db)
            let fileId = try Documents.storeFile(db, scope, schoolId: schoolId, fileName: fileName, bytes: bytes, at: now)
            try db.execute(sql: "INSERT INTO practiceMaterial (practiceId, title, fileId, addedBy, addedAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [practiceId, String(title.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)), fileId, scope.userId, now])
            let id = db.lastInsertedRowID
            try db.execute(sql: "UPDATE practice SET updatedAt = ? WHERE id = ?", arguments: [now, practiceId])
            try AuditLog.record(db, scope, action: "addFile", entity: "practiceMaterial", id: id, before: String?.none, after: fileName, at: now)
            return id
        }
    }

    /// The practice a material belongs to (for the confirmation page), checked like the practice.
    public func materialPractice(_ scope: Scope, materialId: Int64) throws -> (practiceId: Int64, title: String) {
        let practiceId = try database.read { db in
            try Int64.fetchOne(db, cachedSQL: "SELECT practiceId FROM practiceMaterial WHERE id = ?", arguments: [materialId])
        }
        guard let practiceId else { throw DomainError.notFound }
        let d = try detail(scope, id: practiceId)
        guard d.canEdit, let m = d.materials.first(where: { $0.id == materialId }) else { throw DomainError.forbidden }
        return (practiceId, m.title.isEmpty ? (m.fileName ?? m.url ?? "материал") : m.title)
    }

    /// Removes a material from the practice (the row and its file stay for the audit trail). Returns the practice's id.
    @discardableResult
    public func removeMaterial(_ scope: Scope, materialId: Int64) throws -> Int64 {
        let now = database.now
        return try database.write { db in
            guard let r = try Row.fetchOne(db, cachedSQL: "SELECT practiceId, url, fileId, removedAt FROM practiceMaterial WHERE id = ?", arguments: [materialId])
            else { throw DomainError.notFound }
            let practiceId: Int64 = r["practiceId"]
            let (schoolId, status) = try Self.load(db, id: practiceId)
            try Policy.requireEditPractice(scope, school: schoolId, db)
            if (r["removedAt"] as String?) != nil { return practiceId }   // a repeated POST
            if Policy.isSchoolSide(scope) && !(status == .draft || status == .returned) {
                throw DomainError.conflict("Практика уже \(status.title): материалы меняет муниципальный координатор")
            }
            try db.execute(sql: "UPDATE practiceMaterial SET removedAt = ? WHERE id = ?", arguments: [now, materialId])
            try db.execute(sql: "UPDATE practice SET updatedAt = ? WHERE id = ?", arguments: [now, practiceId])
            let what: String = (r["url"] as String?) ?? "file \((r["fileId"] as Int64?) ?? 0)"
            try AuditLog.record(db, scope, action: "removeMaterial", entity: "practiceMaterial", id: materialId, before: what, after: String?.none, at: now)
            return practiceId
        }
    }

    /// A material's file for download, for those who may read the practice (published: everyone signed in).
    public func download(_ scope: Scope, materialId: Int64) throws -> FileDownload {
        try database.read { db in
            guard let r = try Row.fetchOne(db, cachedSQL: """
                SELECT p.status, p.schoolId, f.originalName, f.contentType, f.sha256, f.id AS fileId
                FROM practiceMaterial pm JOIN practice p ON p.id = pm.practiceId JOIN storedFile f ON f.id = pm.fileId WHERE pm.id = ? AND pm.removedAt IS NULL
                """, arguments: [materialId]) else { throw DomainError.notFound }
            if (r["status"] as String) != PracticeStatus.published.rawValue { try Policy.authorizeRead(scope, school: r["schoolId"], db) }
            let data = try Data.fetchOne(db, cachedSQL: "SELECT content FROM storedFileContent WHERE fileId = ?", arguments: [r["fileId"] as Int64]) ?? Data()
            return FileDownload(fileName: r["originalName"], contentType: r["contentType"], sha256: r["sha256"], bytes: [UInt8](data))
        }
    }
}
