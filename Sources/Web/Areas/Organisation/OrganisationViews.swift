import Core
import Foundation

/// A checkbox of a multi-select.
struct CheckOption: Sendable {
    var id: String
    var value: String
    var title: String
    var isChecked: Bool
}

enum OrganisationFormat {
    /// School years from 2020/2021 to the one after the running year.
    static func yearOptions(selected: Int?, now: Date) -> [SelectOption] {
        let last = SchoolYear.containing(now).start + 1
        return (2020...max(last, 2024)).reversed().map {
            SelectOption(value: "\($0)", title: SchoolYear($0).title, isSelected: $0 == selected)
        }
    }

    static func schoolOptions(_ schools: [SchoolOption], selected: Int64?, placeholder: String) -> [SelectOption] {
        [SelectOption(value: "", title: placeholder, isSelected: selected == nil)]
            + schools.map { SelectOption(value: "\($0.id)", title: $0.shortName, isSelected: $0.id == selected) }
    }

    /// «приказ № 48 от 19.02.2021»
    static func order(number: String?, date: String?) -> String {
        var text = ""
        if let number, !number.isEmpty { text = "приказ № \(number)" }
        if let date, !date.isEmpty {
            let parts = date.split(separator: "-")
            let shown = parts.count == 3 ? "\(parts[2]).\(parts[1]).\(parts[0])" : date
            text += text.isEmpty ? "приказ от \(shown)" : " от \(shown)"
        }
        return text
    }
}

// MARK: Municipalities

struct MunicipalityListPage: Sendable {
    struct Row: Sendable {
        var href: String
        var name: String
        var shortName: String
        var isArchived: Bool
        var schoolCount: Int
        var lowResultsCount: Int
        var curatorCount: Int
    }
    var chrome: Chrome
    var yearTitle: String
    var rows: [Row]
    var newHref: String?
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Муниципалитеты \(yearTitle)", asciiName: "municipalities",
                   columns: [ExportColumn("Муниципалитет", width: 40), ExportColumn("Краткое название", width: 20),
                             ExportColumn("В архиве", width: 10), ExportColumn("Школ", numeric: true, width: 8),
                             ExportColumn("ШНОР \(yearTitle)", numeric: true, width: 14), ExportColumn("Кураторов", numeric: true, width: 10)],
                   rows: rows.map { [$0.name, $0.shortName, $0.isArchived ? "да" : "", String($0.schoolCount),
                                     String($0.lowResultsCount), String($0.curatorCount)] })
    }
}

struct MunicipalityPage: Sendable {
    struct Coordinator: Sendable {
        var fullName: String
        var position: String
        var order: String
        var appointmentHref: String?
    }
    var chrome: Chrome
    var name: String
    var shortName: String
    var isArchived: Bool
    var yearTitle: String
    var schoolCount: Int
    var lowResultsCount: Int
    var curatorCount: Int
    var coordinators: [Coordinator]
    var curatorsHref: String?
    var assignmentsHref: String?
    var schoolsHref: String
    var partnershipsHref: String?
    var resultsHref: String?
    var reportsHref: String?
    var reportPeriodsHref: String?
    var editHref: String?
    /// «Муниципальный план» of the running school year (set by the route).
    var planHref: String? = nil
    /// The summary report and the public page (issue 9), where the reader may follow them.
    var publicLinks: [NavigationItem] = []
    var archiveHref: String?
    var restoreAction: String?
}

struct MunicipalityFormPage: Sendable {
    var chrome: Chrome
    var heading: String
    var action: String
    var cancelHref: String
    var name: String
    var shortName: String
    var errors: FormErrors
    var nameError: String? { errors.message("name") }
    var shortNameError: String? { errors.message("shortName") }
}

struct AppointmentFormPage: Sendable {
    var chrome: Chrome
    var municipalityName: String
    var coordinatorName: String
    var action: String
    var cancelHref: String
    var position: String
    var order: OrderFields
    var errors: FormErrors
    var positionError: String? { errors.message("position") }
}

// MARK: Curators

struct CuratorListPage: Sendable {
    struct Row: Sendable {
        var href: String
        var fullName: String
        var municipalityName: String
        var workplace: String
        var position: String
        var schools: String
        /// «в 2022/2023: …» when none are assigned in the listed year.
        var earlier: String?
        var isActive: Bool
    }
    var chrome: Chrome
    var yearTitle: String
    var showMunicipality: Bool
    var municipalityFilter: [SelectOption]
    var action: String
    var rows: [Row]
    var countText: String
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Кураторы \(yearTitle)", asciiName: "curators",
                   columns: [ExportColumn("Куратор", width: 32), ExportColumn("Муниципалитет", width: 24), ExportColumn("Место работы", width: 36),
                             ExportColumn("Должность", width: 28), ExportColumn("Школы \(yearTitle)", width: 40),
                             ExportColumn("Ранее", width: 30), ExportColumn("Состояние", width: 12)],
                   rows: rows.map { [$0.fullName, $0.municipalityName, $0.workplace, $0.position, $0.schools, $0.earlier ?? "",
                                     $0.isActive ? "действует" : "отключён"] })
    }
}

