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
                try accept(db, versionId: versionId, kindId: 1, reviewer: curatorId, comment: "Концепция согласована с куратором.", at: now)
            }
        }
    }

    /// Seed 001, recommendations for 2023: the ten schools of the 2023 list must «скорректировать Дорожные карты (планы
    /// мероприятий) подготовки к ГИА и оценочным процедурам в 2023 году». Each has that plan for 2023/2024 as a document
    /// «Другое» (kind 5) in two versions: last year's plan and, current, its correction; the first three corrections
    /// are accepted by the coordinator, the others await review.
    static func insertCorrectedPlans(_ db: Database, _ scope: Scope, schoolIds: [String: Int64], at now: Date) throws {
        let title = "Дорожная карта (план мероприятий) подготовки к ГИА и оценочным процедурам"
        for (n, key) in DemoWorkspace.list2023.enumerated() {
            guard let schoolId = schoolIds[key],
                  let school = try Row.fetchOne(db, cachedSQL: "SELECT shortName, municipalityId FROM school WHERE id = ?", arguments: [schoolId])
            else { continue }
            let shortName: String = school["shortName"]
            try db.execute(sql: "INSERT INTO document (schoolId, schoolYear, kindId, createdAt) VALUES (?, 2023, 5, ?)",
                           arguments: [schoolId, now])
            let documentId = db.lastInsertedRowID
            var versionId: Int64 = 0
            for (number, edition) in [(1, "2022-2023 учебный год"), (2, "2023, скорректированная")] {
                let fileId = try Documents.storeFile(db, scope, schoolId: schoolId, fileName: "\(title) (\(edition)) — \(shortName).pdf",
                                                     bytes: pdf("\(title), \(shortName), \(edition)"), at: now)
                try db.execute(sql: "INSERT INTO documentVersion (documentId, number, fileId, isCurrent) VALUES (?, ?, ?, ?)",
                               arguments: [documentId, number, fileId, number == 2])
                versionId = db.lastInsertedRowID
                try AuditLog.record(db, scope, action: "upload", entity: "documentVersion", id: versionId, before: String?.none,
                                    after: "Другое (версия \(number))", at: now)
            }
            guard n < 3, let coordinator = try Int64.fetchOne(db, cachedSQL: """
                SELECT MIN(userId) FROM coordinatorAppointment WHERE municipalityId = ?
                """, arguments: [school["municipalityId"]]) else { continue }
            try accept(db, versionId: versionId, kindId: 5, reviewer: coordinator,
                       comment: "Дорожная карта скорректирована по рекомендациям по итогам проекта «500+» на 2023 год.", at: now)
        }
    }

    /// An accepting review of a version with every criterion of its kind met.
    static func accept(_ db: Database, versionId: Int64, kindId: Int64, reviewer: Int64, comment: String, at now: Date) throws {
        try db.execute(sql: "INSERT INTO documentReview (versionId, decision, comment, reviewerId, reviewedAt) VALUES (?, 'accepted', ?, ?, ?)",
                       arguments: [versionId, comment, reviewer, now])
        let reviewId = db.lastInsertedRowID
        for (i, criterion) in try Row.fetchAll(db, cachedSQL: "SELECT id, title FROM documentCriterion WHERE kindId = ? AND archivedAt IS NULL ORDER BY sortOrder",
                                               arguments: [kindId]).enumerated() {
            try db.execute(sql: """
                INSERT INTO documentReviewMark (reviewId, criterionId, criterionTitle, isMet, comment, position) VALUES (?, ?, ?, 1, '', ?)
                """, arguments: [reviewId, criterion["id"], criterion["title"], i])
        }
    }

    /// A one-page PDF that names the document (Latin-1 text is all a bare PDF font shows: the name goes in the file's
    /// title and the file name).
    static func pdf(_ title: String) -> [UInt8] {
        Array("%PDF-1.4\n% Opora demo: \(title)\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    }
}
