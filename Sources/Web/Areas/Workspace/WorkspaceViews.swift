import Core
import Foundation

/// The coordinator's registries in the navigation.
enum WorkspaceNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        var items = [NavigationItem(title: "Мероприятия", href: Paths.events), NavigationItem(title: "Решения", href: Paths.decisions)]
        if Policy.mayReadStaffRegistry(scope) {
            items.append(NavigationItem(title: "Кадры", href: Paths.staff))
        }
        return items
    }
}

enum WorkspaceFormat {
    /// The municipality a list shows: the user's own; for the region the one asked for, or nil for all.
    static func municipality(_ scope: Scope, requested: Int64?) -> Int64? {
        Policy.mayReadRegion(scope) ? requested : (scope.municipalityId ?? -1)
    }

    static let months = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"]

    /// «Февраль 2022» of yyyy-MM-dd.
    static func monthTitle(_ iso: String) -> String {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return iso }
        return "\(months[parts[1] - 1]) \(parts[0])"
    }

    /// «83 %», or «—» without a whole.
    static func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        return "\(Int((share * 100).rounded())) %"
    }

    static func schoolNames(_ schools: [SchoolOption]) -> String { schools.map(\.shortName).joined(separator: ", ") }

    static func yearOptions(selected: Int?, now: Date, allTitle: String?) -> [SelectOption] {
        (allTitle.map { [SelectOption(value: "", title: $0, isSelected: selected == nil)] } ?? [])
            + OrganisationFormat.yearOptions(selected: selected, now: now)
    }

    static func municipalityOptions(_ list: [Municipality], selected: Int64?) -> [SelectOption] {
        [SelectOption(value: "", title: "Все муниципалитеты", isSelected: selected == nil)]
            + list.map { SelectOption(value: "\($0.id ?? 0)", title: $0.name, isSelected: $0.id == selected) }
    }

    static func schoolOptions(_ list: [SchoolOption], selected: Int64?, placeholder: String) -> [SelectOption] {
        [SelectOption(value: "", title: placeholder, isSelected: selected == nil)]
            + list.map { SelectOption(value: "\($0.id)", title: $0.shortName, isSelected: $0.id == selected) }
    }

    static func checkboxes(_ list: [SchoolOption], checked: [Int64], prefix: String) -> [SchoolCheckbox] {
        list.map { SchoolCheckbox(id: "\(prefix)-\($0.id)", value: "\($0.id)", title: $0.shortName, isChecked: checked.contains($0.id)) }
    }

    static func statusTag(_ status: DecisionStatus) -> StatusTag {
        switch status {
        case .open: StatusTag(title: status.title, css: "tag tag--report-submitted")
        case .inProgress: StatusTag(title: status.title, css: "tag tag--roadmap-submitted")
        case .done: StatusTag(title: status.title, css: "tag tag--roadmap-approved")
        case .withdrawn: StatusTag(title: status.title, css: "tag tag--grey")
        }
    }
}

struct SchoolCheckbox: Sendable { var id: String; var value: String; var title: String; var isChecked: Bool }
struct LinkItem: Sendable { var title: String; var href: String }

// MARK: Events

struct EventListPage: Sendable {
    struct Row: Sendable {
        var href: String
        var date: String
        var formatTitle: String
        var title: String
        var host: String
        var participants: String
        var municipalityName: String?
    }
    struct Month: Sendable { var title: String; var rows: [Row] }
    var chrome: Chrome
    var action: String
    var municipalities: [SelectOption]?
    var years: [SelectOption]
    var formats: [SelectOption]
    var schools: [SelectOption]
    var months: [Month]
    var count: Int
    var newHref: String?
    var csvHref: String
    var xlsxHref: String
}

struct EventFormPage: Sendable {
    var chrome: Chrome
    var heading: String
    var municipalityName: String
    var municipalityId: Int64
    var action: String
    var cancelHref: String
    var formats: [SelectOption]
    var input: EventInput
    var hostSchools: [SelectOption]
    var participants: [SchoolCheckbox]
    var errors: FormErrors
    var formatError: String? { errors.message("format") }
    var titleError: String? { errors.message("title") }
    var heldOnError: String? { errors.message("heldOn") }
    var hostSchoolError: String? { errors.message("hostSchool") }
    var participantsError: String? { errors.message("participants") }
    var groupsError: String? { errors.message("groups") }
}

