import Core

struct PracticeListPage: Sendable {
    struct Row: Sendable {
        var title: String
        var href: String
        var categoryTitle: String
        var schoolName: String
        var municipalityName: String
        var tag: StatusTag
        var tags: String
        var excerpt: String
    }
    var chrome: Chrome
    var action: String
    var query: String
    var categories: [SelectOption]
    var schools: [SelectOption]
    var municipalities: [SelectOption]
    var showMunicipalityFilter: Bool
    var tags: [SelectOption]
    var statuses: [SelectOption]
    var countText: String
    var rows: [Row]
    var csvHref: String
    var xlsxHref: String
    var newHref: String?
    var isFiltered: Bool
}

struct PracticePage: Sendable {
    struct TagLink: Sendable { var title: String; var href: String }
    struct Material: Sendable {
        var title: String
        var href: String
        var detail: String
        var removeHref: String?
    }
    var chrome: Chrome
    var title: String
    var categoryTitle: String
    var tag: StatusTag
    var schoolName: String
    var schoolHref: String
    var municipalityName: String
    var authors: String
    var consentText: String
    var description: String
    var eventTitle: String?
    var tags: [TagLink]
    var reviewComment: String?
    var materials: [Material]
    var editHref: String?
    var proposeAction: String?
    var publishAction: String?
    var returnAction: String?
    var returnComment: String
    var commentError: String?
    var material: PracticeMaterialForm?
    var listHref: String
    var errors: FormErrors
}

struct PracticeMaterialForm: Sendable {
    var action: String
    var csrf: String
    var linkTitle: String
    var url: String
    var urlError: String?
    var fileError: String?
    var accept: String
    var formats: String
    var limitTitle: String
}

struct PracticeFormPage: Sendable {
    var chrome: Chrome
    var heading: String
    var action: String
    var cancelHref: String
    var submitLabel: String
    /// nil when the school is fixed (editing, or a director's own school).
    var schools: [SelectOption]?
    var schoolName: String?
    var schoolError: String?
    var title: String
    var titleError: String?
    var categories: [SelectOption]
    var categoryError: String?
    var authors: String
    var authorsError: String?
    var consentChecked: Bool
    var description: String
    var descriptionError: String?
    var events: [SelectOption]
    var eventError: String?
    var tags: String
    var tagsError: String?
    var errors: FormErrors
}

/// The school card's section «Практики школы».
struct SchoolPracticesSection: Sendable {
    struct Row: Sendable { var title: String; var href: String; var categoryTitle: String; var tag: StatusTag }
    var rows: [Row]
    var listHref: String
    var newHref: String?
}

enum PracticeFormat {
    static func tag(_ status: PracticeStatus) -> StatusTag {
        StatusTag(title: status.title, css: "tag tag--practice-\(status.rawValue)")
    }

    static func excerpt(_ text: String, limit: Int = 220) -> String {
        let flat = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit)) + "…"
    }

    static func count(_ n: Int) -> String {
        let mod10 = n % 10, mod100 = n % 100
        let word = mod10 == 1 && mod100 != 11 ? "практика" : (2...4).contains(mod10) && !(12...14).contains(mod100) ? "практики" : "практик"
        return "\(n) \(word)"
    }
}

enum PracticeNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        [NavigationItem(title: "Банк практик", href: Paths.practices)]
    }
}
