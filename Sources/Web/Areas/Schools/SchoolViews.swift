import Core

/// The table of schools shared by the home page and the list.
struct SchoolTable: Sendable {
    /// Bytes to reserve for a page holding this table: a row renders to about 330 bytes, so a 2,000-row page is
    /// written into one buffer instead of being copied through a dozen doublings.
    var renderCapacity: Int { 16_384 + rows.count * 384 }

    var yearTitle: String
    var showMunicipality: Bool
    var rows: [SchoolRow]
    var countText: String
    var showActivity: Bool

    init(_ list: SchoolList, showMunicipality: Bool) {
        yearTitle = list.year.title
        self.showMunicipality = showMunicipality
        showActivity = list.showsActivity
        rows = list.items.map { SchoolRow($0) }
        countText = RussianPlural.count(list.items.count, "школа", "школы", "школ")
    }
}

struct SchoolRow: Sendable {
    var href: String
    var name: String
    var shortName: String
    var kindTitle: String
    var municipalityName: String
    var flags: [FlagBadge]
    var isArchived: Bool
    /// dd.MM.yyyy or «нет».
    var activity: String

    init(_ item: SchoolListItem) {
        href = Paths.school(item.id)
        name = item.name
        shortName = item.shortName
        kindTitle = item.kind.title
        municipalityName = item.municipalityName
        flags = item.flags.map(FlagBadge.init)
        isArchived = item.isArchived
        activity = RussianDate.activity(item.lastActivity)
    }
}

struct FlagBadge: Sendable {
    var code: String
    var title: String
    var fullTitle: String
    init(_ flag: StatusFlag) { code = flag.rawValue; title = flag.shortTitle; fullTitle = flag.title }
}

struct SchoolListPage: Sendable {
    var chrome: Chrome
    var filters: SchoolFilters
    var table: SchoolTable
    var newSchoolHref: String?
}

struct SchoolPage: Sendable {
    struct Fact: Sendable { var label: String; var value: String }
    struct FlagLine: Sendable {
        var code: String
        var title: String
        var cohortText: String?
        var clearHref: String?
        var exitHref: String?
    }
    struct YearStatuses: Sendable { var yearTitle: String; var flags: [FlagLine]; var changeHref: String? }
    struct Event: Sendable {
        var yearTitle: String
        var flagTitle: String
        var kindTitle: String
        var kindCode: String
        var cohortText: String?
        var reason: String
        var who: String
        var when: String
    }
    struct Person: Sendable { var name: String; var href: String?; var details: String }
    struct YearCurators: Sendable { var yearTitle: String; var people: [Person] }
    struct SchoolLink: Sendable { var name: String; var href: String? }
    struct Partnership: Sendable { var yearTitle: String; var roleTitle: String; var schools: [SchoolLink]; var forms: String }

    var chrome: Chrome
    var name: String
    var shortName: String
    var isArchived: Bool
    var facts: [Fact]
    var statuses: [YearStatuses]
    var timeline: [Event]
    var curators: [YearCurators]
    var partnerships: [Partnership]
    /// «Дорожная карта» of the running school year: its status and link (set by the route).
    var roadmap: RoadmapLink? = nil
    /// «Работа по учебным годам»: per year, links to the risk profile, roadmap and reports where there is one (or the running year).
    var workYears: [WorkYearRow] = []
    /// Events, decisions and staff figures (set by the route).
    var workspace: SchoolWorkspaceSection? = nil
    var editHref: String?
    var archiveHref: String?
    var restoreHref: String?
    var newStatusHref: String?
    var resultsHref: String
    /// «Рисковый профиль»: the latest year's factors in work.
    var riskProfile: SchoolRiskSection? = nil
    var reportsHref: String
    /// «Документы»: the school's document set (концепция, программы, антирисковые программы).
    var documentsHref: String
    /// «Практики школы» (банк практик).
    var practices: SchoolPracticesSection? = nil
    /// «Обучающиеся в «зоне риска»»: the latest year's shares per subject with the change (set by the route).
    var pupilsAtRisk: SchoolPupilsAtRiskSection? = nil
    /// «Выезды кураторов в школу» (set by the route).
    var visits: SchoolVisitsSection? = nil
    /// «Наблюдать»: the coordinator's watchlist button (set by the route).
    var watch: WatchButton? = nil

