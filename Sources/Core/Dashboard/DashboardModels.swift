import Foundation

/// The state of a school's half-year report for the dashboard's period: сдан / принят / возвращён / просрочен / не начат.
/// «Просрочен» is the reports overview's «просрочен» (not submitted by the due date, or submitted after it), so a
/// school may count as late and also as сдан or принят.
public enum DashboardReportState: String, Sendable, CaseIterable {
    case submitted, accepted, returned, late, notStarted

    public var title: String {
        switch self {
        case .submitted: "сдан"
        case .accepted: "принят"
        case .returned: "возвращён"
        case .late: "просрочен"
        case .notStarted: "не начат"
        }
    }
}

/// A roadmap's state for the dashboard, «нет» when the school has none that year.
public enum DashboardRoadmapState: String, Sendable, CaseIterable {
    case none, draft, submitted, returned, approved

    public var title: String {
        switch self {
        case .none: "нет"
        case .draft: "черновик"
        case .submitted: "на согласовании"
        case .returned: "на доработке"
        case .approved: "утверждена"
        }
    }
}

/// One school's figures for the school year.
public struct DashboardSchool: Sendable, Equatable {
    public var id: Int64
    public var shortName: String
    public var name: String
    public var municipalityId: Int64
    public var municipalityName: String
    public var flags: [StatusFlag]
    public var isWatched: Bool
    /// In the programme this year: a status flag other than «школа-партнёр», or a roadmap.
    public var inProgramme: Bool
    public var roadmapId: Int64?
    public var roadmapState: DashboardRoadmapState
    public var reportId: Int64?
    public var reportStatus: ReportStatus?
    public var reportLate: Bool
    public var measures: Int
    public var measuresDone: Int
    public var measuresOverdue: Int
    public var documentsExpected: Int
    public var documentsPresent: Int
    /// A curator is assigned to the school for this school year.
    public var hasCurator = false
    /// The last sign-in or change of the school's accounts (filled in for coordinators, outside the cache).
    public var lastActivity: Date? = nil

    public var documentsComplete: Bool { documentsPresent >= documentsExpected }
    /// On the ШНОР list this year and no curator assigned for it.
    public var isListedWithoutCurator: Bool { flags.contains(.lowResults) && !hasCurator }

    /// The report states the school counts in (none without a roadmap).
    public var reportStates: [DashboardReportState] {
        guard roadmapId != nil else { return [] }
        var states: [DashboardReportState] = []
        switch reportStatus {
        case .submitted: states.append(.submitted)
        case .accepted: states.append(.accepted)
        case .returned: states.append(.returned)
        case nil: states.append(.notStarted)
        case .draft: break
        }
        if reportLate { states.append(.late) }
        return states
    }
}

/// Which rows of the dashboard's school table to show.
public struct DashboardFilter: Sendable, Hashable {
    public var flag: StatusFlag?
    public var watchedOnly = false
    public var roadmap: DashboardRoadmapState?
    public var report: DashboardReportState?
    public var overdueOnly = false
    public var documentsIncompleteOnly = false
    /// ШНОР schools of the year without a curator assigned for it.
    public var withoutCuratorOnly = false
    public init() {}

    public var isEmpty: Bool { self == DashboardFilter() }

    public func matches(_ s: DashboardSchool) -> Bool {
        if let flag, !s.flags.contains(flag) { return false }
        if watchedOnly && !s.isWatched { return false }
        if let roadmap, s.roadmapState != roadmap { return false }
        if let report, !s.reportStates.contains(report) { return false }
        if overdueOnly && s.measuresOverdue == 0 { return false }
        if documentsIncompleteOnly && s.documentsComplete { return false }
        if withoutCuratorOnly && !s.isListedWithoutCurator { return false }
        return true
    }
}

extension StaffFigures {
    public var hasData: Bool { managementTeam > 0 || teachers > 0 }
}

/// A count over a total, shown as «3 из 4 (75,0 %)».
public struct Fraction: Sendable, Equatable {
    public var count: Int
    public var total: Int
    public init(_ count: Int, of total: Int) { self.count = count; self.total = total }
    /// In tenths of a percent; nil when the total is zero.
    public var tenths: Int? { total > 0 ? (count * 1000 + total / 2) / total : nil }
    public var percentText: String { tenths.map { "\($0 / 10),\($0 % 10) %" } ?? "—" }
    public var text: String { total > 0 ? "\(count) из \(total) (\(percentText))" : "—" }
}

