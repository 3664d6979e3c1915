import Foundation

/// черновик → сдан → принят | возвращён на доработку → сдан …
public enum ReportStatus: String, Sendable, CaseIterable, Codable {
    case draft, submitted, accepted, returned

    public var title: String {
        switch self {
        case .draft: "черновик"
        case .submitted: "сдан"
        case .accepted: "принят"
        case .returned: "возвращён на доработку"
        }
    }
}

/// The state of one measure in a half-year report.
public enum ReportItemStatus: String, Sendable, CaseIterable, Codable {
    case done, inProgress, notStarted, cancelled

    public var title: String {
        switch self {
        case .done: "выполнено"
        case .inProgress: "выполняется"
        case .notStarted: "не начато"
        case .cancelled: "отменено"
        }
    }

    /// «не начато» and «отменено» need a reason once the measure's due date has passed.
    public var needsReasonWhenPastDue: Bool { self == .notStarted || self == .cancelled }
}

public enum RoadmapStatusTitle {
    public static func title(_ raw: String) -> String {
        switch raw {
        case "draft": "черновик"
        case "submitted": "на согласовании"
        case "approved": "утверждена"
        case "returned": "на доработке"
        default: raw
        }
    }
}

public struct ReportItemDetail: Sendable, Equatable {
    public var id: Int64
    public var number: Int
    public var measureId: Int64?
    public var measureTitle: String
    public var sectionTitle: String?
    public var dueText: String
    public var dueTo: String?
    public var responsible: String
    public var expectedResult: String
    public var indicator: String
    public var indicatorUnit: String
    public var target: String
    public var status: ReportItemStatus
    public var reason: String
    public var whatWasDone: String
    public var evidenceUrl: String
    /// «Подтверждение» as text (a protocol's name, an order's number).
    public var evidenceNote: String
    public var indicatorValue: String
    /// The measure's last day has passed.
    public var isPastDue: Bool
    /// Past due and neither done nor cancelled.
    public var isOverdue: Bool { isPastDue && status != .done && status != .cancelled }
}

public struct ReportEventItem: Sendable, Equatable {
    public var action: String
    public var comment: String
    public var actorName: String?
    public var at: Date

    public var actionTitle: String {
        switch action {
        case "created": "начат"
        case "submitted": "сдан"
        case "accepted": "принят"
        case "returned": "возвращён на доработку"
        default: action
        }
    }
}

/// How many measures are done, of those not cancelled.
public struct DoneShare: Sendable, Equatable {
    public var done: Int
    public var total: Int
    public init(done: Int, total: Int) { self.done = done; self.total = total }

    public static func of(_ statuses: [ReportItemStatus]) -> DoneShare {
        DoneShare(done: statuses.filter { $0 == .done }.count, total: statuses.filter { $0 != .cancelled }.count)
    }

    /// 0…100, rounded; nil when there is nothing to do.
    public var percent: Int? { total == 0 ? nil : Int((Double(done) * 100 / Double(total)).rounded()) }

    /// «3 из 4 (75 %)»
    public var text: String { percent.map { "\(done) из \(total) (\($0) %)" } ?? "нет мероприятий" }
}

public struct ReportDetail: Sendable {
    public var id: Int64
    public var roadmapId: Int64
    public var roadmapTitle: String
    public var schoolId: Int64
    public var schoolShortName: String
    public var schoolName: String
    public var municipalityId: Int64
    public var period: ReportPeriodItem
    public var status: ReportStatus
    public var summary: String
    public var selfAssessment: String
    public var submittedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var items: [ReportItemDetail]
    public var events: [ReportEventItem]
    public var isLate: Bool
    public var share: DoneShare
    /// What the acting user may do now.
    public var canEdit: Bool
    public var canSubmit: Bool
    public var canReview: Bool

    /// The return that put the report «возвращён на доработку» (nil in any other state).
    public var pendingReturn: ReportEventItem? { status == .returned ? events.last { $0.action == "returned" } : nil }
}