    init(_ details: SchoolDetails, chrome: Chrome) {
        self.chrome = chrome
        let card = details.card
        let school = card.school
        let id = school.id ?? 0
        let can = details.permissions
        name = school.name
        shortName = school.shortName
        resultsHref = Paths.schoolResults(id)
        reportsHref = Paths.schoolReports(id)
        documentsHref = Paths.schoolDocuments(id)
        isArchived = school.archivedAt != nil
        var facts = [Fact(label: "Муниципалитет", value: card.municipality.name),
                     Fact(label: "Краткое название", value: school.shortName),
                     Fact(label: "Вид", value: school.kind.title)]
        let optional: [(String, String?)] = [("Код школы", school.code), ("Адрес", school.address), ("Директор", school.directorName),
                                             ("Телефон", school.phone), ("Электронная почта", school.email), ("Примечание", school.notes)]
        for (label, value) in optional {
            if let value, !value.isEmpty { facts.append(Fact(label: label, value: value)) }
        }
        if let archived = school.archivedAt { facts.append(Fact(label: "В архиве с", value: RussianDate.format(archived))) }
        self.facts = facts
        var cohorts: [String: Int] = [:]
        for event in details.timeline where event.kind == .set && event.cohortYear != nil {
            let key = "\(event.year.start)/\(event.flag.rawValue)"
            if cohorts[key] == nil { cohorts[key] = event.cohortYear }
        }
        statuses = card.flagsByYear.map { entry in
            YearStatuses(yearTitle: entry.year.title, flags: entry.flags.map { flag in
                let cohort = cohorts["\(entry.year.start)/\(flag.rawValue)"]
                return FlagLine(code: flag.rawValue, title: flag.title, cohortText: cohort.map { "набор \($0) года" },
                                clearHref: can.canChangeStatus ? Self.statusHref(id, year: entry.year, flag: flag, action: .clear) : nil,
                                exitHref: can.canChangeStatus && flag == .lowResults
                                    ? Self.statusHref(id, year: entry.year, flag: flag, action: .exit) : nil)
            }, changeHref: can.canChangeStatus ? Self.statusHref(id, year: entry.year, action: .set) : nil)
        }
        timeline = details.timeline.map { event in
            let kind: String
            switch event.kind {
            case .set: kind = "установлен"
            case .clear: kind = "снят"
            case .exit: kind = "выход из ШНОР"
            }
            return Event(yearTitle: event.year.title, flagTitle: event.flag.shortTitle, kindTitle: kind, kindCode: event.kind.rawValue,
                         cohortText: event.cohortYear.map { "набор \($0) года" }, reason: event.reason,
                         who: event.changedByName ?? "Командная строка", when: RussianDate.format(event.changedAt))
        }
        var curators: [YearCurators] = []
        for line in details.curators {
            let note = [line.position, line.workplace, OrganisationFormat.order(number: line.orderNumber, date: line.orderDate)]
                .filter { !$0.isEmpty }.joined(separator: ", ")
            let person = Person(name: line.fullName, href: details.permissions.canOpenCurators ? Paths.curator(line.curatorId) : nil,
                                details: note)
            if curators.last?.yearTitle == line.year.title { curators[curators.count - 1].people.append(person) }
            else { curators.append(YearCurators(yearTitle: line.year.title, people: [person])) }
        }
        self.curators = curators
        partnerships = details.partners.map { line in
            Partnership(yearTitle: line.year.title,
                        roleTitle: line.isLowResultsSchool ? "Школа с низкими результатами; её партнёры" : "Школа-партнёр для",
                        schools: line.others.map { SchoolLink(name: $0.shortName, href: $0.isVisible ? Paths.school($0.id) : nil) },
                        forms: line.forms)
        }
        editHref = can.canEdit ? SchoolRoute.edit(id).path : nil
        archiveHref = can.canArchive ? SchoolRoute.confirmArchive(id).path : nil
        restoreHref = can.canRestore ? SchoolRoute.confirmRestore(id).path : nil
        newStatusHref = can.canChangeStatus ? SchoolRoute.statusForm(id).path : nil
    }

    /// The status form, pre-filled: `/schools/7/status?year=2022&flag=lowResults&action=clear`.
    static func statusHref(_ id: Int64, year: SchoolYear, flag: StatusFlag? = nil, action: StatusChangeInput.Action) -> String {
        SchoolRoute.statusForm(id).path(query: [("year", String(year.start)), ("flag", flag?.rawValue), ("action", action.rawValue)])
    }
}

struct RoadmapLink: Sendable { var yearTitle: String; var statusTitle: String; var href: String }

/// A row of the school card's year navigation; a nil link means nothing there that year.
struct WorkYearRow: Sendable {
    var yearTitle: String
    var riskProfileHref: String?
    var roadmapHref: String?
    var reportsHref: String?

    static func rows(_ years: SchoolWorkYears, school id: Int64) -> [WorkYearRow] {
        years.all.map { y in
            WorkYearRow(yearTitle: y.title,
                        riskProfileHref: years.riskProfiles.contains(y) ? Paths.riskProfile(school: id, year: y.start) : nil,
                        roadmapHref: years.roadmaps.contains(y) ? Paths.roadmap(school: id, year: y.start) : nil,
                        reportsHref: years.reports.contains(y) ? Paths.schoolReports(id, year: y.start) : nil)
        }
    }
}
