import Crypto
import Foundation
import GRDB
import GRDBSQLite

public struct DocumentCriterionInfo: Sendable, Equatable {
    public var id: Int64
    public var title: String
}

public struct DocumentKindInfo: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var perRiskFactor: Bool
    public var isExpected: Bool
    public var criteria: [DocumentCriterionInfo]
    /// nil for a region-wide kind; else the municipality that added it for its own schools.
    public var municipalityId: Int64? = nil
    public var municipalityName: String? = nil
    /// Whether the acting user may add and remove its criteria (set by `kinds(_:)`).
    public var canEdit = false
}

/// A document's state for the year: missing, uploaded and awaiting review, returned, accepted.
public enum DocumentState: String, Sendable, Equatable {
    case missing, awaitingReview, returned, accepted

    public var title: String {
        switch self {
        case .missing: "нет"
        case .awaitingReview: "на проверке"
        case .returned: "на доработке"
        case .accepted: "принят"
        }
    }
}

public enum DocumentDecision: String, Sendable, CaseIterable, Codable {
    case accepted, returned
    public var title: String { self == .accepted ? "Принят" : "На доработке" }
}

/// One slot of a school's document set: a kind (and a risk factor for anti-risk programmes), with its document if uploaded.
public struct DocumentSlot: Sendable, Equatable {
    public var kindId: Int64
    public var kindTitle: String
    public var riskFactorId: Int64?
    public var riskFactorTitle: String?
    public var documentId: Int64?
    public var state: DocumentState
    public var versionCount: Int
    public var currentFileName: String?
    public var uploadedAt: Date?
    public var title: String { riskFactorTitle.map { "\(kindTitle): \($0.lowercased())" } ?? kindTitle }
}

public struct DocumentSet: Sendable {
    public var schoolId: Int64
    public var schoolName: String
    public var municipalityId: Int64
    public var year: SchoolYear
    public var slots: [DocumentSlot]
    /// Risk factors for an anti-risk programme upload (the school's chosen ones first, else all).
    public var riskFactors: [(id: Int64, title: String)]
    public var kinds: [DocumentKindInfo]
    public var canUpload: Bool
}

public struct StoredFileInfo: Sendable, Equatable {
    public var id: Int64
    public var originalName: String
    public var safeName: String
    public var contentType: String
    public var size: Int
    public var sha256: String
    public var uploadedByName: String?
    public var uploadedAt: Date
}

public struct DocumentReviewMark: Sendable, Equatable {
    public var criterionTitle: String
    public var isMet: Bool
    public var comment: String
}

public struct DocumentReviewInfo: Sendable, Equatable {
    public var id: Int64
    public var versionNumber: Int
    public var decision: DocumentDecision
    public var comment: String
    public var reviewerName: String?
    public var reviewedAt: Date
    public var marks: [DocumentReviewMark]
}

public struct DocumentVersionInfo: Sendable, Equatable {
    public var id: Int64
    public var number: Int
    public var isCurrent: Bool
    public var file: StoredFileInfo
}

public struct DocumentDetail: Sendable {
    public var id: Int64
    public var schoolId: Int64
    public var schoolName: String
    public var year: SchoolYear
    public var kind: DocumentKindInfo
    public var riskFactorId: Int64?
    public var riskFactorTitle: String?
    public var state: DocumentState
    /// Newest first.
    public var versions: [DocumentVersionInfo]
    /// Newest first.
    public var reviews: [DocumentReviewInfo]
    public var canUpload: Bool
    public var canReview: Bool
    public var title: String { riskFactorTitle.map { "\(kind.title): \($0.lowercased())" } ?? kind.title }
    public var current: DocumentVersionInfo? { versions.first(where: \.isCurrent) }
}

public struct DocumentMatrix: Sendable {
    public struct Row: Sendable {
        public var schoolId: Int64
        public var schoolName: String
        /// One cell per kind of `kinds`: the worst state among the school's documents of that kind (anti-risk: per factor).
        public var cells: [(state: DocumentState, count: Int)]
    }
    public var municipalityId: Int64
    public var municipalityName: String
    public var year: SchoolYear
    public var kinds: [DocumentKindInfo]
    public var rows: [Row]
}

public struct FileDownload: Sendable {
    public var fileName: String
    public var contentType: String
    public var sha256: String
    public var bytes: [UInt8]
}

