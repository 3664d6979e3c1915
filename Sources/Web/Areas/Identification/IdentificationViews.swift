import Core

extension CheckOption {
    static func make(value: String, title: String, isChecked: Bool, id: String) -> CheckOption {
        CheckOption(id: id, value: value, title: title, isChecked: isChecked)
    }
}

/// The query of the identification page and of its CSV: year, municipality and the "what if" variant.
struct IdentificationQuery: Sendable {
    var year: SchoolYear?
    var municipalityId: Int64?
    /// The "what if" panel was submitted: its values replace the saved settings, nothing is saved.
    var isWhatIf: Bool
    var shareText: String
    var ruleTwoInLastYear: Bool
    var ruleConsecutiveYears: Bool
    var procedureIds: Set<Int64>

    init(_ query: FormData) {
        year = query["year"].flatMap { SchoolYear(parsing: $0) }
        municipalityId = query["municipality"].flatMap { Int64($0) }
        isWhatIf = query["whatif"] == "1"
        shareText = query["share"] ?? ""
        let rules = query.values("rule")
        ruleTwoInLastYear = rules.contains(IdentificationRule.twoInLastYear.rawValue)
        ruleConsecutiveYears = rules.contains(IdentificationRule.consecutiveYears.rawValue)
        procedureIds = Set(query.values("procedure").compactMap { Int64($0) })
    }

    /// The "what if" settings, or nil for the saved ones; an unreadable share is a field error.
    func whatIfSettings() throws -> IdentificationSettings? {
        guard isWhatIf else { return nil }
        let share = PercentText.basisPoints(shareText)
        let settings = IdentificationSettings(lowShareBasisPoints: share ?? 0, ruleTwoInLastYear: ruleTwoInLastYear,
                                              ruleConsecutiveYears: ruleConsecutiveYears, procedureIds: procedureIds)
        var errors = settings.validationErrors()
        if share == nil {
            errors.removeAll { $0.field == "share" }
            errors.insert(FieldError("share", "Доля — число процентов, например 30 или 27,5"), at: 0)
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return settings
    }

    /// Query items that reproduce the page (for the CSV link).
    func items(year: SchoolYear) -> [(String, String?)] {
        var items: [(String, String?)] = [("year", String(year.start)), ("municipality", municipalityId.map(String.init))]
        if isWhatIf {
            items.append(("whatif", "1"))
            items.append(("share", shareText))
            if ruleTwoInLastYear { items.append(("rule", IdentificationRule.twoInLastYear.rawValue)) }
            if ruleConsecutiveYears { items.append(("rule", IdentificationRule.consecutiveYears.rawValue)) }
            for id in procedureIds.sorted() { items.append(("procedure", String(id))) }
        }
        return items
    }
}

struct IdentificationRow: Sendable {
    var schoolId: String
    var schoolHref: String
    var schoolName: String
    var municipalityName: String
    var statusCode: String
    var statusTitle: String
    var rules: [String]
    var reasons: [String]
    var isConfirmed: Bool
    var isLeaving: Bool
    /// Leaving, and the exit is already recorded in the statuses.
    var exitRecorded: Bool
    /// A checkbox «подтвердить» (identified, not yet confirmed, the user may confirm, not a "what if").
    var canSelect: Bool
    /// A checkbox «записать выход» (leaving, the user may confirm, not a "what if").
    var canExit: Bool
    var checkboxId: String { "school-\(schoolId)" }
    var exitId: String { "exit-\(schoolId)" }

