import Foundation

/// Where a roadmap (or a municipal plan) is in its workflow.
public enum RoadmapStatus: String, Sendable, Codable, CaseIterable {
    case draft, submitted, approved, returned

    public var title: String {
        switch self {
        case .draft: "черновик"
        case .submitted: "на согласовании"
        case .approved: "утверждена"
        case .returned: "на доработке"
        }
    }

    /// Sections and measures change only in these states.
    public var isEditable: Bool { self == .draft || self == .returned }
}

/// A measure as the user typed it; the due term is parsed by `Due`.
public struct MeasureInput: Sendable, Equatable {
    public var sectionId: Int64?
    public var title: String
    public var description: String
    public var due: String
    public var responsible: String
    public var expectedResult: String
    public var indicator: String
    public var indicatorUnit: String
    public var baseline: String
    public var target: String
    public var riskFactorIds: [Int64]
    /// Codes of `MeasureParticipant` as the form sent them (unknown codes are a field error).
    public var participants: [String]

    public init(sectionId: Int64? = nil, title: String, description: String = "", due: String, responsible: String = "",
                expectedResult: String = "", indicator: String = "", indicatorUnit: String = "", baseline: String = "",
                target: String = "", riskFactorIds: [Int64] = [], participants: [String] = []) {
        self.sectionId = sectionId; self.title = title; self.description = description; self.due = due
        self.responsible = responsible; self.expectedResult = expectedResult; self.indicator = indicator
        self.indicatorUnit = indicatorUnit; self.baseline = baseline; self.target = target; self.riskFactorIds = riskFactorIds
        self.participants = participants
    }
}

/// «Участники образовательных отношений» a measure addresses (seed 004).
public enum MeasureParticipant: String, Sendable, Codable, CaseIterable {
    case teachers, parents, pupils, administration

    public var title: String {
        switch self {
        case .teachers: "Педагоги"
        case .parents: "Родители (законные представители)"
        case .pupils: "Обучающиеся"
        case .administration: "Администрация образовательной организации"
        }
    }

    /// «педагоги, родители (законные представители)» in the order of the cases.
    public static func text(_ groups: [MeasureParticipant]) -> String {
        allCases.filter(groups.contains).enumerated().map { $0.offset == 0 ? $0.element.title : $0.element.title.lowercased() }
            .joined(separator: ", ")
    }
}

/// One measure of the working copy or of an approved snapshot.
public struct MeasureItem: Sendable, Codable, Equatable {
    public var id: Int64
    public var sectionId: Int64?
    public var position: Int
    public var title: String
    public var description: String
    public var dueKind: String
    public var dueFrom: String?
    public var dueTo: String?
    public var dueText: String
    public var responsible: String
    public var expectedResult: String
    public var indicator: String
    public var indicatorUnit: String
    public var baseline: String
    public var target: String
    public var riskFactorIds: [Int64]
    public var riskFactors: [String]
    /// Optional: snapshots of revisions approved before migration 0021 have none.
    public var participantGroups: [MeasureParticipant]?
    public var participants: [MeasureParticipant] { participantGroups ?? [] }

    public var due: Due { Due(kind: Due.Kind(rawValue: dueKind) ?? .standing, from: dueFrom, to: dueTo, text: dueText) }

    public var input: MeasureInput {
        MeasureInput(sectionId: sectionId, title: title, description: description, due: dueText, responsible: responsible,
                     expectedResult: expectedResult, indicator: indicator, indicatorUnit: indicatorUnit, baseline: baseline,
                     target: target, riskFactorIds: riskFactorIds, participants: participants.map(\.rawValue))
    }
}

public struct SectionItem: Sendable, Codable, Equatable {
    public var id: Int64?
    public var title: String
    public var position: Int
    public var measures: [MeasureItem]
}

/// The sections and measures of a roadmap: the working copy, or an approved revision's JSON snapshot.
public struct RoadmapSnapshot: Sendable, Codable, Equatable {
    public var sections: [SectionItem]
    public init(sections: [SectionItem]) { self.sections = sections }

    public var measures: [MeasureItem] { sections.flatMap(\.measures) }
    public var isEmpty: Bool { measures.isEmpty }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{\"sections\":[]}".utf8), as: UTF8.self)
    }

    public static func decode(_ text: String) -> RoadmapSnapshot? {
        try? JSONDecoder().decode(RoadmapSnapshot.self, from: Data(text.utf8))
    }
}

public struct RoadmapEventItem: Sendable, Equatable {
    public var revision: Int
    public var action: String
    public var comment: String
    public var actorName: String
    public var at: Date

    public var actionTitle: String {
        switch action {
        case "created": "Создана"
        case "submitted": "Отправлена на согласование"
        case "approved": "Утверждена"
        case "returned": "Возвращена на доработку"
        case "revisionStarted": "Начата новая редакция"
        default: action
        }
    }
}

public struct RoadmapRevisionItem: Sendable, Equatable {
    public var number: Int
    public var startedAt: Date
    public var startedBy: String
    public var approvedAt: Date?
    public var approvedBy: String?
}

/// A roadmap with everything its page shows, and what the acting user may do with it.
public struct RoadmapDetail: Sendable {
    public var id: Int64
    public var municipalityId: Int64
    public var municipalityName: String
    public var schoolId: Int64?
    public var schoolName: String?
    public var schoolShortName: String?
    public var year: SchoolYear
    public var title: String
    public var status: RoadmapStatus
    public var revision: Int
    public var content: RoadmapSnapshot
    public var events: [RoadmapEventItem]
    public var revisions: [RoadmapRevisionItem]
    /// The changes since the previous approved revision (nil on the first revision).
    public var changes: RoadmapDiff?
    public var canEdit: Bool
    public var canSubmit: Bool
    public var canReview: Bool
    public var canStartRevision: Bool
    /// A municipal coordinator or the admin may copy measures to the municipality's schools.
    public var canCopyToSchools: Bool

    public var isMunicipalPlan: Bool { schoolId == nil }

    /// The return that put the roadmap «на доработке» (nil in any other state).
    public var pendingReturn: RoadmapEventItem? { status == .returned ? events.last { $0.action == "returned" } : nil }
}
