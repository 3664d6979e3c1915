import Core
import Foundation

/// The settings page of the watchlist rules: each rule a checkbox and its number or date.
struct WatchRulesPage: Sendable {
    struct Rule: Sendable {
        var id: String
        var value: String
        var title: String
        var isChecked: Bool
        var hasField: Bool
        var fieldId: String
        var fieldLabel: String
        var fieldText: String
        var error: String?
        var summary: String
    }
    var chrome: Chrome
    var heading: String
    var intro: String
    var canEdit: Bool
    var action: String
    var rules: [Rule]
    var errors: FormErrors
    var dashboardHref: String
    /// A municipality with settings of its own: the button that returns it to the region's.
    var resetAction: String?
    var regionHref: String?

    /// The form's texts of each rule's number or date, as typed or as saved.
    static func rules(_ set: WatchRuleSet, texts: [WatchRule: String]? = nil, errors: FormErrors = FormErrors()) -> [Rule] {
        set.settings.map { s in
            let text: String
            switch s.rule.parameter {
            case .number: text = texts?[s.rule] ?? s.threshold.map(String.init) ?? ""
            case .date: text = texts?[s.rule] ?? DayText.russian(s.byDate)
            case .none: text = ""
            }
            let hasField = s.rule.parameter != .none
            return Rule(id: "rule-\(s.rule.rawValue)", value: s.rule.rawValue, title: s.rule.title, isChecked: s.isEnabled,
                        hasField: hasField, fieldId: s.field,
                        fieldLabel: s.rule.parameter == .date ? "Дата (ДД.ММ.ГГГГ)" : "N, \(s.rule.unit)",
                        fieldText: text, error: errors.message(s.field),
                        summary: s.isEnabled ? (hasField ? "\(s.rule.title): \(text)" : s.rule.title) : "")
        }
    }
}

/// The dashboard's block of rule-flagged schools.
struct WatchFlagsView: Sendable {
    struct Item: Sendable {
        var id: String
        var schoolHref: String
        var schoolName: String
        var municipalityName: String
        var text: String
        var dismissHref: String?
        var dismissal: String?
        var note: String?
    }
    var yearTitle: String
    var showMunicipality: Bool
    var active: [Item]
    var dismissed: [Item]
    var anyRuleOn: Bool
    var rulesHref: String

    init(_ list: WatchFlagList, showMunicipality: Bool, rulesHref: String, canDismiss: Bool) {
        yearTitle = list.year.title
        self.showMunicipality = showMunicipality
        anyRuleOn = list.anyRuleOn
        self.rulesHref = rulesHref
        func item(_ f: WatchFlag) -> Item {
            Item(id: "flag-\(f.schoolId)-\(f.rule.rawValue)", schoolHref: Paths.school(f.schoolId), schoolName: f.shortName,
                 municipalityName: f.municipalityName, text: f.text,
                 dismissHref: canDismiss && f.dismissal == nil ? Paths.dismissWatchFlag(school: f.schoolId, rule: f.rule.rawValue) : nil,
                 dismissal: f.dismissal.map { d in
                     "снят при значении «\(f.rule.figureText(d.figure))»" + (d.by.map { ", \($0)" } ?? "") + ", \(RussianDate.dateTime(d.at))"
                 },
                 note: f.dismissal?.note)
        }
        active = list.active.map(item)
        dismissed = list.dismissed.map(item)
    }
}

/// The form that dismisses a school's flag with a note.
struct WatchFlagDismissPage: Sendable {
    var chrome: Chrome
    var heading: String
    var schoolHref: String
    var schoolName: String
    var figure: String
    var action: String
    var back: String
    var cancelHref: String
    var note: String
    var errors: FormErrors
    var noteError: String? { errors.message("note") }
}
