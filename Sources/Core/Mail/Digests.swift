import Foundation
import GRDB

/// A letter as the composer renders it.
public struct ComposedLetter: Sendable, Equatable {
    public var subject: String, text: String, html: String
    public init(subject: String, text: String, html: String) { self.subject = subject; self.text = text; self.html = html }
}

/// The daily digests: who gets one, what it holds, and writing it to the outbox once per user and day.
public struct Digests: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// A digest longer than this lists its first lines, most urgent first, and says how many more wait in Opora.
    public static let maximumLines = 40

    /// The Moscow day of `date` (UTC+3, no DST), yyyy-MM-dd.
    public static func day(_ date: Date) -> String { Moscow.day(date) }

    /// Accounts that want a daily digest and have a working address.
    static func recipients(_ db: Database) throws -> [Row] {
        try Row.fetchAll(db, cachedSQL: """
            SELECT id, login, fullName, role, municipalityId, schoolId FROM user
            WHERE isActive = 1 AND mailPreference = 'digest' AND email IS NOT NULL AND emailFailedAt IS NULL ORDER BY id
            """)
    }

    /// One user's digest for `day`, as of `now`.
    static func compose(_ db: Database, _ user: Row, day: String, now: Date, maximumLines: Int = Digests.maximumLines) throws -> Digest {
        let scope = Scope(userId: user["id"], login: user["login"], fullName: user["fullName"], role: Role(rawValue: user["role"]) ?? .director,
                          municipalityId: user["municipalityId"], schoolId: user["schoolId"])
        let year = SchoolYear.containing(now)
        var lines: [(schoolId: Int64?, school: String, line: DigestLine)] = []
        lines += try DigestDeadlines.lines(db, scope, today: day, now: now, year: year)
        // The admin reviews every school: their digest leaves the whole region's queue out.
        if let reviewer = Policy.reviewer(scope), !Policy.managesEveryMunicipality(scope) {
            for item in try ReviewQueue.items(db, reviewer, year: year) {
                lines.append((item.schoolId, item.schoolShortName, DigestLine(section: .review, text: Self.reviewText(item), link: DigestLink(item.link))))
            }
        }
        if let schoolId = Policy.ownSchool(scope) {
            lines += try returned(db, schoolId: schoolId, year: year.start)
        }
        var order: [Int64?] = []
        var groups: [Int64?: DigestSchool] = [:]
        for entry in lines {
            if groups[entry.schoolId] == nil { order.append(entry.schoolId); groups[entry.schoolId] = DigestSchool(schoolId: entry.schoolId, name: entry.school, lines: []) }
            groups[entry.schoolId]!.lines.append(entry.line)
        }
        let schools = order.map { id -> DigestSchool in
            var school = groups[id]!
            school.lines.sort { ($0.section, $0.due ?? "", $0.text) < ($1.section, $1.due ?? "", $1.text) }
            return school
        }.sorted { ($0.schoolId == nil ? 0 : 1, $0.name) < ($1.schoolId == nil ? 0 : 1, $1.name) }
        var digest = Digest(userId: user["id"], fullName: user["fullName"], day: day, schools: schools,
                            unsubscribeSignature: try MailUnsubscribe.signature(db, userId: user["id"]))
        digest.trim(to: maximumLines)
        return digest
    }

    static func reviewText(_ item: ReviewItem) -> String {
        switch item.kind {
        case .roadmap: return "Дорожная карта \(item.year.title) на согласовании"
        case .report: return "Отчёт за \(item.half == 2 ? "II" : "I") полугодие \(item.year.title) сдан"
        case .document: return "Документ на проверке" + (item.excerpt.map { ": \($0)" } ?? "")
        case .thread: return "Школа ответила в обсуждении" + (item.excerpt.map { ": «\($0.prefix(80))»" } ?? "")
        }
    }

    /// What the school was asked to rework and has not sent again: roadmap, half-year reports, documents.
    static func returned(_ db: Database, schoolId: Int64, year: Int) throws -> [(schoolId: Int64?, school: String, line: DigestLine)] {
        let school = try String.fetchOne(db, cachedSQL: "SELECT shortName FROM school WHERE id = ?", arguments: [schoolId]) ?? ""
        var lines: [(schoolId: Int64?, school: String, line: DigestLine)] = []
        if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM roadmap WHERE schoolId = ? AND schoolYear = ? AND status = 'returned')",
                             arguments: [schoolId, year]) == true {
            lines.append((schoolId, school, DigestLine(section: .returned, text: "Дорожная карта \(SchoolYear(year).title) возвращена на доработку",
                                                       link: .roadmap(school: schoolId, year: year))))
        }
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT rep.id, p.half FROM report rep JOIN roadmap r ON r.id = rep.roadmapId JOIN reportPeriod p ON p.id = rep.periodId
            WHERE r.schoolId = ? AND r.schoolYear = ? AND rep.status = 'returned' ORDER BY p.half
            """, arguments: [schoolId, year]) {
            let half: Int = row["half"]
            lines.append((schoolId, school, DigestLine(section: .returned, text: "Отчёт за \(half == 2 ? "II" : "I") полугодие возвращён на доработку",
                                                       link: .report(row["id"]))))
        }
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT d.id, k.title FROM document d JOIN documentKind k ON k.id = d.kindId
            JOIN documentVersion v ON v.documentId = d.id AND v.isCurrent = 1
            WHERE d.schoolId = ? AND d.schoolYear = ?
              AND (SELECT decision FROM documentReview WHERE versionId = v.id ORDER BY id DESC LIMIT 1) = 'returned'
            ORDER BY k.title
            """, arguments: [schoolId, year]) {
            lines.append((schoolId, school, DigestLine(section: .returned, text: "Документ «\(row["title"] as String)» возвращён на доработку",
                                                       link: .document(row["id"]))))
        }
        return lines
    }

    /// Today's digests of every recipient, read only (the dry run, and the first half of `write`).
    public func preview(now: Date? = nil) throws -> [Digest] {
        let now = now ?? database.now
        let day = Self.day(now)
        return try database.read { db in
            try Self.recipients(db).map { try Self.compose(db, $0, day: day, now: now) }.filter { !$0.isEmpty }
        }
    }

    /// Writes today's digest of each recipient who has something and has none today yet, one transaction per user
    /// (the unique row per user and day is the outbox row). Returns how many were written.
    @discardableResult
    public func write(now: Date? = nil, render: (Digest) -> ComposedLetter) throws -> Int {
        let now = now ?? database.now
        let day = Self.day(now)
        let users = try database.read { db in
            try Self.recipients(db).filter { user in
                try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM mailOutbox WHERE userId = ? AND digestDay = ?)",
                                  arguments: [user["id"], day]) != true
            }
        }
        var written = 0
        for user in users {
            try database.write { db in
                let digest = try Self.compose(db, user, day: day, now: now)
                guard !digest.isEmpty else { return }
                let letter = render(digest)
                if try MailOutbox.enqueueDigest(db, userId: digest.userId, day: day, subject: letter.subject, text: letter.text,
                                                html: letter.html, at: now) { written += 1 }
            }
        }
        return written
    }

    /// Whether today's digests are due: at or after `hour` (Moscow) and not yet written today by this process's
    /// knowledge; the outbox's unique row keeps a second run harmless anyway.
    public static func isDigestTime(_ now: Date, hour: Int = 7) -> Bool {
        Moscow.calendar.component(.hour, from: now) >= hour
    }
}
