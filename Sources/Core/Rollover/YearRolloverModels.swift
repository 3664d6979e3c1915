import Foundation

/// The parts of the new school year the coordinator may take or leave.
public enum RolloverSection: String, Sendable, CaseIterable, Codable {
    case statuses, assignments, partnerships, periods, roadmaps

    public var title: String {
        switch self {
        case .statuses: "Статусы школ"
        case .assignments: "Закрепление кураторов"
        case .partnerships: "Группы партнёров"
        case .periods: "Отчётные периоды"
        case .roadmaps: "Черновики дорожных карт"
        }
    }
}

/// A flag of last year carried into the new one.
public struct ProposedStatus: Sendable, Equatable {
    public var school: SchoolOption
    public var flag: StatusFlag
    public var cohortYear: Int?
    /// The reason recorded with the status.
    public var reason: String
}

/// Last year's assignment of a curator to a school still on the list.
public struct ProposedAssignment: Sendable, Equatable {
    public var school: SchoolOption
    public var curatorId: Int64
    public var curatorName: String
}

/// Last year's group of a school still on the list, without the partners now on the list themselves.
public struct ProposedPartnership: Sendable, Equatable {
    public var lowResultsSchool: SchoolOption
    public var partners: [SchoolOption]
    /// Partners of last year left out: they are on the low-results list of the new year.
    public var dropped: [SchoolOption]
    public var forms: String
}

public struct ProposedPeriod: Sendable, Equatable {
    /// 1 or 2.
    public var half: Int
    /// yyyy-MM-dd
    public var dueDate: String
    public var halfTitle: String { half == 1 ? "I полугодие" : "II полугодие" }
}

/// A draft roadmap for a school on the list: last year's unfinished measures, or the default sections.
public struct ProposedRoadmap: Sendable, Equatable {
    public var school: SchoolOption
    /// Last year's roadmap copied from (nil: a new draft with the default sections).
    public var sourceRoadmapId: Int64?
    /// Last year's measures not marked done or cancelled in a report: copied.
    public var measureIds: [Int64]
    /// Last year's measures marked done or cancelled: left behind.
    public var finishedCount: Int
}

/// What exists for the new year already and is kept as it is.
public struct RolloverKept: Sendable, Equatable {
    public var statuses = 0
    public var assignedSchools = 0
    public var partnerships = 0
    public var periods = 0
    public var roadmaps = 0
}

/// The check-your-answers page of the new school year: what would be created for `target`.
public struct RolloverProposal: Sendable, Equatable {
    public var municipalityId: Int64
    public var municipalityName: String
    /// The running (or latest set up) school year Y.
    public var year: SchoolYear
    /// Y + 1.
    public var target: SchoolYear
    public var canApply: Bool
    /// Schools with the low-results flag confirmed for the target year (the identification's confirmed list).
    public var confirmed: [SchoolOption]
    /// The schools the school-bound sections are for: the confirmed list and the programme's participants of the target year.
    public var onList: [SchoolOption]
    public var statuses: [ProposedStatus] = []
    public var assignments: [ProposedAssignment] = []
    public var partnerships: [ProposedPartnership] = []
    public var periods: [ProposedPeriod] = []
    public var roadmaps: [ProposedRoadmap] = []
    public var kept = RolloverKept()

    public var isIdentificationConfirmed: Bool { !confirmed.isEmpty }
    /// Nothing left to create and the list of the year confirmed.
    public var isComplete: Bool { isIdentificationConfirmed && isEmpty }
    public var isEmpty: Bool {
        statuses.isEmpty && assignments.isEmpty && partnerships.isEmpty && periods.isEmpty && roadmaps.isEmpty
    }
    /// Every school a line of the proposal is about, each once, in list order.
    public var schools: [SchoolOption] {
        var seen = Set<Int64>()
        let all = statuses.map(\.school) + assignments.map(\.school) + partnerships.map(\.lowResultsSchool) + roadmaps.map(\.school)
        return SchoolOption.naturallySorted(all.filter { seen.insert($0.id).inserted })
    }
}

/// Which sections and schools to apply; schools not chosen are left out of every school-bound section.
public struct RolloverSelection: Sendable, Equatable {
    public var sections: Set<RolloverSection>
    /// nil: every school of the proposal.
    public var schoolIds: Set<Int64>?
    public init(sections: Set<RolloverSection> = Set(RolloverSection.allCases), schoolIds: Set<Int64>? = nil) {
        self.sections = sections; self.schoolIds = schoolIds
    }

    func takes(_ section: RolloverSection, school: Int64? = nil) -> Bool {
        sections.contains(section) && (school == nil || schoolIds?.contains(school!) ?? true)
    }
}

/// What an apply created: the proposal's lines taken, with the ids of the new rows.
public struct RolloverOutcome: Sendable, Equatable {
    public var municipalityId: Int64
    public var target: SchoolYear
    public var statuses: [ProposedStatus] = []
    public var assignments: [ProposedAssignment] = []
    public var partnerships: [ProposedPartnership] = []
    public var periods: [ProposedPeriod] = []
    public var roadmaps: [ProposedRoadmap] = []
    public var isEmpty: Bool {
        statuses.isEmpty && assignments.isEmpty && partnerships.isEmpty && periods.isEmpty && roadmaps.isEmpty
    }
}