public struct EvidenceFile: Sendable, Equatable {
    public var reportItemId: Int64
    public var file: StoredFileInfo
}

public struct CriterionMarkInput: Sendable {
    public var criterionId: Int64
    public var isMet: Bool?
    public var comment: String
    public init(criterionId: Int64, isMet: Bool?, comment: String) { self.criterionId = criterionId; self.isMet = isMet; self.comment = comment }
}

/// Documents of schools with versions and reviews against criteria; evidence files of report items.
/// Files live in SQLite (storedFileContent): one file to back up, written in the same transaction as their metadata.
public struct Documents: Sendable {
    let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// The largest file accepted: 25 MiB.
    public static let maximumFileSize = 25 << 20

    // MARK: Kinds and criteria

    /// The kinds in use: region-wide ones and, with `municipalityId`, that municipality's own (with `all`, every one).
    static func kinds(_ db: Database, municipalityId: Int64?, all: Bool = false) throws -> [DocumentKindInfo] {
        let criteria = try Row.fetchAll(db, cachedSQL: "SELECT id, kindId, title FROM documentCriterion WHERE archivedAt IS NULL ORDER BY sortOrder, id")
        return try Row.fetchAll(db, cachedSQL: """
            SELECT k.id, k.title, k.perRiskFactor, k.isExpected, k.municipalityId, m.name AS municipalityName
            FROM documentKind k LEFT JOIN municipality m ON m.id = k.municipalityId
            WHERE k.archivedAt IS NULL AND (k.municipalityId IS NULL OR k.municipalityId = ? OR ?)
            ORDER BY k.municipalityId IS NOT NULL, m.name, k.sortOrder, k.id
            """, arguments: [municipalityId, all]).map { r in
            let id: Int64 = r["id"]
            return DocumentKindInfo(id: id, title: r["title"], perRiskFactor: r["perRiskFactor"], isExpected: r["isExpected"],
                                    criteria: criteria.filter { ($0["kindId"] as Int64) == id }.map { .init(id: $0["id"], title: $0["title"]) },
                                    municipalityId: r["municipalityId"], municipalityName: r["municipalityName"])
        }
    }

    /// The kinds page: the region and admin see every kind, a municipal coordinator the region-wide ones and their own.
    public func kinds(_ scope: Scope) throws -> [DocumentKindInfo] {
        let (all, municipalityId) = Policy.documentKindsVisible(scope)
        return try database.read { db in
            try Self.kinds(db, municipalityId: municipalityId, all: all).map { k in
                var k = k
                k.canEdit = Policy.mayEditDocumentKind(scope, kindMunicipalityId: k.municipalityId)
                return k
            }
        }
    }

    /// The municipality a kind belongs to (nil: region-wide); not found for an archived or unknown kind.
    static func kindOwner(_ db: Database, kindId: Int64) throws -> Int64? {
        guard let row = try Row.fetchOne(db, cachedSQL: "SELECT municipalityId FROM documentKind WHERE id = ? AND archivedAt IS NULL", arguments: [kindId])
        else { throw DomainError.notFound }
        return row["municipalityId"]
    }