/// A file attached to a report item from the report form (stored like documents' files).
public struct EvidenceUpload: Sendable, Equatable {
    public var fileName: String
    public var bytes: [UInt8]
    public init(fileName: String, bytes: [UInt8]) { self.fileName = fileName; self.bytes = bytes }
}

public struct ReportItemInput: Sendable, Equatable {
    public var status: String
    public var reason: String
    public var whatWasDone: String
    public var evidenceUrl: String
    public var evidenceNote: String
    public var indicatorValue: String
    /// A file to attach with this save (nil: none).
    public var file: EvidenceUpload?
    public init(status: String, reason: String = "", whatWasDone: String = "", evidenceUrl: String = "", evidenceNote: String = "",
                indicatorValue: String = "", file: EvidenceUpload? = nil) {
        self.status = status; self.reason = reason; self.whatWasDone = whatWasDone
        self.evidenceUrl = evidenceUrl; self.evidenceNote = evidenceNote; self.indicatorValue = indicatorValue; self.file = file
    }
}

public struct ReportInput: Sendable, Equatable {
    public var summary: String
    public var selfAssessment: String
    /// By report item id; items not named keep their values.
    public var items: [Int64: ReportItemInput]
    public init(summary: String, selfAssessment: String, items: [Int64: ReportItemInput]) {
        self.summary = summary; self.selfAssessment = selfAssessment; self.items = items
    }
}

/// A school's roadmap of a year and its reports per period.
public struct SchoolReports: Sendable {
    public struct Measure: Sendable {
        public var number: Int
        public var title: String
        public var dueText: String
        public var status: ReportItemStatus?
        public var isOverdue: Bool
    }
    public struct PeriodRow: Sendable {
        public var period: ReportPeriodItem
        public var reportId: Int64?
        public var status: ReportStatus?
        public var isLate: Bool
        public var share: DoneShare?
        public var canStart: Bool
        /// Why the report cannot be started, for those who could start one.
        public var startBlocker: String?
        public var measures: [Measure]
        public var overdueCount: Int { measures.filter(\.isOverdue).count }
    }
    public var schoolId: Int64
    public var schoolShortName: String
    public var schoolName: String
    public var municipalityId: Int64
    public var year: SchoolYear
    public var roadmapId: Int64?
    public var roadmapStatus: String?
    public var periods: [PeriodRow]
    /// Years with a roadmap, for the year filter.
    public var years: [SchoolYear]
}

/// The coordinator's view of one period: every school with a roadmap that year.
public struct ReportOverview: Sendable {
    public enum Category: String, Sendable, CaseIterable {
        case submitted, accepted, returned, notSubmitted, late
        public var title: String {
            switch self {
            case .submitted: "сдан"
            case .accepted: "принят"
            case .returned: "возвращён"
            case .notSubmitted: "не сдан"
            case .late: "просрочен"
            }
        }
    }
    public struct Row: Sendable {
        public var schoolId: Int64
        public var schoolShortName: String
        public var schoolName: String
        public var roadmapId: Int64
        public var reportId: Int64?
        public var status: ReportStatus?
        public var isLate: Bool
        public var share: DoneShare?
        /// сдан / принят / возвращён / не сдан (no report or a draft).
        public var category: Category {
            switch status {
            case .submitted: .submitted
            case .accepted: .accepted
            case .returned: .returned
            case .draft, nil: .notSubmitted
            }
        }
        public func matches(_ filter: Category?) -> Bool {
            guard let filter else { return true }
            return filter == .late ? isLate : category == filter
        }
    }
    public var period: ReportPeriodItem
    public var periods: [ReportPeriodItem]
    /// Every school's row; filter with `Row.matches`.
    public var rows: [Row]
    public func count(_ category: Category) -> Int { rows.filter { $0.matches(category) }.count }
}
