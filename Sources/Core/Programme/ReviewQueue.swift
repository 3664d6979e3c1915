import Foundation
import GRDB

/// What awaits a reviewer: document versions not yet reviewed, submitted roadmaps and reports, and comment threads the
/// school answered last. Each leaves the queue when decided or answered.
public struct ReviewItem: Sendable, Equatable {
    public enum Kind: String, Sendable { case document, roadmap, report, thread }
    /// The page the item opens.
    public enum Link: Sendable, Hashable {
        case roadmap(school: Int64, year: Int)
        case report(Int64)
        case riskProfile(school: Int64, year: Int)
        case document(Int64)
    }

    public var kind: Kind
    public var schoolId: Int64
    public var schoolShortName: String
    public var year: SchoolYear
    public var link: Link
    /// For a thread: the comment to scroll to (the school's last answer).
    public var commentId: Int64?
    /// For a thread: what it is on; for a report: its half-year (1 or 2).
    public var commentTarget: CommentTargetKind?
    public var half: Int?
    /// For a thread: the school's last answer; for a document: its kind (and risk factor).
    public var excerpt: String?
    /// Since when it waits.
    public var since: Date?
}

public struct ReviewQueue: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// Whose queue: a curator (their assignments, year by year), a municipality's coordinator, the admin.
    enum Reviewer {
        case curator(Int64), municipality(Int64), everyone

        /// SQL condition: this reviewer reviews school `school` in school year `year` (SQL expressions).
        func condition(school: String, year: String) -> SQL {
            switch self {
            case .everyone: return "1"
            case .municipality(let id):
                return SQL(sql: "(SELECT municipalityId FROM school WHERE id = \(school)) = ?", arguments: [id])
            case .curator(let id):
                return SQL(sql: "EXISTS (SELECT 1 FROM curatorAssignment qa WHERE qa.curatorId = ? AND qa.schoolId = \(school) AND qa.schoolYear = \(year))",
                           arguments: [id])
            }
        }

        /// SQL condition on a comment `c`: its school is one this reviewer reviews in some year (narrows the
        /// threads before their school year is worked out).
        var commentFilter: SQL {
            switch self {
            case .everyone: return "1"
            case .municipality(let id): return SQL(sql: "c.municipalityId = ?", arguments: [id])
            case .curator(let id):
                return SQL(sql: "c.schoolId IN (SELECT schoolId FROM curatorAssignment WHERE curatorId = ?)", arguments: [id])
            }
        }
    }

    /// The acting user's queue: curators, municipal coordinators and the admin (others review nothing).
    /// `year` limits it to one school year; nil: every year the user reviews.
    public func items(_ scope: Scope, year: SchoolYear? = nil) throws -> [ReviewItem] {
        let reviewer = try Policy.requireReviewer(scope)
        return try database.read { try Self.items($0, reviewer, year: year) }
    }

    /// Which school years the queue shows: by default the running one (past years' items are mostly closed
    /// for editing and would never clear), or every year, or one.
    public enum YearChoice: Sendable, Equatable { case running, all, year(SchoolYear) }

    /// The queue as the /review page shows it: the chosen years' items, and every year that has something waiting.
    public struct Selection: Sendable {
        /// nil: every year.
        public var year: SchoolYear?
        public var running: SchoolYear
        public var items: [ReviewItem]
        /// Each year with items waiting (the running one always), newest first, with its count.
        public var years: [(year: SchoolYear, count: Int)]
        public var total: Int
    }

    public func selection(_ scope: Scope, _ choice: YearChoice) throws -> Selection {
        let running = SchoolYear.containing(database.now)
        let all = try items(scope)
        var counts: [Int: Int] = [running.start: 0]
        for item in all { counts[item.year.start, default: 0] += 1 }
        let year: SchoolYear?
        switch choice {
        case .running: year = running
        case .all: year = nil
        case .year(let y): year = y
        }
        return Selection(year: year, running: running, items: year.map { y in all.filter { $0.year == y } } ?? all,
                         years: counts.keys.sorted(by: >).map { (SchoolYear($0), counts[$0]!) }, total: all.count)
    }

    /// A curator's queue, for their page: whoever may read the curator.
    public func items(_ scope: Scope, curatorId: Int64, year: SchoolYear? = nil) throws -> [ReviewItem] {
        try database.read { db in
            guard let row = try Row.fetchOne(db, cachedSQL: "SELECT municipalityId FROM user WHERE id = ? AND role = 'curator'", arguments: [curatorId]) else {
                throw DomainError.notFound
            }
            try Policy.requireReadCurator(scope, curatorId: curatorId, municipalityId: row["municipalityId"])
            return try Self.items(db, .curator(curatorId), year: year)
        }
    }

    static func items(_ db: Database, _ reviewer: Reviewer, year: SchoolYear?) throws -> [ReviewItem] {
        let yearFilter: (String) -> SQL = { column in
            year.map { SQL(sql: "\(column) = ?", arguments: [$0.start]) } ?? "1"
        }
        var items: [ReviewItem] = []
        let roadmaps = try SQLRequest<Row>(literal: """
            SELECT r.id, r.schoolId, r.schoolYear, s.shortName,
                   COALESCE((SELECT MAX(e.at) FROM roadmapEvent e WHERE e.roadmapId = r.id AND e.action = 'submitted'), r.updatedAt) AS since
            FROM roadmap r JOIN school s ON s.id = r.schoolId
            WHERE r.status = 'submitted' AND \(reviewer.condition(school: "r.schoolId", year: "r.schoolYear")) AND \(yearFilter("r.schoolYear"))
            """, cached: true).fetchAll(db)
        for row in roadmaps {
            items.append(ReviewItem(kind: .roadmap, schoolId: row["schoolId"], schoolShortName: row["shortName"], year: SchoolYear(row["schoolYear"]),
                                    link: .roadmap(school: row["schoolId"], year: row["schoolYear"]), since: row["since"]))
        }
        let reports = try SQLRequest<Row>(literal: """
            SELECT rep.id, r.schoolId, r.schoolYear, s.shortName, p.half, COALESCE(rep.submittedAt, rep.updatedAt) AS since
            FROM report rep JOIN roadmap r ON r.id = rep.roadmapId JOIN school s ON s.id = r.schoolId
            JOIN reportPeriod p ON p.id = rep.periodId
            WHERE rep.status = 'submitted' AND \(reviewer.condition(school: "r.schoolId", year: "r.schoolYear")) AND \(yearFilter("r.schoolYear"))
            """, cached: true).fetchAll(db)
        for row in reports {
            items.append(ReviewItem(kind: .report, schoolId: row["schoolId"], schoolShortName: row["shortName"], year: SchoolYear(row["schoolYear"]),
                                    link: .report(row["id"]), half: row["half"], since: row["since"]))
        }
        // A document awaits review while its current version has no decision (a new version after a return awaits again).
        let documents = try SQLRequest<Row>(literal: """
            SELECT d.id, d.schoolId, d.schoolYear, s.shortName, k.title, rf.title AS factor, f.uploadedAt
            FROM document d JOIN documentVersion v ON v.documentId = d.id AND v.isCurrent = 1
            JOIN storedFile f ON f.id = v.fileId JOIN documentKind k ON k.id = d.kindId JOIN school s ON s.id = d.schoolId
            LEFT JOIN riskFactor rf ON rf.id = d.riskFactorId
            WHERE NOT EXISTS (SELECT 1 FROM documentReview r WHERE r.versionId = v.id)
              AND \(reviewer.condition(school: "d.schoolId", year: "d.schoolYear")) AND \(yearFilter("d.schoolYear"))
            """, cached: true).fetchAll(db)
        for row in documents {
            let factor: String? = row["factor"]
            items.append(ReviewItem(kind: .document, schoolId: row["schoolId"], schoolShortName: row["shortName"], year: SchoolYear(row["schoolYear"]),
                                    link: .document(row["id"]), excerpt: (row["title"] as String) + (factor.map { ": \($0.lowercased())" } ?? ""),
                                    since: row["uploadedAt"]))
        }
        let threads = try SQLRequest<Row>(literal: """
            WITH roots AS (
                SELECT c.id, c.schoolId, c.targetKind, c.targetId,
                    CASE c.targetKind
                        WHEN 'roadmap' THEN (SELECT schoolYear FROM roadmap WHERE id = c.targetId)
                        WHEN 'measure' THEN (SELECT r.schoolYear FROM measure m JOIN roadmap r ON r.id = m.roadmapId WHERE m.id = c.targetId)
                        WHEN 'report' THEN (SELECT r.schoolYear FROM report x JOIN roadmap r ON r.id = x.roadmapId WHERE x.id = c.targetId)
                        WHEN 'riskProfile' THEN (SELECT schoolYear FROM riskProfile WHERE id = c.targetId)
                    END AS schoolYear
                -- awaitsReview: the thread's last comment is a director's (kept by a trigger, migration 0015).
                FROM comment c WHERE c.parentId IS NULL AND c.awaitsReview = 1 AND c.schoolId IS NOT NULL AND \(reviewer.commentFilter)
            )
            SELECT roots.id, roots.schoolId, roots.targetKind, roots.targetId, roots.schoolYear, s.shortName,
                   last.id AS lastId, last.body AS lastBody, last.createdAt AS lastAt
            FROM roots
            JOIN comment last ON last.id = COALESCE((SELECT MAX(x.id) FROM comment x WHERE x.parentId = roots.id), roots.id)
            JOIN user author ON author.id = last.authorId
            JOIN school s ON s.id = roots.schoolId
            WHERE author.role = 'director' AND roots.schoolYear IS NOT NULL
              AND \(reviewer.condition(school: "roots.schoolId", year: "roots.schoolYear")) AND \(yearFilter("roots.schoolYear"))
            """, cached: true).fetchAll(db)
        for row in threads {
            guard let kind = CommentTargetKind(rawValue: row["targetKind"]) else { continue }
            let schoolId: Int64 = row["schoolId"], schoolYear: Int = row["schoolYear"], targetId: Int64 = row["targetId"]
            let link: ReviewItem.Link
            switch kind {
            case .roadmap, .measure: link = .roadmap(school: schoolId, year: schoolYear)
            case .report: link = .report(targetId)
            case .riskProfile: link = .riskProfile(school: schoolId, year: schoolYear)
            }
            let body: String = row["lastBody"]
            items.append(ReviewItem(kind: .thread, schoolId: schoolId, schoolShortName: row["shortName"], year: SchoolYear(schoolYear),
                                    link: link, commentId: row["lastId"], commentTarget: kind,
                                    excerpt: body.count > 160 ? String(body.prefix(160)) + "…" : body, since: row["lastAt"]))
        }
        return items.sorted { ($0.since ?? .distantPast, $0.schoolShortName) < ($1.since ?? .distantPast, $1.schoolShortName) }
    }
}