    init(_ item: IdentificationItem, target: SchoolYear, canConfirm: Bool, exitRecorded: Bool = false) {
        schoolId = String(item.schoolId)
        schoolHref = Paths.school(item.schoolId)
        schoolName = item.schoolShortName
        municipalityName = item.municipalityName
        statusCode = item.status.rawValue
        statusTitle = item.status.title(target: target)
        rules = item.evaluation.rules.map(\.title)
        reasons = item.evaluation.reasons.map(\.text)
        isConfirmed = item.isConfirmed
        isLeaving = item.status == .leaving
        canSelect = canConfirm && item.identified && !item.isConfirmed
        self.exitRecorded = item.status == .leaving && exitRecorded
        canExit = canConfirm && item.status == .leaving && !exitRecorded
    }
}

struct WhatIfPanel: Sendable {
    var action: String
    var year: String
    var municipality: String
    var share: String
    var rules: [CheckOption]
    var procedures: [CheckOption]
    var savedHref: String
    var settingsHref: String
    var shareError: String?
    var rulesError: String?
    var proceduresError: String?
}

struct IdentificationPage: Sendable {
    var chrome: Chrome
    var heading: String
    var basisText: String
    var settingsText: String
    var isWhatIf: Bool
    var filterAction: String
    var years: [SelectOption]
    var showMunicipality: Bool
    var municipalities: [SelectOption]
    var summary: String
    var identifiedRows: [IdentificationRow]
    var leavingRows: [IdentificationRow]
    /// Schools of last year's list without results of that year: its own group, never an exit.
    var noDataRows: [IdentificationRow]
    var noDataHeading: String
    var dataYearTitle: String
    var canConfirm: Bool
    var confirmAction: String
    var year: String
    var csvHref: String
    var xlsxHref: String
    var signalsHref: String
    var whatIf: WhatIfPanel
    var errors: FormErrors
    var selectsSchools: Bool { identifiedRows.contains { $0.canSelect } }
    var selectsExits: Bool { leavingRows.contains { $0.canExit } }
    var hasSelectable: Bool { selectsSchools || selectsExits }
}

enum IdentificationSummary {
    static func text(_ report: IdentificationReport) -> String {
        let identified = report.identified
        let new = identified.filter { $0.status == .new }.count
        let continuing = identified.count - new
        let confirmed = identified.filter(\.isConfirmed).count
        var parts = [RussianPlural.count(identified.count, "школа выявлена", "школы выявлены", "школ выявлено")
                     + " (новых — \(new), продолжают — \(continuing))"]
        parts.append("подтверждено — \(confirmed)")
        parts.append("выходят из перечня — \(report.leaving.count)")
        if !report.noData.isEmpty { parts.append("нет данных за \(report.dataYear.title) — \(report.noData.count)") }
        var text = parts.joined(separator: "; ")
        if report.schoolsWithoutData > 0 {
            text += ". Результаты за \(report.dataYear.title) есть у \(RussianPlural.count(report.schoolsWithData, "школы", "школ", "школ"))"
                + ", нет у \(report.schoolsWithoutData): список составлен только по школам с данными"
        }
        return text
    }
}

/// «Проверьте и подтвердите»: the selected schools with the reason that will be recorded.
struct IdentificationConfirmPage: Sendable {
    struct Line: Sendable {
        var schoolId: String
        var schoolName: String
        var municipalityName: String
        var reason: String
        var problem: String?
    }
    var chrome: Chrome
    var heading: String
    var action: String
    var cancelHref: String
    var year: String
    var confirmations: [Line]
    var exits: [Line]
    var errors: FormErrors
}

struct SignalRow: Sendable {
    var schoolHref: String
    var schoolName: String
    var municipalityName: String
    var procedure: String
    var schoolShare: String
    var municipalShare: String
    var exams: [String]
    var lowered: Int
    var raised: Int
}

struct SignalsPage: Sendable {
    var chrome: Chrome
    var heading: String
    var filterAction: String
    var years: [SelectOption]
    var showMunicipality: Bool
    var municipalities: [SelectOption]
    var marginText: String
    var mismatchText: String
    var above: [SignalRow]
    var mismatch: [SignalRow]
    var identificationHref: String
    var settingsHref: String
    var exports: ExportLinks

