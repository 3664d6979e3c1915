import Foundation
import GRDB

/// The documents of seed 001 («Проект «500+» в 2022 году»): «Совместно с кураторами… в ОУ №№ 1, 17, 35, 38, 51, 60 и
/// Лицее № 9 разработаны Программы повышения качества образования…, Концепции развития, Среднесрочные программы».
/// Each school of the 2022/2023 participants has these three documents for 2022/2023 as a small generated PDF; the
/// concept is accepted by the school's first curator, the other two await review.
enum DemoDocuments {
    /// Kinds of migration 0006: 1 концепция развития, 2 среднесрочная программа, 4 программа повышения качества.
    static let kinds: [(id: Int64, title: String)] = [
        (1, "Концепция развития"), (2, "Среднесрочная программа развития"), (4, "Программа повышения качества образования"),
    ]

    static func insert(_ db: Database, _ scope: Scope, schoolIds: [String: Int64], at now: Date) throws {
        for key in DemoWorkspace.participants2022 {
            guard let schoolId = schoolIds[key],
                  let shortName = try String.fetchOne(db, cachedSQL: "SELECT shortName FROM school WHERE id = ?", arguments: [schoolId])
            else { continue }
            let curatorId = try Int64.fetchOne(db, cachedSQL: """
                SELECT MIN(curatorId) FROM curatorAssignment WHERE schoolId = ? AND schoolYear = 2022
                """, arguments: [schoolId])
            for kind in kinds {
                let fileId = try Documents.storeFile(db, scope, schoolId: schoolId, fileName: "\(kind.title) — \(shortName).pdf",
                                                     bytes: pdf("\(kind.title), \(shortName), 2022/2023"), at: now)
                try db.execute(sql: "INSERT INTO document (schoolId, schoolYear, kindId, createdAt) VALUES (?, 2022, ?, ?)",
                               arguments: [schoolId, kind.id, now])
                let documentId = db.lastInsertedRowID
                try db.execute(sql: "INSERT INTO documentVersion (documentId, number, fileId, isCurrent) VALUES (?, 1, ?, 1)",
                               arguments: [documentId, fileId])
                let versionId = db.lastInsertedRowID
                try AuditLog.record(db, scope, action: "upload", entity: "documentVersion", id: versionId, before: String?.none,
                                    after: "\(kind.title) (версия 1)", at: now)
                guard kind.id == 1, let curatorId else { continue }
                try db.execute(sql: "INSERT INTO documentReview (versionId, decision, comment, reviewerId, reviewedAt) VALUES (?, 'accepted', ?, ?, ?)",
                               arguments: [versionId, "Концепция согласована с куратором.", curatorId, now])
                let reviewId = db.lastInsertedRowID
                for (i, criterion) in try Row.fetchAll(db, cachedSQL: "SELECT id, title FROM documentCriterion WHERE kindId = 1 AND archivedAt IS NULL ORDER BY sortOrder",
                                                       arguments: []).enumerated() {
                    try db.execute(sql: """
                        INSERT INTO documentReviewMark (reviewId, criterionId, criterionTitle, isMet, comment, position) VALUES (?, ?, ?, 1, '', ?)
                        """, arguments: [reviewId, criterion["id"], criterion["title"], i])
                }
            }
        }
    }

    /// A one-page PDF that names the document (Latin-1 text is all a bare PDF font shows: the name goes in the file's
    /// title and the file name).
    static func pdf(_ title: String) -> [UInt8] {
        Array("%PDF-1.4\n% Opora demo: \(title)\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    }
}
