import Foundation
import GRDB

/// What a line of a digest opens (the web layer turns it into an absolute link).
public enum DigestLink: Sendable, Hashable {
    case report(Int64)
    case roadmap(school: Int64, year: Int)
    case riskProfile(school: Int64, year: Int)
    case document(Int64)
    case schoolReports(school: Int64, year: Int)
    case decisions(school: Int64?, year: Int)
    case event(Int64)
    case municipalPlan(municipality: Int64, year: Int)

    init(_ link: ReviewItem.Link) {
        switch link {
        case .report(let id): self = .report(id)
        case .roadmap(let s, let y): self = .roadmap(school: s, year: y)
        case .riskProfile(let s, let y): self = .riskProfile(school: s, year: y)
        case .document(let id): self = .document(id)
        }
    }
}

public struct DigestLine: Sendable, Equatable {
    public enum Section: Int, Sendable, CaseIterable, Comparable {
        case overdue, dueSoon, review, returned
        public var title: String {
            switch self {
            case .overdue: return "Просрочено"
            case .dueSoon: return "Срок в ближайшие 7 дней"
            case .review: return "Ждёт вашей проверки"
            case .returned: return "Возвращено вам на доработку"
            }
        }
        public var shortTitle: String {
            switch self {
            case .overdue: return "просрочено"
            case .dueSoon: return "срок на неделе"
            case .review: return "на проверку"
            case .returned: return "на доработку"
            }
        }
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }
    public var section: Section
    public var text: String
    /// yyyy-MM-dd, for deadlines.
    public var due: String?
    public var link: DigestLink
    public init(section: Section, text: String, due: String? = nil, link: DigestLink) {
        self.section = section; self.text = text; self.due = due; self.link = link
    }
}

/// One school's part of a digest (schoolId nil: the municipality's own matters).
public struct DigestSchool: Sendable, Equatable {
    public var schoolId: Int64?
    public var name: String
    public var lines: [DigestLine]
}

/// One user's digest for a day (Moscow time). Empty when there is nothing to do: then no letter is written.
public struct Digest: Sendable, Equatable {
    public var userId: Int64
    public var fullName: String
    public var day: String
    public var schools: [DigestSchool]
    /// Lines left out to keep the letter short (they are in Opora).
    public var omitted: Int = 0
    /// Signs the letter's unsubscribe link (see `MailUnsubscribe`).
    public var unsubscribeSignature: String
    public var isEmpty: Bool { schools.allSatisfy { $0.lines.isEmpty } }
    public var lineCount: Int { schools.reduce(0) { $0 + $1.lines.count } }
    public func count(_ section: DigestLine.Section) -> Int { schools.reduce(0) { $0 + $1.lines.filter { $0.section == section }.count } }
}

extension Digest {
    /// Keeps the `limit` most urgent lines (overdue first, then by section and date) and counts the rest.
    mutating func trim(to limit: Int) {
        let total = lineCount
        guard total > limit else { return }
        let kept = schools.flatMap { school in school.lines.map { (school.schoolId, $0) } }
            .sorted { ($0.1.section, $0.1.due ?? "") < ($1.1.section, $1.1.due ?? "") }
            .prefix(limit)
        var keep: [Int64?: [DigestLine]] = [:]
        for (school, line) in kept { keep[school, default: []].append(line) }
        schools = schools.compactMap { school in
            guard let lines = keep[school.schoolId] else { return nil }
            return DigestSchool(schoolId: school.schoolId, name: school.name, lines: school.lines.filter { lines.contains($0) })
        }
        omitted = total - lineCount
    }
}
