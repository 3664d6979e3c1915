import Core
import Foundation

/// The filters of the school list, read from the query (the same for the page and the CSV download).
struct SchoolListQuery: Sendable {
    var filter = SchoolListFilter()
    var municipality = ""
    var year = ""
    var silent = ""

    init(_ query: FormData) {
        filter.search = query["q"] ?? ""
        municipality = query["municipality"] ?? ""
        filter.municipalityId = Int64(municipality)
        filter.kind = query["kind"].flatMap(SchoolKind.init(rawValue:))
        filter.flag = query["status"].flatMap(StatusFlag.init(rawValue:))
        year = query["year"] ?? ""
        filter.year = SchoolYear(parsing: year)
        filter.includeArchived = query["archived"] == "1"
        filter.sort = query["sort"].flatMap(SchoolListSort.init(rawValue:)) ?? .municipality
        silent = (query["silent"] ?? "").trimmingCharacters(in: .whitespaces)
        // Anything but a whole number is out of range: the directory refuses it with the message next to the field.
        filter.silentDays = silent.isEmpty ? nil : Int(silent) ?? -1
    }

    /// The query items that reproduce these filters.
    var items: [(String, String?)] {
        [("q", filter.search.isEmpty ? nil : filter.search), ("municipality", filter.municipalityId.map(String.init)),
         ("kind", filter.kind?.rawValue), ("status", filter.flag?.rawValue), ("year", filter.year.map { String($0.start) }),
         ("archived", filter.includeArchived ? "1" : nil), ("sort", filter.sort == .municipality ? nil : filter.sort.rawValue),
         ("silent", silent.isEmpty ? nil : silent)]
    }
}

struct SchoolFilters: Sendable {
    var action: String
    var search: String
    var showMunicipality: Bool
    var municipalities: [SelectOption]
    var kinds: [SelectOption]
    var statuses: [SelectOption]
    var years: [SelectOption]
    var sorts: [SelectOption]
    var includeArchived: Bool
    var exports: ExportLinks
    var resetHref: String
    /// «нет активности N дней», for those who read schools' activity.
    var showSilent = false
    var silent = ""
    var silentError: String? = nil

    init(_ query: SchoolListQuery, municipalities: [Municipality], years: [SchoolYear], listedYear: SchoolYear) {
        let filter = query.filter
        action = SchoolRoute.list.path
        search = filter.search
        showMunicipality = municipalities.count > 1
        self.municipalities = [SelectOption(value: "", title: "Все", isSelected: filter.municipalityId == nil)]
            + municipalities.map { SelectOption(value: String($0.id ?? 0), title: $0.name, isSelected: $0.id == filter.municipalityId) }
        kinds = [SelectOption(value: "", title: "Все", isSelected: filter.kind == nil)]
            + SchoolKind.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0 == filter.kind) }
        statuses = [SelectOption(value: "", title: "Любой", isSelected: filter.flag == nil)]
            + StatusFlag.allCases.map { SelectOption(value: $0.rawValue, title: $0.shortTitle, isSelected: $0 == filter.flag) }
        var allYears = years
        if !allYears.contains(listedYear) { allYears.append(listedYear); allYears.sort(by: >) }
        self.years = allYears.map { SelectOption(value: String($0.start), title: $0.title, isSelected: $0 == listedYear) }
        sorts = SchoolListSort.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0 == filter.sort) }
        includeArchived = filter.includeArchived
        exports = ExportLinks(SchoolRoute.list.path, items: query.items)
        resetHref = SchoolRoute.list.path
        silent = query.silent
    }
}

/// The create / edit form of a school.
struct SchoolFormPage: Sendable {
    var chrome: Chrome
    var heading: String
    var action: String
    var cancelHref: String
    var submitLabel: String
    var showMunicipality: Bool
    var municipalities: [SelectOption]
    var kinds: [SelectOption]
    var name: String
    var shortName: String
    var code: String
    var address: String
    var directorName: String
    var phone: String
    var email: String
    var notes: String
    var errors: FormErrors

    init(chrome: Chrome, heading: String, action: String, cancelHref: String, submitLabel: String,
         draft: SchoolDraft, municipalities: [Municipality]?, errors: FormErrors = FormErrors()) {
        self.chrome = chrome; self.heading = heading; self.action = action; self.cancelHref = cancelHref
        self.submitLabel = submitLabel; self.errors = errors
        showMunicipality = municipalities != nil
        self.municipalities = (municipalities ?? []).map {
            SelectOption(value: String($0.id ?? 0), title: $0.name, isSelected: $0.id == draft.municipalityId)
        }
        if (municipalities?.count ?? 0) > 1 {
            self.municipalities.insert(SelectOption(value: "", title: "Выберите муниципалитет", isSelected: draft.municipalityId == nil), at: 0)
        }
        kinds = [SelectOption(value: "", title: "Выберите вид", isSelected: draft.kind == nil)]
            + SchoolKind.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0 == draft.kind) }
        name = draft.name; shortName = draft.shortName; code = draft.code; address = draft.address
        directorName = draft.directorName; phone = draft.phone; email = draft.email; notes = draft.notes
    }

    var municipalityError: String? { errors.message("municipalityId") }
    var nameError: String? { errors.message("name") }
    var shortNameError: String? { errors.message("shortName") }
    var kindError: String? { errors.message("kind") }
    var codeError: String? { errors.message("code") }
    var addressError: String? { errors.message("address") }
    var directorNameError: String? { errors.message("directorName") }
    var phoneError: String? { errors.message("phone") }
    var emailError: String? { errors.message("email") }
    var notesError: String? { errors.message("notes") }
}

/// The form that sets or clears a yearly status.
struct StatusFormPage: Sendable {
    var chrome: Chrome
    var schoolName: String
    var action: String
    var cancelHref: String
    var year: String
    var flags: [SelectOption]
    var actions: [SelectOption]
    var cohortYear: String
    var reason: String
    var errors: FormErrors

    init(chrome: Chrome, school: School, input: StatusChangeInput, errors: FormErrors = FormErrors()) {
        self.chrome = chrome
        schoolName = school.name
        action = SchoolRoute.changeStatus(school.id ?? 0).path
        cancelHref = SchoolRoute.card(school.id ?? 0).path
        year = input.year
        flags = [SelectOption(value: "", title: "Выберите статус", isSelected: StatusFlag(rawValue: input.flag) == nil)]
            + StatusFlag.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == input.flag) }
        let titles: [StatusChangeInput.Action: String] = [.set: "Установить", .clear: "Снять", .exit: "Выход из ШНОР (снять статус ШНОР с записью о выходе)"]
        actions = StatusChangeInput.Action.allCases.map {
            SelectOption(value: $0.rawValue, title: titles[$0] ?? $0.rawValue, isSelected: $0.rawValue == input.action)
        }
        cohortYear = input.cohortYear
        reason = input.reason
        self.errors = errors
    }

    var yearError: String? { errors.message("year") }
    var flagError: String? { errors.message("flag") }
    var actionError: String? { errors.message("action") }
    var cohortYearError: String? { errors.message("cohortYear") }
    var reasonError: String? { errors.message("reason") }
}