    /// A region-wide kind when the region or admin adds it; the coordinator's municipality's own when a municipal coordinator does.
    public func addKind(_ scope: Scope, title: String, perRiskFactor: Bool) throws -> Int64 {
        let owner = try Policy.newDocumentKindMunicipality(scope)
        try Policy.requireEditDocumentKind(scope, kindMunicipalityId: owner)
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw DomainError.invalid([FieldError("title", "Введите название вида документа")]) }
        guard title.count <= 300 else { throw DomainError.invalid([FieldError("title", "Название — не длиннее 300 знаков")]) }
        let now = database.now
        return try database.write { db in
            if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM documentKind WHERE title = ?)", arguments: [title]) == true {
                throw DomainError.invalid([FieldError("title", "Такой вид документа уже есть")])
            }
            try db.execute(sql: """
                INSERT INTO documentKind (title, perRiskFactor, isExpected, sortOrder, municipalityId)
                VALUES (?, ?, 1, (SELECT ifnull(MAX(sortOrder), 0) + 1 FROM documentKind), ?)
                """, arguments: [title, perRiskFactor, owner])
            let id = db.lastInsertedRowID
            try AuditLog.record(db, scope, action: "create", entity: "documentKind", id: id, before: String?.none,
                                after: ["title": title, "municipalityId": owner.map { "\($0)" } ?? "region"], at: now)
            return id
        }
    }

    public func addCriterion(_ scope: Scope, kindId: Int64, title: String) throws -> Int64 {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let now = database.now
        return try database.write { db in
            try Policy.requireEditDocumentKind(scope, kindMunicipalityId: try Self.kindOwner(db, kindId: kindId))
            guard !title.isEmpty else { throw DomainError.invalid([FieldError("title-\(kindId)", "Введите критерий")]) }
            guard title.count <= 500 else { throw DomainError.invalid([FieldError("title-\(kindId)", "Критерий — не длиннее 500 знаков")]) }
            try db.execute(sql: """
                INSERT INTO documentCriterion (kindId, title, sortOrder)
                VALUES (?, ?, (SELECT ifnull(MAX(sortOrder), 0) + 1 FROM documentCriterion WHERE kindId = ?))
                """, arguments: [kindId, title, kindId])
            let id = db.lastInsertedRowID
            try AuditLog.record(db, scope, action: "create", entity: "documentCriterion", id: id, before: String?.none, after: title, at: now)
            return id
        }
    }

    /// Removes a criterion from future reviews; past reviews keep its title.
    public func archiveCriterion(_ scope: Scope, id: Int64) throws {
        let now = database.now
        try database.write { db in
            guard let row = try Row.fetchOne(db, cachedSQL: """
                SELECT c.title, c.archivedAt, k.municipalityId FROM documentCriterion c JOIN documentKind k ON k.id = c.kindId WHERE c.id = ?
                """, arguments: [id])
            else { throw DomainError.notFound }
            try Policy.requireEditDocumentKind(scope, kindMunicipalityId: row["municipalityId"])
            // Already removed (a repeated POST): nothing to do.
            if (row["archivedAt"] as String?) != nil { return }
            let title: String = row["title"]
            try db.execute(sql: "UPDATE documentCriterion SET archivedAt = ? WHERE id = ?", arguments: [now, id])
            try AuditLog.record(db, scope, action: "archive", entity: "documentCriterion", id: id, before: title, after: String?.none, at: now)
        }
    }

    public func criterionTitle(_ scope: Scope, id: Int64) throws -> String {
        return try database.read { db in
            guard let row = try Row.fetchOne(db, cachedSQL: """
                SELECT c.title, k.municipalityId FROM documentCriterion c JOIN documentKind k ON k.id = c.kindId
                WHERE c.id = ? AND c.archivedAt IS NULL
                """, arguments: [id])
            else { throw DomainError.notFound }
            try Policy.requireEditDocumentKind(scope, kindMunicipalityId: row["municipalityId"])
            return row["title"]
        }
    }

    // MARK: Files

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Checks the file and stores it (metadata and bytes) in the current transaction. Returns its id.
    static func storeFile(_ db: Database, _ scope: Scope, schoolId: Int64, fileName: String, bytes: [UInt8], at: Date) throws -> Int64 {
        let name = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !name.isEmpty else { throw DomainError.invalid([FieldError("file", "Выберите файл")]) }
        guard bytes.count <= maximumFileSize else {
            throw DomainError.invalid([FieldError("file", "Файл больше \(maximumFileSize >> 20) МБ: уменьшите его (например, сохраните сканы с меньшим разрешением)")])
        }
        let type: AcceptedFileType
        switch AcceptedFileType.detect(bytes, fileName: name) {
        case .success(let t): type = t
        case .failure(let refusal): throw DomainError.invalid([FieldError("file", refusal.message)])
        }
        let hash = sha256(bytes)
        let safeName = "\(hash.prefix(16))-\(UUID().uuidString.lowercased().prefix(8)).\(type.fileExtension)"
        try db.execute(sql: """
            INSERT INTO storedFile (schoolId, originalName, safeName, contentType, size, sha256, uploadedBy, uploadedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [schoolId, String(name.prefix(255)), safeName, type.contentType, bytes.count, hash, scope.userId, at])
        let id = db.lastInsertedRowID
        // The bytes are written through SQLite's incremental BLOB I/O in 1 MiB chunks: no copy of the whole file
        // beside the request's (binding a 25 MiB BLOB costs SQLite two more copies: the bound value and the record).
        try db.execute(sql: "INSERT INTO storedFileContent (fileId, content) VALUES (?, zeroblob(?))", arguments: [id, bytes.count])
        var blob: OpaquePointer? = nil
        // A failure keeps SQLite's own code (SQLITE_FULL, SQLITE_IOERR…): the web layer answers those with 503.
        let opened = sqlite3_blob_open(db.sqliteConnection, "main", "storedFileContent", "content", id, 1, &blob)
        guard opened == SQLITE_OK, let blob else {
            sqlite3_blob_close(blob)
            throw DatabaseError(resultCode: ResultCode(rawValue: opened == SQLITE_OK ? SQLITE_ERROR : opened), message: "cannot open the file's BLOB")
        }
        defer { sqlite3_blob_close(blob) }
        let chunk = 1 << 20
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = min(chunk, buffer.count - offset)
                let written = sqlite3_blob_write(blob, buffer.baseAddress! + offset, Int32(n), Int32(offset))
                guard written == SQLITE_OK else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: written), message: "cannot write the file's BLOB")
                }
                offset += n
            }
        }
        return id
    }

    static func fileInfo(_ r: Row) -> StoredFileInfo {
        StoredFileInfo(id: r["fileId"], originalName: r["originalName"], safeName: r["safeName"], contentType: r["contentType"],
                       size: r["size"], sha256: r["sha256"], uploadedByName: r["uploadedByName"], uploadedAt: r["uploadedAt"])
    }

    static let fileColumns = """
        f.id AS fileId, f.originalName, f.safeName, f.contentType, f.size, f.sha256, f.uploadedAt, u.fullName AS uploadedByName
        """

    // MARK: Documents

    /// Uploads a new version of the school's document of that kind for the year (creating the document on the first upload).
    /// Returns the document's id. Nothing is stored on any error.
    @discardableResult
    public func upload(_ scope: Scope, schoolId: Int64, year: Int, kindId: Int64, riskFactorId: Int64?,
                       fileName: String, bytes: [UInt8]) throws -> Int64 {
        let now = database.now
        return try database.write { db in
            try Policy.requireEditSchoolContent(scope, school: schoolId, db)
            guard (2000...2100).contains(year) else { throw DomainError.invalid([FieldError("year", "Неверный учебный год")]) }
            // A kind of another municipality is as unknown as an archived one.
            guard let perFactor = try Bool.fetchOne(db, cachedSQL: """
                SELECT k.perRiskFactor FROM documentKind k JOIN school s ON s.id = ?
                WHERE k.id = ? AND k.archivedAt IS NULL AND (k.municipalityId IS NULL OR k.municipalityId = s.municipalityId)
                """, arguments: [schoolId, kindId]) else {
                throw DomainError.invalid([FieldError("kind", "Выберите вид документа")])
            }
            var factor: Int64? = nil
            if perFactor {
                guard let f = riskFactorId,
                      try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM riskFactor WHERE id = ?)", arguments: [f]) == true
                else { throw DomainError.invalid([FieldError("riskFactor", "Выберите фактор риска, к которому относится антирисковая программа")]) }
                factor = f
            }
            let fileId = try Self.storeFile(db, scope, schoolId: schoolId, fileName: fileName, bytes: bytes, at: now)
            var documentId = try Int64.fetchOne(db, cachedSQL: """
                SELECT id FROM document WHERE schoolId = ? AND schoolYear = ? AND kindId = ? AND ifnull(riskFactorId, 0) = ?
                """, arguments: [schoolId, year, kindId, factor ?? 0])
            if documentId == nil {
                try db.execute(sql: "INSERT INTO document (schoolId, schoolYear, kindId, riskFactorId, createdAt) VALUES (?, ?, ?, ?, ?)",
                               arguments: [schoolId, year, kindId, factor, now])
                documentId = db.lastInsertedRowID
            }
            let number = try Int.fetchOne(db, cachedSQL: "SELECT ifnull(MAX(number), 0) + 1 FROM documentVersion WHERE documentId = ?",
                                          arguments: [documentId]) ?? 1
            try db.execute(sql: "UPDATE documentVersion SET isCurrent = 0 WHERE documentId = ?", arguments: [documentId])
            try db.execute(sql: "INSERT INTO documentVersion (documentId, number, fileId, isCurrent) VALUES (?, ?, ?, 1)",
                           arguments: [documentId, number, fileId])
            let versionId = db.lastInsertedRowID
            try AuditLog.record(db, scope, action: "upload", entity: "documentVersion", id: versionId, before: String?.none,
                                after: "\(fileName) (версия \(number), \(bytes.count) байт, SHA-256 \(Self.sha256(bytes)))", at: now)
            try NotificationTriggers.documentUploaded(db, scope, documentId: documentId!, versionId: versionId, number: number, at: now)
            return documentId!
        }
    }

    static func state(_ decision: String?, hasVersion: Bool) -> DocumentState {
        guard hasVersion else { return .missing }
        switch decision {
        case "accepted": return .accepted
        case "returned": return .returned
        default: return .awaitingReview
        }
    }

    /// The latest decision on each document's current version (nil: not reviewed).
    static let currentStateSQL = """
        SELECT d.id, d.schoolId, d.kindId, d.riskFactorId, v.id AS versionId, v.number,
               (SELECT COUNT(*) FROM documentVersion WHERE documentId = d.id) AS versionCount,
               (SELECT decision FROM documentReview WHERE versionId = v.id ORDER BY id DESC LIMIT 1) AS decision,
               f.originalName, f.uploadedAt
        FROM document d
        JOIN documentVersion v ON v.documentId = d.id AND v.isCurrent = 1
        JOIN storedFile f ON f.id = v.fileId
        """

    public func schoolSet(_ scope: Scope, schoolId: Int64, year: SchoolYear) throws -> DocumentSet {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let school = try Row.fetchOne(db, cachedSQL: "SELECT name, municipalityId FROM school WHERE id = ?", arguments: [schoolId])!
            let kinds = try Self.kinds(db, municipalityId: school["municipalityId"])
            let docs = try Row.fetchAll(db, sql: Self.currentStateSQL + " WHERE d.schoolId = ? AND d.schoolYear = ?", arguments: [schoolId, year.start])
            let factors = try Row.fetchAll(db, cachedSQL: "SELECT id, title FROM riskFactor ORDER BY sortOrder").map { (id: $0["id"] as Int64, title: $0["title"] as String) }
            let chosen = try Int64.fetchSet(db, cachedSQL: """
                SELECT e.riskFactorId FROM riskProfileEntry e JOIN riskProfile p ON p.id = e.profileId
                WHERE p.schoolId = ? AND p.schoolYear = ? AND e.isChosen = 1
                """, arguments: [schoolId, year.start])
            var slots: [DocumentSlot] = []
            for kind in kinds {
                let ofKind = docs.filter { ($0["kindId"] as Int64) == kind.id }
                func slot(_ r: Row?, factor: Int64?) -> DocumentSlot {
                    DocumentSlot(kindId: kind.id, kindTitle: kind.title, riskFactorId: factor,
                                 riskFactorTitle: factor.flatMap { f in factors.first { $0.id == f }?.title },
                                 documentId: r?["id"], state: Self.state(r?["decision"], hasVersion: r != nil),
                                 versionCount: r?["versionCount"] ?? 0, currentFileName: r?["originalName"], uploadedAt: r?["uploadedAt"])
                }
                if kind.perRiskFactor {
                    var ids = factors.map(\.id).filter { chosen.contains($0) }
                    for r in ofKind { if let f: Int64 = r["riskFactorId"], !ids.contains(f) { ids.append(f) } }
                    if ids.isEmpty && kind.isExpected { slots.append(slot(nil, factor: nil)) }
                    for f in ids { slots.append(slot(ofKind.first { ($0["riskFactorId"] as Int64?) == f }, factor: f)) }
                } else if let r = ofKind.first {
                    slots.append(slot(r, factor: nil))
                } else if kind.isExpected {
                    slots.append(slot(nil, factor: nil))
                }
            }
            let ordered = factors.filter { chosen.contains($0.id) } + factors.filter { !chosen.contains($0.id) }
            return DocumentSet(schoolId: schoolId, schoolName: school["name"], municipalityId: school["municipalityId"], year: year,
                               slots: slots, riskFactors: ordered, kinds: kinds,
                               canUpload: try Policy.mayEditSchoolContent(scope, school: schoolId, db))
        }
    }

    public func document(_ scope: Scope, id: Int64) throws -> DocumentDetail {
        try database.read { db in
            guard let d = try Row.fetchOne(db, cachedSQL: """
                SELECT d.*, s.name AS schoolName, rf.title AS riskFactorTitle FROM document d JOIN school s ON s.id = d.schoolId
                LEFT JOIN riskFactor rf ON rf.id = d.riskFactorId WHERE d.id = ?
                """, arguments: [id]) else { throw DomainError.notFound }
            let schoolId: Int64 = d["schoolId"], year: Int = d["schoolYear"], kindId: Int64 = d["kindId"]
            try Policy.authorizeRead(scope, school: schoolId, db)
            let kind = try Self.kinds(db, municipalityId: nil, all: true).first { $0.id == kindId }
                ?? DocumentKindInfo(id: kindId, title: try String.fetchOne(db, cachedSQL: "SELECT title FROM documentKind WHERE id = ?", arguments: [kindId]) ?? "",
                                    perRiskFactor: false, isExpected: false, criteria: [])
            let versions = try Row.fetchAll(db, cachedSQL: """
                SELECT v.id, v.number, v.isCurrent, \(Self.fileColumns) FROM documentVersion v JOIN storedFile f ON f.id = v.fileId
                LEFT JOIN user u ON u.id = f.uploadedBy WHERE v.documentId = ? ORDER BY v.number DESC
                """, arguments: [id]).map { DocumentVersionInfo(id: $0["id"], number: $0["number"], isCurrent: $0["isCurrent"], file: Self.fileInfo($0)) }
            let marks = try Row.fetchAll(db, cachedSQL: """
                SELECT m.* FROM documentReviewMark m JOIN documentReview r ON r.id = m.reviewId JOIN documentVersion v ON v.id = r.versionId
                WHERE v.documentId = ? ORDER BY m.position
                """, arguments: [id])
            let reviews = try Row.fetchAll(db, cachedSQL: """
                SELECT r.*, v.number, u.fullName AS reviewerName FROM documentReview r JOIN documentVersion v ON v.id = r.versionId
                LEFT JOIN user u ON u.id = r.reviewerId WHERE v.documentId = ? ORDER BY r.id DESC
                """, arguments: [id]).map { r in
                let reviewId: Int64 = r["id"]
                return DocumentReviewInfo(id: reviewId, versionNumber: r["number"], decision: DocumentDecision(rawValue: r["decision"]) ?? .returned,
                                          comment: r["comment"], reviewerName: r["reviewerName"], reviewedAt: r["reviewedAt"],
                                          marks: marks.filter { ($0["reviewId"] as Int64) == reviewId }.map {
                                              DocumentReviewMark(criterionTitle: $0["criterionTitle"], isMet: $0["isMet"], comment: $0["comment"])
                                          })
            }
            let current = versions.first(where: \.isCurrent)
            let lastDecision = current.flatMap { c in reviews.first { $0.versionNumber == c.number }?.decision.rawValue }
            return DocumentDetail(id: id, schoolId: schoolId, schoolName: d["schoolName"], year: SchoolYear(year), kind: kind,
                                  riskFactorId: d["riskFactorId"], riskFactorTitle: d["riskFactorTitle"],
                                  state: Self.state(lastDecision, hasVersion: current != nil),
                                  versions: versions, reviews: reviews,
                                  canUpload: try Policy.mayEditSchoolContent(scope, school: schoolId, db),
                                  canReview: try current != nil && Policy.mayReview(scope, school: schoolId, year: year, db))
        }
    }

    /// Reviews the document's current version against its kind's criteria: each criterion met or not (a comment is
    /// required for «не выполнен»), an overall decision and comment. The history of reviews stays.
    @discardableResult
    public func review(_ scope: Scope, documentId: Int64, marks: [CriterionMarkInput], decision: DocumentDecision?, comment: String) throws -> Int64 {
        let now = database.now
        return try database.write { db in
            guard let d = try Row.fetchOne(db, cachedSQL: "SELECT schoolId, schoolYear, kindId FROM document WHERE id = ?", arguments: [documentId])
            else { throw DomainError.notFound }
            try Policy.requireReview(scope, school: d["schoolId"], year: d["schoolYear"], db)
            guard let versionId = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM documentVersion WHERE documentId = ? AND isCurrent = 1", arguments: [documentId])
            else { throw DomainError.conflict("Документ ещё не загружен") }
            let criteria = try Self.kinds(db, municipalityId: nil, all: true).first { $0.id == (d["kindId"] as Int64) }?.criteria ?? []
            var errors: [FieldError] = []
            var resolved: [(DocumentCriterionInfo, Bool, String)] = []
            for c in criteria {
                let mark = marks.first { $0.criterionId == c.id }
                let note = (mark?.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard let met = mark?.isMet else {
                    errors.append(FieldError("criterion-\(c.id)", "Отметьте, выполнен ли критерий «\(c.title)»")); continue
                }
                resolved.append((c, met, note))
            }
            let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
            if decision == nil { errors.append(FieldError("decision", "Выберите решение: принят или на доработке")) }
            if decision == .returned && comment.isEmpty && !resolved.contains(where: { !$0.1 && !$0.2.isEmpty }) {
                errors.append(FieldError("comment", "Напишите, что нужно доработать"))
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            try db.execute(sql: "INSERT INTO documentReview (versionId, decision, comment, reviewerId, reviewedAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [versionId, decision!.rawValue, comment, scope.userId, now])
            let reviewId = db.lastInsertedRowID
            for (i, m) in resolved.enumerated() {
                try db.execute(sql: """
                    INSERT INTO documentReviewMark (reviewId, criterionId, criterionTitle, isMet, comment, position) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [reviewId, m.0.id, m.0.title, m.1, m.2, i])
            }
            try AuditLog.record(db, scope, action: decision == .accepted ? "accept" : "return", entity: "documentVersion", id: versionId,
                                before: String?.none, after: comment, at: now)
            try NotificationTriggers.documentReviewed(db, scope, documentId: documentId, reviewId: reviewId,
                                                      accepted: decision == .accepted, comment: comment, at: now)
            return reviewId
        }
    }

    /// A version's file for download, for those who may read the school.
    public func download(_ scope: Scope, versionId: Int64) throws -> FileDownload {
        try database.read { db in
            guard let fileId = try Int64.fetchOne(db, cachedSQL: "SELECT fileId FROM documentVersion WHERE id = ?", arguments: [versionId])
            else { throw DomainError.notFound }
            return try Self.file(db, scope, fileId: fileId)
        }
    }

    static func file(_ db: Database, _ scope: Scope, fileId: Int64) throws -> FileDownload {
        guard let f = try Row.fetchOne(db, cachedSQL: "SELECT schoolId, originalName, contentType, sha256 FROM storedFile WHERE id = ?", arguments: [fileId])
        else { throw DomainError.notFound }
        try Policy.authorizeRead(scope, school: f["schoolId"], db)
        let data = try Data.fetchOne(db, cachedSQL: "SELECT content FROM storedFileContent WHERE fileId = ?", arguments: [fileId]) ?? Data()
        return FileDownload(fileName: f["originalName"], contentType: f["contentType"], sha256: f["sha256"], bytes: [UInt8](data))
    }

    /// The coordinator's matrix: the municipality's schools in the programme × document kinds.
    public func matrix(_ scope: Scope, municipalityId: Int64, year: SchoolYear) throws -> DocumentMatrix {
        try database.read { db in
            guard let name = try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [municipalityId])
            else { throw DomainError.notFound }
            try Policy.requireReadMunicipalityProgramme(scope, municipalityId: municipalityId)
            let kinds = try Self.kinds(db, municipalityId: municipalityId)
            let schools = try Row.fetchAll(db, cachedSQL: "SELECT id, name FROM school WHERE municipalityId = ? AND archivedAt IS NULL ORDER BY name", arguments: [municipalityId])
            let docs = try Row.fetchAll(db, sql: Self.currentStateSQL + " JOIN school s ON s.id = d.schoolId WHERE s.municipalityId = ? AND d.schoolYear = ?",
                                        arguments: [municipalityId, year.start])
            let rank: [DocumentState: Int] = [.missing: 0, .returned: 1, .awaitingReview: 2, .accepted: 3]
            let rows = schools.map { s in
                let sid: Int64 = s["id"]
                return DocumentMatrix.Row(schoolId: sid, schoolName: s["name"], cells: kinds.map { k in
                    let states = docs.filter { ($0["schoolId"] as Int64) == sid && ($0["kindId"] as Int64) == k.id }
                        .map { Self.state($0["decision"], hasVersion: true) }
                    let worst = states.min { rank[$0]! < rank[$1]! } ?? .missing
                    return (worst, states.count)
                })
            }
            return DocumentMatrix(municipalityId: municipalityId, municipalityName: name, year: year, kinds: kinds, rows: rows)
        }
    }

    // MARK: Evidence of report items

    /// Attaches a file to a report item (its report editable: a draft or returned), for the school's editors.
    @discardableResult
    public func attachEvidence(_ scope: Scope, reportItemId: Int64, fileName: String, bytes: [UInt8]) throws -> Int64 {
        try attachEvidence(scope, reportItemId: reportItemId, file: (fileName, bytes)).fileId
    }

    /// Attaches `file` to a report item and names the report. Without a file the answer is a field error, given
    /// only after the access check, so a refused user learns nothing about the form.
    public func attachEvidence(_ scope: Scope, reportItemId: Int64, file: (name: String, bytes: [UInt8])?) throws -> (reportId: Int64, fileId: Int64) {
        let now = database.now
        return try database.write { db in
            guard let r = try Row.fetchOne(db, cachedSQL: """
                SELECT rm.schoolId, r.status, r.id AS reportId FROM reportItem i JOIN report r ON r.id = i.reportId
                JOIN roadmap rm ON rm.id = r.roadmapId WHERE i.id = ?
                """, arguments: [reportItemId]), let schoolId: Int64 = r["schoolId"] else { throw DomainError.notFound }
            try Policy.requireEditSchoolContent(scope, school: schoolId, db)
            guard let file, !file.name.isEmpty else { throw DomainError.invalid([FieldError("file", "Выберите файл")]) }
            try Reports.requireEditable(ReportStatus(rawValue: r["status"]) ?? .accepted)
            let fileId = try Self.attach(db, scope, reportItemId: reportItemId, schoolId: schoolId, fileName: file.name, bytes: file.bytes, at: now)
            return (r["reportId"], fileId)
        }
    }

    /// Stores the file and links it to the report item, in the caller's transaction (access and state already checked).
    static func attach(_ db: Database, _ scope: Scope, reportItemId: Int64, schoolId: Int64, fileName: String, bytes: [UInt8], at now: Date) throws -> Int64 {
        let fileId = try storeFile(db, scope, schoolId: schoolId, fileName: fileName, bytes: bytes, at: now)
        try db.execute(sql: "INSERT INTO reportItemEvidence (reportItemId, fileId) VALUES (?, ?)", arguments: [reportItemId, fileId])
        try AuditLog.record(db, scope, action: "attach", entity: "reportItem", id: reportItemId, before: String?.none,
                            after: "\(fileName) (\(bytes.count) байт)", at: now)
        return fileId
    }

    /// Evidence files of a report's items (for those who may read the school).
    public func evidence(_ scope: Scope, reportId: Int64) throws -> [EvidenceFile] {
        try database.read { db in
            guard let schoolId = try Int64.fetchOne(db, cachedSQL: "SELECT rm.schoolId FROM report r JOIN roadmap rm ON rm.id = r.roadmapId WHERE r.id = ?",
                                                    arguments: [reportId]) else { throw DomainError.notFound }
            try Policy.authorizeRead(scope, school: schoolId, db)
            return try Row.fetchAll(db, cachedSQL: """
                SELECT e.reportItemId, \(Self.fileColumns) FROM reportItemEvidence e JOIN reportItem i ON i.id = e.reportItemId
                JOIN storedFile f ON f.id = e.fileId LEFT JOIN user u ON u.id = f.uploadedBy WHERE i.reportId = ? ORDER BY f.id
                """, arguments: [reportId]).map { EvidenceFile(reportItemId: $0["reportItemId"], file: Self.fileInfo($0)) }
        }
    }

    /// An evidence file for download.
    public func downloadEvidence(_ scope: Scope, fileId: Int64) throws -> FileDownload {
        try database.read { db in
            guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM reportItemEvidence WHERE fileId = ?)", arguments: [fileId]) == true
            else { throw DomainError.notFound }
            return try Self.file(db, scope, fileId: fileId)
        }
    }
}
