import Core
import Foundation

/// The chrome of a public page: no user, no navigation, no CSRF token (the page is shared by every visitor and cached).
enum PublicChrome {
    static func make(title: String) -> Chrome {
        Chrome.make(title: title, session: nil, csrf: "", current: nil)
    }
}

/// `GET /public`: the municipalities that publish their page.
struct PublicIndexPage: Sendable {
    struct Row: Sendable { var href: String; var name: String; var rangeTitle: String? }
    var chrome: Chrome
    var rows: [Row]
}

/// `GET /public/municipalities/{id}`: the published summary report, pupils at risk and practices.
struct PublicMunicipalityView: Sendable {
    struct PupilsRow: Sendable {
        var title: String
        var schoolCount: Int
        var pupils: String
        var atRisk: String
        var withSpecialNeeds: String
        var share: String
    }
    struct Material: Sendable { var title: String; var href: String }
    struct Practice: Sendable {
        var anchor: String
        var title: String
        var category: String
        var schoolName: String
        var authors: String?
        var description: String
        var eventTitle: String?
        var tags: String?
        var publishedOn: String?
        var materials: [Material]
    }
    var chrome: Chrome
    var municipalityName: String
    var indexHref = Paths.publicIndex
    var generatedOn: String
    var summaryRangeTitle: String?
    var sections: [SummaryPage.Section]
    var conclusions: [String]
    var summary: SummaryBody { SummaryBody(sections: sections, conclusions: conclusions, headingLevel: 3) }
    var pupilsYearTitle: String?
    var pupils: [PupilsRow]
    var suppressionMark = SmallGroupSuppression.mark
    var practices: [Practice]

    init(_ page: PublicMunicipalityPage) {
        chrome = PublicChrome.make(title: "Публичная страница: \(page.municipalityName)")
        municipalityName = page.municipalityName
        generatedOn = RussianDate.format(page.generatedAt)
        summaryRangeTitle = page.summary?.rangeTitle
        sections = page.summary?.sections.map(SummaryPage.section) ?? []
        conclusions = page.summary?.conclusions ?? []
        pupilsYearTitle = page.pupilsYear?.title
        pupils = page.pupils.map {
            PupilsRow(title: $0.title, schoolCount: $0.schoolCount, pupils: $0.pupils.text, atRisk: $0.atRisk.text,
                      withSpecialNeeds: $0.withSpecialNeeds.text, share: $0.share.text)
        }
        practices = page.practices.map { p in
            Practice(anchor: "practice-\(p.id)", title: p.title, category: p.category.title, schoolName: p.schoolName, authors: p.authors,
                     description: p.description, eventTitle: p.eventTitle, tags: p.tags.isEmpty ? nil : p.tags.joined(separator: ", "),
                     publishedOn: p.publishedAt.map(RussianDate.format),
                     materials: p.materials.compactMap { m in m.url.map { Material(title: m.title, href: $0) } })
        }
    }
}

/// The coordinator's settings of the public page.
struct PublicSettingsPage: Sendable {
    var chrome: Chrome
    var municipalityName: String
    var municipalityHref: String
    var isPublic: Bool
    var publicHref: String
    var enableHref: String
    var disableHref: String
    var rangeTitle: String?
    var previewHref: String?
    /// Shown while a range is published.
    var withdrawHref: String?
    var updatedOn: String?
    var action: String
    var range: YearRangeFields
    var errors: FormErrors

    init(chrome: Chrome, settings: PublicPageSettings, years: [SchoolYear], from: SchoolYear?, to: SchoolYear?, errors: FormErrors) {
        self.chrome = chrome
        let id = settings.municipalityId
        municipalityName = settings.municipalityName
        municipalityHref = Paths.municipality(id)
        isPublic = settings.isPublic
        publicHref = Paths.publicMunicipality(id)
        enableHref = Paths.publicPageEnable(id)
        disableHref = Paths.publicPageDisable(id)
        rangeTitle = settings.rangeTitle
        if let f = settings.summaryFrom, let t = settings.summaryTo {
            previewHref = Paths.municipalitySummary(id, from: f.start, to: t.start)
            withdrawHref = Paths.publicPageWithdrawSummary(id)
        }
        updatedOn = settings.updatedAt.map(RussianDate.dateTime)
        action = Paths.publicPageSummary(id)
        self.errors = errors
        range = YearRangeFields(years: years, from: from ?? settings.summaryFrom, to: to ?? settings.summaryTo, errors: errors,
                                placeholder: true)
    }
}

/// Links between the municipality page, its summary report and its public page (shown where the reader may follow them).
enum PublicPageLinks {
    static func forMunicipality(_ scope: Scope, _ id: Int64, _ database: AppDatabase) -> [NavigationItem] {
        var items: [NavigationItem] = []
        if Policy.mayReadSummary(scope, municipalityId: id) {
            items.append(NavigationItem(title: "Итоговая справка", href: Paths.municipalitySummary(id)))
        }
        return items + forSummary(scope, id, database)
    }

    static func forSummary(_ scope: Scope, _ id: Int64, _ database: AppDatabase) -> [NavigationItem] {
        var items: [NavigationItem] = []
        if (try? PublicPages(database: database).isPublic(municipalityId: id)) == true {
            items.append(NavigationItem(title: "Публичная страница", href: Paths.publicMunicipality(id)))
        }
        if Policy.mayManagePublicPage(scope, municipalityId: id) {
            items.append(NavigationItem(title: "Настройки публичной страницы", href: Paths.publicPageSettings(id)))
        }
        return items
    }
}
