import Core

/// The table of schools shared by the home page and the list.
struct SchoolTable: Sendable {
    var yearTitle: String
    var showMunicipality: Bool
    var rows: [SchoolRow]
    var countText: String

    init(_ list: SchoolList, showMunicipality: Bool) {
        yearTitle = list.year.title
        self.showMunicipality = showMunicipality
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

    init(_ item: SchoolListItem) {
        href = Paths.school(item.id)
        name = item.name
        shortName = item.shortName
        kindTitle = item.kind.title
        municipalityName = item.municipalityName
        flags = item.flags.map(FlagBadge.init)
        isArchived = item.isArchived
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
    var search: String
    var table: SchoolTable
    var action: String
}

struct SchoolPage: Sendable {
    struct Fact: Sendable { var label: String; var value: String }
    struct YearStatuses: Sendable { var yearTitle: String; var flags: [FlagBadge] }

    var chrome: Chrome
    var name: String
    var shortName: String
    var facts: [Fact]
    var statuses: [YearStatuses]

    init(_ card: SchoolCard, chrome: Chrome) {
        self.chrome = chrome
        let school = card.school
        name = school.name
        shortName = school.shortName
        var facts = [Fact(label: "Муниципалитет", value: card.municipality.name),
                     Fact(label: "Вид", value: school.kind.title)]
        let optional: [(String, String?)] = [("Код", school.code), ("Адрес", school.address), ("Директор", school.directorName),
                                             ("Телефон", school.phone), ("Электронная почта", school.email), ("Примечание", school.notes)]
        for (label, value) in optional {
            if let value, !value.isEmpty { facts.append(Fact(label: label, value: value)) }
        }
        if let archived = school.archivedAt { facts.append(Fact(label: "В архиве с", value: RussianDate.format(archived))) }
        self.facts = facts
        statuses = card.flagsByYear.map { YearStatuses(yearTitle: $0.year.title, flags: $0.flags.map(FlagBadge.init)) }
    }
}
