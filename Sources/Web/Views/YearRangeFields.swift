import Core

/// «С учебного года» / «По учебный год»: the two selects of a range of school years, newest first, with their errors.
struct YearRangeFields: Sendable {
    var fromOptions: [SelectOption]
    var toOptions: [SelectOption]
    var fromError: String?
    var toError: String?

    /// `placeholder`: a first «Выберите год» option, chosen while nothing is.
    init(years: [SchoolYear], from: SchoolYear?, to: SchoolYear?, errors: FormErrors, placeholder: Bool = false) {
        let descending = years.sorted(by: >)
        func options(_ chosen: SchoolYear?) -> [SelectOption] {
            (placeholder ? [SelectOption(value: "", title: "Выберите год", isSelected: chosen == nil)] : [])
                + descending.map { SelectOption(value: "\($0.start)", title: $0.title, isSelected: $0 == chosen) }
        }
        fromOptions = options(from)
        toOptions = options(to)
        fromError = errors.message("from")
        toError = errors.message("to")
    }
}