struct EventPage: Sendable {
    struct Fact: Sendable { var label: String; var value: String }
    struct Material: Sendable { var title: String; var href: String; var details: String }
    var chrome: Chrome
    var title: String
    var formatTitle: String
    var municipalityName: String
    var isArchived: Bool
    var facts: [Fact]
    var participants: [LinkItem]
    /// «Управленческие команды — 12»: participants as groups with head counts.
    var groups: [String]
    var materials: [Material]
    var editHref: String?
    var archiveHref: String?
    var listHref: String
    /// Practices presented at the event (issue 9: `practice.eventId`).
    var practices: [LinkItem] = []
    /// The «add material» form, for those who manage the event.
    var materialAction: String?
    var accept: String
    var limitTitle: String
    var materialTitle: String
    var url: String
    var errors: FormErrors
    var materialTitleError: String? { errors.message("materialTitle") }
    var urlError: String? { errors.message("url") }
    var fileError: String? { errors.message("file") }
}

// MARK: Decisions

struct DecisionListPage: Sendable {
    struct Row: Sendable {
        var id: String
        var yearTitle: String
        var kindTitle: String
        var text: String
        var addressee: String
        var responsible: String
        var due: String
        var status: StatusTag
        var isOverdue: Bool
        var note: String
        var municipalityName: String?
        var editHref: String?
    }
    var chrome: Chrome
    var action: String
    var municipalities: [SelectOption]?
    var years: [SelectOption]
    var statuses: [SelectOption]
    var schools: [SelectOption]
    var overdueOnly: Bool
    var rows: [Row]
    var overdueCount: Int
    var overdueHref: String
    var newHref: String?
    var csvHref: String
    var xlsxHref: String
}

struct DecisionFormPage: Sendable {
    var chrome: Chrome
    var heading: String
    var municipalityName: String
    var municipalityId: Int64
    var action: String
    var cancelHref: String
    var years: [SelectOption]
    var kinds: [SelectOption]
    var addressees: [SelectOption]
    var statuses: [SelectOption]
    var schools: [SchoolCheckbox]
    var input: DecisionInput
    var errors: FormErrors
    var yearError: String? { errors.message("year") }
    var kindError: String? { errors.message("kind") }
    var textError: String? { errors.message("text") }
    var addresseeError: String? { errors.message("addressee") }
    var schoolsError: String? { errors.message("schools") }
    var dueOnError: String? { errors.message("dueOn") }
    var statusError: String? { errors.message("status") }
    var executionNoteError: String? { errors.message("executionNote") }
}

// MARK: Staff

struct StaffTablePage: Sendable {
    struct Row: Sendable {
        var schoolName: String
        var href: String
        var editHref: String
        var cells: [String]
        var hasFigures: Bool
    }
    var chrome: Chrome
    var action: String
    var municipalities: [SelectOption]?
    var years: [SelectOption]
    var yearTitle: String
    var municipalityName: String
    var rows: [Row]
    var totals: [String]
    var csvHref: String
    var xlsxHref: String
}

struct StaffFormPage: Sendable {
    var chrome: Chrome
    var schoolName: String
    var schoolHref: String
    var yearTitle: String
    var year: Int
    var years: [SelectOption]
    var yearAction: String
    var action: String
    var input: StaffInput
    var errors: FormErrors
    var managementTeamError: String? { errors.message("managementTeam") }
    var managementTrainedError: String? { errors.message("managementTrained") }
    var teachersError: String? { errors.message("teachers") }
    var teachersTrainedError: String? { errors.message("teachersTrained") }
    var teachersWithDeficitsError: String? { errors.message("teachersWithDeficits") }
}

// MARK: The school's card

/// The card's section: events the school took part in, decisions addressed to it, staff figures by year.
struct SchoolWorkspaceSection: Sendable {
    struct Event: Sendable { var date: String; var formatTitle: String; var title: String; var href: String; var role: String }
    struct Decision: Sendable { var yearTitle: String; var kindTitle: String; var text: String; var due: String; var status: StatusTag; var isOverdue: Bool }
    struct Staff: Sendable { var yearTitle: String; var management: String; var teachersTrained: String; var deficits: String }
    var events: [Event]
    var eventsHref: String
    var decisions: [Decision]
    var decisionsHref: String
    var staff: [Staff]
    var staffEditHref: String?
}