    var export: ListExport {
        func cells(_ kind: String, _ r: SignalRow) -> [String] {
            [kind, r.schoolName, r.municipalityName, r.procedure, r.schoolShare == "—" ? "" : r.schoolShare,
             r.municipalShare == "—" ? "" : r.municipalShare, r.exams.joined(separator: "; "), String(r.lowered), String(r.raised)]
        }
        return ListExport(title: heading, asciiName: "signals",
                          columns: [ExportColumn("Сигнал", width: 30), ExportColumn("Школа", width: 28), ExportColumn("Муниципалитет", width: 24),
                                    ExportColumn("Процедура", width: 36), ExportColumn("«4» и «5» / не совпали в школе", width: 16),
                                    ExportColumn("«4» и «5» по муниципалитету", width: 16), ExportColumn("ОГЭ/ЕГЭ по предмету", width: 40),
                                    ExportColumn("Понизили", numeric: true, width: 10), ExportColumn("Повысили", numeric: true, width: 10)],
                          rows: above.map { cells("Выше муниципального уровня", $0) } + mismatch.map { cells("Несовпадение с журналом", $0) })
    }
}

struct RegionSettingsPage: Sendable {
    var chrome: Chrome
    var canEdit: Bool
    var action: String
    var share: String
    var margin: String
    var mismatch: String
    var rules: [CheckOption]
    var procedures: [CheckOption]
    var analysedTitles: [String]
    var proceduresHref: String
    var identificationHref: String
    var errors: FormErrors
    var shareError: String? { errors.message("lowShare") }
    var rulesError: String? { errors.message("rules") }
    var marginError: String? { errors.message("nonObjectiveMargin") }
    var mismatchError: String? { errors.message("journalMismatch") }
    var proceduresError: String? { errors.message("procedures") }
    var ruleTitles: [String] { rules.filter(\.isChecked).map(\.title) }
}

struct ProcedureRow: Sendable {
    var title: String
    var family: String
    var subject: String
    var grade: String
    var variant: String
    var lowRule: String
    var isAnalysed: Bool
    var minimumScores: String
    var isArchived: Bool
    var editHref: String?
}

struct ProcedureListPage: Sendable {
    var chrome: Chrome
    var rows: [ProcedureRow]
    var newHref: String?
    var showArchived: Bool
    var toggleArchivedHref: String
    /// The settings page, for those who may read it.
    var settingsHref: String?
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Оценочные процедуры", asciiName: "procedures",
                   columns: [ExportColumn("Процедура", width: 40), ExportColumn("Вид", width: 16), ExportColumn("Предмет", width: 20),
                             ExportColumn("Класс", numeric: true, width: 8), ExportColumn("Вариант", width: 12),
                             ExportColumn("Низкий результат", width: 36), ExportColumn("Анализируется", width: 14),
                             ExportColumn("Минимальные баллы", width: 36), ExportColumn("В архиве", width: 10)],
                   rows: rows.map { [$0.title, $0.family, $0.subject, $0.grade == "—" ? "" : $0.grade, $0.variant == "—" ? "" : $0.variant,
                                     $0.lowRule, $0.isAnalysed ? "да" : "нет", $0.minimumScores == "—" ? "" : $0.minimumScores,
                                     $0.isArchived ? "да" : ""] })
    }
}

struct ProcedureFormPage: Sendable {
    struct MinimumScore: Sendable { var year: String; var score: Int }
    var chrome: Chrome
    var heading: String
    var action: String
    var cancelHref: String
    var submitLabel: String
    var families: [SelectOption]
    var lowRules: [SelectOption]
    var subject: String
    var grade: String
    var variant: String
    var sortOrder: String
    var isAnalysed: Bool
    var errors: FormErrors
    /// Editing: the minimum scores and their form, archive / restore.
    var minimumScores: [MinimumScore]
    var minimumScoreAction: String?
    var minimumYear: String
    var minimumScore: String
    var archiveHref: String?
    var restoreHref: String?
    var subjectError: String? { errors.message("subject") }
    var gradeError: String? { errors.message("grade") }
    var familyError: String? { errors.message("family") }
    var lowRuleError: String? { errors.message("lowRule") }
    var sortOrderError: String? { errors.message("sortOrder") }
    var yearError: String? { errors.message("year") }
    var scoreError: String? { errors.message("score") }
}

enum IdentificationNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        var items: [NavigationItem] = []
        if Policy.mayReadIdentification(scope) {
            items.append(NavigationItem(title: "Выявление ШНОР", href: Paths.identification))
        }
        if Policy.mayEditRegionSettings(scope) {
            items.append(NavigationItem(title: "Настройки", href: Paths.identificationSettings))
        }
        return items
    }
}
