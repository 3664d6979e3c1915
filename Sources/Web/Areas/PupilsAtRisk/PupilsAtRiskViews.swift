import Core

/// Russian text of shares and changes.
enum PupilsAtRiskText {
    static func share(_ s: Double?) -> String { s.map(PupilsAtRiskMath.percent) ?? "—" }
    static func change(_ c: Double?) -> String { c.map(PupilsAtRiskMath.changeText) ?? "нет данных за прошлый год" }
    /// «higher», «lower», «same», «none»: a CSS hook (a higher share of pupils at risk is worse).
    static func changeCode(_ c: Double?) -> String {
        guard let c else { return "none" }
        return c > 0 ? "higher" : c < 0 ? "lower" : "same"
    }
}

struct PupilsYearLink: Sendable { var title: String; var href: String; var isCurrent: Bool }

/// A row of a read-only table: a grade and subject with its figures, share and change.
struct PupilsLineView: Sendable {
    var title: String
    var pupils: Int
    var atRisk: Int
    var withSpecialNeeds: Int
    var share: String
    var previousShare: String
    var change: String
    var changeCode: String
    var plan: String
    var measures: [String]
    var specialText: String? { withSpecialNeeds > 0 ? "с ОВЗ \(withSpecialNeeds)" : nil }

    init(_ l: PupilsAtRiskLine) {
        title = l.record.key.title
        pupils = l.record.pupils; atRisk = l.record.atRisk; withSpecialNeeds = l.record.withSpecialNeeds
        share = PupilsAtRiskText.share(l.share)
        previousShare = PupilsAtRiskText.share(l.previous?.share)
        change = PupilsAtRiskText.change(l.change)
        changeCode = PupilsAtRiskText.changeCode(l.change)
        plan = l.record.plan
        measures = l.measures.map(\.title)
    }
}

/// One editable row of the school's table form.
struct PupilsFormRow: Sendable {
    var key: String
    var isNew: Bool
    var grades: [SelectOption]
    var subjects: [SelectOption]
    var pupils: String
    var atRisk: String
    var withSpecialNeeds: String
    var plan: String
    var measures: [SelectOption]
    var removeHref: String?
    var errors: [String]
    var gradeField: String { "grade-\(key)" }
    var subjectField: String { "subject-\(key)" }
    var pupilsField: String { "pupils-\(key)" }
    var atRiskField: String { "atRisk-\(key)" }
    var specialField: String { "withSpecialNeeds-\(key)" }
    var planField: String { "plan-\(key)" }
    var measuresField: String { "measures-\(key)" }

    init(key: String, input: PupilsAtRiskInput?, measures available: [PupilsAtRiskMeasure], removeHref: String?, errors: FormErrors) {
        self.key = key
        isNew = key == "new"
        let grade = input?.grade ?? ""
        grades = [SelectOption(value: "", title: "—", isSelected: grade.isEmpty)]
            + PupilsAtRiskSubjects.grades.map { SelectOption(value: "\($0)", title: "\($0)", isSelected: grade == "\($0)") }
        let subject = input?.subject ?? ""
        let canonical = PupilsAtRiskSubjects.canonical(subject)
        subjects = [SelectOption(value: "", title: "—", isSelected: subject.isEmpty)]
            + PupilsAtRiskSubjects.all.map { SelectOption(value: $0, title: $0, isSelected: $0 == canonical) }
        pupils = input?.pupils ?? ""; atRisk = input?.atRisk ?? ""; withSpecialNeeds = input?.withSpecialNeeds ?? ""
        plan = input?.plan ?? ""
        let chosen = Set(input?.measureIds ?? [])
        measures = available.map { SelectOption(value: "\($0.id)", title: $0.title, isSelected: chosen.contains($0.id)) }
        self.removeHref = removeHref
        self.errors = ["grade", "subject", "pupils", "atRisk", "withSpecialNeeds", "plan", "measures"]
            .compactMap { errors.message("\($0)-\(key)") }
    }
}

/// A school's figures for a year; with the table form for those who enter them.
struct PupilsSchoolPage: Sendable {
    var chrome: Chrome
    var schoolName: String
    var schoolHref: String
    var yearTitle: String
    var years: [PupilsYearLink]
    var lines: [PupilsLineView]
    var totalText: String?
    var canEdit: Bool
    var action: String
    var rows: [PupilsFormRow]
    var hasMeasures: Bool
    var roadmapHref: String
    var errors: FormErrors
}

/// The section of the school card: the latest year with the change from the year before.
struct SchoolPupilsAtRiskSection: Sendable {
    var yearTitle: String?
    var lines: [PupilsLineView]
    var href: String
    var editLabel: String?
}

/// The coordinator's table: schools × subjects with shares and change, and the per-subject summary.
struct PupilsMunicipalPage: Sendable {
    struct SchoolRow: Sendable {
        var schoolName: String
        var schoolHref: String
        var title: String
        var pupils: Int
        var atRisk: Int
        var withSpecialNeeds: Int
        var share: String
        var previousShare: String
        var change: String
        var changeCode: String
    }
    struct SummaryRow: Sendable {
        var title: String
        var schoolCount: Int
        var pupils: Int
        var atRisk: Int
        var withSpecialNeeds: Int
        var share: String
        var change: String
        var changeCode: String
    }
    var chrome: Chrome
    var municipalityName: String
    var yearTitle: String
    var action: String
    var municipalities: [SelectOption]
    var years: [SelectOption]
    var summary: [SummaryRow]
    var schools: [SchoolRow]
    var exportCSV: String
    var exportXLSX: String
    var importHref: String?
}

/// The pupils-at-risk section in the navigation: the municipal table for those who read it.
enum PupilsAtRiskNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        Policy.mayReadPupilsAtRiskTables(scope) ? [NavigationItem(title: "Зона риска", href: Paths.pupilsAtRiskMunicipal)] : []
    }
}
