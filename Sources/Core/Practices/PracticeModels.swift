import Foundation

/// What a practice is about (seeds 000, 001, 004).
public enum PracticeCategory: String, Sendable, CaseIterable, Codable {
    case formativeAssessment, objectiveAssessment, management, curatorPractice, pupilsAtRisk, parents, other

    public var title: String {
        switch self {
        case .formativeAssessment: "Формирующее оценивание"
        case .objectiveAssessment: "Объективность оценивания"
        case .management: "Управление"
        case .curatorPractice: "Практика куратора"
        case .pupilsAtRisk: "Работа с обучающимися «зоны риска»"
        case .parents: "Работа с родителями"
        case .other: "Другое"
        }
    }
}

/// черновик → предложена → опубликована | возвращена на доработку → предложена …
public enum PracticeStatus: String, Sendable, CaseIterable, Codable {
    case draft, proposed, published, returned

    public var title: String {
        switch self {
        case .draft: "черновик"
        case .proposed: "предложена"
        case .published: "опубликована"
        case .returned: "возвращена на доработку"
        }
    }
}

/// What a school writes about its practice.
public struct PracticeDraft: Sendable, Equatable, Codable {
    public var title: String
    public var category: String
    public var authors: String
    public var authorsConsent: Bool
    public var description: String
    public var eventId: Int64?
    /// Comma-separated, as typed.
    public var tags: String

    public init(title: String = "", category: String = "", authors: String = "", authorsConsent: Bool = false,
                description: String = "", eventId: Int64? = nil, tags: String = "") {
        self.title = title; self.category = category; self.authors = authors; self.authorsConsent = authorsConsent
        self.description = description; self.eventId = eventId; self.tags = tags
    }
}

/// The list's filter; nil or empty values do not filter.
public struct PracticeFilter: Sendable, Equatable {
    public var query: String
    public var category: PracticeCategory?
    public var schoolId: Int64?
    public var municipalityId: Int64?
    public var tag: String?
    public var status: PracticeStatus?

    public init(query: String = "", category: PracticeCategory? = nil, schoolId: Int64? = nil, municipalityId: Int64? = nil,
                tag: String? = nil, status: PracticeStatus? = nil) {
        self.query = query; self.category = category; self.schoolId = schoolId; self.municipalityId = municipalityId
        self.tag = tag; self.status = status
    }
}

public struct PracticeSummary: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var category: PracticeCategory
    public var status: PracticeStatus
    public var schoolId: Int64
    public var schoolName: String
    public var municipalityId: Int64
    public var municipalityName: String
    public var authors: String
    public var authorsConsent: Bool
    public var description: String
    public var eventTitle: String?
    public var tags: [String]
    public var updatedAt: Date
    public var publishedAt: Date?
}

public struct PracticeMaterialInfo: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var url: String?
    public var fileId: Int64?
    public var fileName: String?
    public var fileSize: Int?
    public var addedAt: Date
}

public struct PracticeDetail: Sendable {
    public var summary: PracticeSummary
    public var eventId: Int64?
    public var eventDate: String?
    public var reviewComment: String
    public var materials: [PracticeMaterialInfo]
    public var canEdit: Bool
    public var canPropose: Bool
    public var canReview: Bool
}

/// A school the scope may write practices for, and the events of its municipality (for the form's selects).
public struct PracticeSchoolChoice: Sendable, Equatable {
    public var id: Int64
    public var name: String
}

public struct PracticeEventChoice: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var heldOn: String
}

/// A published practice as a page without login may show it: the authors only when they agreed.
public struct PublishedPractice: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var category: PracticeCategory
    public var schoolName: String
    /// nil unless the authors agreed to publish their names.
    public var authors: String?
    public var description: String
    public var eventTitle: String?
    public var tags: [String]
    public var publishedAt: Date?
    public var materials: [PracticeMaterialInfo]
}
