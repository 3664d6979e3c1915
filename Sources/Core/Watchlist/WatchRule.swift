import Foundation

/// The rules that put a school on the coordinators' watchlist (issue 14): each has a figure per school, the
/// larger the worse, and flags the school when the figure reaches the rule's threshold.
public enum WatchRule: String, Sendable, CaseIterable, Codable {
    case overdueMeasures, lateReport, returnedReport, silent, roadmapNotApproved, highRiskFactors, identifiedTwice

    /// What the rule's setting holds besides on/off.
    public enum Parameter: Sendable, Equatable {
        /// A number in `range`, `defaultValue` when the rule is first switched on.
        case number(range: ClosedRange<Int>, defaultValue: Int)
        /// A calendar day (yyyy-MM-dd).
        case date
        case none
    }

    public var parameter: Parameter {
        switch self {
        case .overdueMeasures: .number(range: 1...500, defaultValue: 3)
        case .lateReport: .number(range: 0...365, defaultValue: 7)
        case .returnedReport: .number(range: 1...20, defaultValue: 2)
        case .silent: .number(range: 0...3650, defaultValue: 30)
        case .roadmapNotApproved: .date
        case .highRiskFactors: .number(range: 1...20, defaultValue: 3)
        case .identifiedTwice: .none
        }
    }

    /// The settings page's label; «N» stands for the number.
    public var title: String {
        switch self {
        case .overdueMeasures: "Просрочено мероприятий дорожной карты не меньше N"
        case .lateReport: "Полугодовой отчёт не сдан через N дней после срока"
        case .returnedReport: "Отчёт возвращён на доработку не меньше N раз"
        case .silent: "Нет активности школы N дней (входы и изменения её учётных записей)"
        case .roadmapNotApproved: "Дорожная карта не утверждена к дате"
        case .highRiskFactors: "Факторов риска на высоком уровне не меньше N"
        case .identifiedTwice: "ШНОР два года подряд"
        }
    }

    /// The name of the number's field on the settings page.
    public var unit: String {
        switch self {
        case .overdueMeasures: "мероприятий"
        case .lateReport, .silent: "дней"
        case .returnedReport: "раз"
        case .highRiskFactors: "факторов"
        case .roadmapNotApproved: "дата"
        case .identifiedTwice: ""
        }
    }

    /// Rules counting days: their figure grows by itself every day, so a dismissal holds until it has grown by the
    /// rule's number of days more (a flag dismissed at 12 days late with N = 7 comes back at 20 days).
    public var countsDays: Bool { self == .lateReport || self == .silent }

    /// The figure the way the dashboard says it.
    public func figureText(_ figure: Int) -> String {
        switch self {
        case .overdueMeasures: "просрочено мер: \(figure)"
        case .lateReport: "отчёт опаздывает на \(figure) дн."
        case .returnedReport: "отчёт возвращён \(figure) раз(а)"
        case .silent: figure >= Self.never ? "нет активности ни разу" : "нет активности \(figure) дн."
        case .roadmapNotApproved: "дорожная карта не утверждена: \(Self.roadmapStates[figure] ?? "нет")"
        case .highRiskFactors: "факторов риска на высоком уровне: \(figure)"
        case .identifiedTwice: "ШНОР \(figure) года подряд"
        }
    }

    /// The «no activity» figure of a school whose accounts never signed in nor changed anything.
    public static let never = 99_999

    /// Figures of «дорожная карта не утверждена»: the further from approval, the larger.
    static let roadmapRanks: [String: Int] = ["submitted": 1, "returned": 2, "draft": 3]
    static let roadmapStates: [Int: String] = [1: "на согласовании", 2: "на доработке", 3: "черновик", 4: "нет"]
    static let noRoadmap = 4
}

/// One rule's setting: on or off and its number or date.
public struct WatchRuleSetting: Sendable, Equatable, Codable {
    public var rule: WatchRule
    public var isEnabled: Bool
    public var threshold: Int?
    /// yyyy-MM-dd, for `roadmapNotApproved`.
    public var byDate: String?

    public init(rule: WatchRule, isEnabled: Bool, threshold: Int? = nil, byDate: String? = nil) {
        self.rule = rule; self.isEnabled = isEnabled; self.threshold = threshold; self.byDate = byDate
    }

    /// Off, with the rule's default number.
    public static func off(_ rule: WatchRule) -> WatchRuleSetting {
        if case .number(_, let value) = rule.parameter { return WatchRuleSetting(rule: rule, isEnabled: false, threshold: value) }
        return WatchRuleSetting(rule: rule, isEnabled: false)
    }

    /// The form's field of the number or date, named after the rule.
    public var field: String { "\(rule.rawValue)-value" }

    /// Errors next to the field; an unused number or date is checked only when the rule is on.
    public func validationErrors() -> [FieldError] {
        guard isEnabled else { return [] }
        switch rule.parameter {
        case .number(let range, _):
            guard let threshold, range.contains(threshold) else {
                return [FieldError(field, "Укажите целое число от \(range.lowerBound) до \(range.upperBound)")]
            }
        case .date:
            guard let byDate, DayText.isValid(byDate) else { return [FieldError(field, "Укажите дату в виде ДД.ММ.ГГГГ, например 01.10.2026")] }
        case .none: break
        }
        return []
    }
}

/// The settings of all rules for the region or one municipality.
public struct WatchRuleSet: Sendable, Equatable {
    public var settings: [WatchRuleSetting]
    /// For a municipality: whether it has settings of its own (else it follows the region's).
    public var isOwn: Bool
    /// For a municipality: its name.
    public var municipalityName: String? = nil

    public init(settings: [WatchRuleSetting], isOwn: Bool) {
        self.settings = WatchRule.allCases.map { rule in settings.first { $0.rule == rule } ?? .off(rule) }
        self.isOwn = isOwn
    }

    public subscript(rule: WatchRule) -> WatchRuleSetting { settings.first { $0.rule == rule } ?? .off(rule) }
    public var enabled: [WatchRuleSetting] { settings.filter(\.isEnabled) }
}
