/// One dated thing on a user's agenda: a report deadline, a measure's due term, a municipal event, a decision's due date.
public struct AgendaItem: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case report, measure, event, decision

        /// What the date is, in Russian («Срок отчёта»).
        public var title: String {
            switch self {
            case .report: "Срок отчёта"
            case .measure: "Срок мероприятия"
            case .event: "Мероприятие"
            case .decision: "Срок решения"
            }
        }
    }

    /// What the item opens; the web layer turns it into a URL.
    public enum Target: Sendable, Equatable {
        /// The school's report for the period, once started; the school's reports of the year before that.
        case report(id: Int64?, schoolId: Int64, year: Int)
        case roadmap(schoolId: Int64, year: Int)
        case municipalPlan(municipalityId: Int64, year: Int)
        case event(id: Int64)
        case decision(id: Int64, municipalityId: Int64, year: Int)
    }

    public var kind: Kind
    /// The record: the report period for `.report` (with `schoolId`), else the measure, event or decision.
    public var entityId: Int64
    /// Calendar day, yyyy-MM-dd (a month's term: its last day).
    public var date: String
    /// HH:mm when the item has a time of day; nil for all-day items.
    public var time: String?
    public var title: String
    public var schoolId: Int64?
    public var schoolName: String?
    public var place: String?
    public var target: Target
    /// Submitted (or accepted) report, measure reported done or cancelled, executed decision; never for an event.
    public var isDone: Bool

    public init(kind: Kind, entityId: Int64, date: String, time: String? = nil, title: String, schoolId: Int64? = nil,
                schoolName: String? = nil, place: String? = nil, target: Target, isDone: Bool) {
        self.kind = kind; self.entityId = entityId; self.date = date; self.time = time; self.title = title
        self.schoolId = schoolId; self.schoolName = schoolName; self.place = place; self.target = target; self.isDone = isDone
    }

    /// Stable across reads and edits: `report-12-s345`, `measure-77` (calendar UIDs, digest de-duplication).
    public var key: String {
        kind == .report ? "report-\(entityId)-s\(schoolId ?? 0)" : "\(kind.rawValue)-\(entityId)"
    }

    /// A deadline not done whose day has passed (`today` as yyyy-MM-dd, see `Due.today`); an event is never overdue.
    public func isOverdue(today: String) -> Bool { kind != .event && !isDone && date < today }

    /// Not done and due from `today` up to and including `until` (yyyy-MM-dd).
    public func isDue(from today: String, until: String) -> Bool { !isDone && date >= today && date <= until }
}