/// A municipality's figures for one school year (the coordinator's dashboard, a row of the region's comparison).
public struct DashboardFigures: Sendable, Equatable {
    public var municipalityId: Int64?
    public var municipalityName: String
    /// Schools in the programme this year.
    public var schools = 0
    public var flagCounts: [StatusFlag: Int] = [:]
    public var roadmapCounts: [DashboardRoadmapState: Int] = [:]
    /// The open period of the year, else the latest opened one, else the first.
    public var period: ReportPeriodItem?
    public var reportCounts: [DashboardReportState: Int] = [:]
    /// Schools with a roadmap this year (the reports overview's rows).
    public var reportTotal = 0
    public var measures = 0
    public var measuresDone = 0
    public var measuresOverdue = 0
    public var schoolsWithOverdue = 0
    public var documentsComplete = 0
    public var documentsIncomplete = 0
    /// Identified for the next school year by the results and not yet confirmed.
    /// ШНОР schools of the year without a curator assigned for it.
    public var withoutCurator = 0
    public var openProposals = 0
    public var signals = 0
    public var overdueDecisions = 0
    public var staff = StaffFigures.zero

    public init(municipalityId: Int64?, municipalityName: String) {
        self.municipalityId = municipalityId; self.municipalityName = municipalityName
    }

    public var measuresDoneShare: Fraction { Fraction(measuresDone, of: measures) }
    public var documentsShare: Fraction { Fraction(documentsComplete, of: documentsComplete + documentsIncomplete) }
    public var managementTrainedShare: Fraction { Fraction(staff.managementTrained, of: staff.managementTeam) }
    public var teachersTrainedShare: Fraction { Fraction(staff.teachersTrained, of: staff.teachers) }
    public var teachersWithDeficitsShare: Fraction { Fraction(staff.teachersWithDeficits, of: staff.teachers) }
}

/// The municipal coordinator's dashboard (and a municipality's for the region).
public struct MunicipalityDashboard: Sendable {
    public var year: SchoolYear
    /// Years with programme data, newest first.
    public var years: [SchoolYear]
    public var figures: DashboardFigures
    /// Schools in the programme and watched schools, watched first, then by name.
    public var schools: [DashboardSchool]
    public var watched: [DashboardSchool] { schools.filter(\.isWatched) }
    /// The rules' flags of the running year (coordinators only).
    public var flags: WatchFlagList? = nil
}

/// The region's comparison of municipalities side by side.
public struct RegionDashboard: Sendable {
    public var year: SchoolYear
    public var years: [SchoolYear]
    public var rows: [DashboardFigures]
    public var total: DashboardFigures
    public var watched: [DashboardSchool]
    /// The rules' flags of the running year in every municipality.
    public var flags: WatchFlagList? = nil
}

/// A curator's dashboard: their schools with figures, and what awaits their review.
public struct CuratorDashboard: Sendable {
    public var year: SchoolYear
    public var years: [SchoolYear]
    public var schools: [DashboardSchool]
    public var review: [ReviewItem]
}

/// A director's dashboard: what is due next and what was returned.
public struct DirectorDashboard: Sendable {
    public struct OverdueMeasure: Sendable, Equatable {
        public var title: String
        public var dueText: String
        public var dueTo: String
    }
    /// Something returned for rework, with the reviewer's comment (the latest return's).
    public struct Returned: Sendable, Equatable {
        public enum Kind: String, Sendable { case roadmap, report, document }
        public var kind: Kind
        public var id: Int64
        public var title: String
        public var at: Date?
        /// For a roadmap: its school year (its page is per school and year).
        public var year: Int? = nil
        public var comment: String = ""
        public var reviewer: String? = nil
    }
    public var school: DashboardSchool
    public var year: SchoolYear
    public var years: [SchoolYear]
    public var period: ReportPeriodItem?
    public var overdueMeasures: [OverdueMeasure]
    /// Titles of the document set's missing slots.
    public var missingDocuments: [String]
    public var returned: [Returned]
}