struct CuratorPage: Sendable {
    struct Fact: Sendable { var label: String; var value: String }
    struct School: Sendable { var href: String; var shortName: String; var name: String; var order: String; var removeHref: String? }
    struct Year: Sendable { var title: String; var schools: [School] }
    var chrome: Chrome
    var fullName: String
    var facts: [Fact]
    var years: [Year]
    var editHref: String?
    /// The «Закрепить школу» form, when the acting user may assign.
    var assign: AssignForm?
    /// «Ждёт проверки»: the curator's queue.
    var review: ReviewItemsView? = nil
}

struct AssignForm: Sendable {
    var action: String
    var csrf: String
    var schools: [SelectOption]
    var years: [SelectOption]
    var order: OrderFields
    var errors: FormErrors
    var schoolError: String? { errors.message("schoolId") }
    var yearError: String? { errors.message("year") }
}

struct CuratorFormPage: Sendable {
    var chrome: Chrome
    var fullName: String
    var action: String
    var cancelHref: String
    var workplace: String
    var position: String
    var schools: [SelectOption]
    var errors: FormErrors
    var workplaceError: String? { errors.message("workplace") }
    var workplaceSchoolError: String? { errors.message("workplaceSchoolId") }
    var positionError: String? { errors.message("position") }
}

// MARK: Partner groups

struct PartnershipListPage: Sendable {
    struct Row: Sendable {
        var lowResultsSchool: String
        var lowResultsHref: String
        var municipalityName: String
        var partners: [Partner]
        var forms: String
        var editHref: String?
        var deleteHref: String?
    }
    struct Partner: Sendable { var href: String; var shortName: String }
    var chrome: Chrome
    var yearTitle: String
    var action: String
    var years: [SelectOption]
    var municipalityFilter: [SelectOption]
    var showMunicipality: Bool
    var rows: [Row]
    var newHref: String?
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Группы партнёров \(yearTitle)", asciiName: "partnerships",
                   columns: [ExportColumn("Школа с низкими результатами", width: 32), ExportColumn("Муниципалитет", width: 24),
                             ExportColumn("Школы-партнёры", width: 40), ExportColumn("Формы работы", width: 50)],
                   rows: rows.map { [$0.lowResultsSchool, $0.municipalityName, $0.partners.map(\.shortName).joined(separator: ", "), $0.forms] })
    }
}

struct PartnershipFormPage: Sendable {
    var chrome: Chrome
    var heading: String
    var action: String
    var cancelHref: String
    var municipalityId: String
    var municipalityName: String
    var lowResultsSchools: [SelectOption]
    var partners: [CheckOption]
    var years: [SelectOption]
    var forms: String
    var errors: FormErrors
    var lowResultsError: String? { errors.message("lowResultsSchoolId") }
    var partnersError: String? { errors.message("partners") }
    var yearError: String? { errors.message("year") }
    var formsError: String? { errors.message("forms") }
    /// A lyceum or gymnasium chosen as the low-results school: asked to confirm.
    var confirmKindWarning: String? { errors.message("confirmKind") }
}

/// An admin choosing the municipality for a new partner group.
struct ChooseMunicipalityPage: Sendable {
    var chrome: Chrome
    var action: String
    var municipalities: [SelectOption]
}

/// The organisation area's sections in the navigation.
enum OrganisationNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        let registries = [NavigationItem(title: "Кураторы", href: Paths.curators), NavigationItem(title: "Группы партнёров", href: Paths.partnerships)]
        if Policy.mayReadRegion(scope) { return [NavigationItem(title: "Муниципалитеты", href: Paths.municipalities)] + registries }
        if Policy.isFixedToMunicipality(scope) {
            return (Policy.coordinatedMunicipality(scope).map { [NavigationItem(title: "Муниципалитет", href: Paths.municipality($0))] } ?? []) + registries
        }
        return []
    }
}

struct AssignmentTablePage: Sendable {
    struct Curator: Sendable { var href: String; var fullName: String; var position: String; var order: String; var removeHref: String? }
    struct Row: Sendable { var href: String; var shortName: String; var name: String; var curators: [Curator] }
    var chrome: Chrome
    var municipalityName: String
    var municipalityHref: String
    var yearTitle: String
    var action: String
    var years: [SelectOption]
    var rows: [Row]
    var summary: String
    /// The «Закрепить куратора» form, for those who manage the municipality.
    var assign: AssignCuratorForm?
}

struct AssignCuratorForm: Sendable {
    var action: String
    var csrf: String
    var year: String
    var yearTitle: String
    var curators: [SelectOption]
    var schools: [SelectOption]
    var order: OrderFields
    var errors: FormErrors
    var curatorError: String? { errors.message("curatorId") }
    var schoolError: String? { errors.message("schoolId") }
}
