/// One `<option>` of a select, or one radio/checkbox of a group.
struct SelectOption: Sendable {
    var value: String
    var title: String
    var isSelected: Bool
}

extension SelectOption {
    /// A list filter's options: «Все …» (the empty value) first, then each choice, the one whose value is `selected` chosen.
    static func filter(allTitle: String, _ choices: [(value: String, title: String)], selected: String?) -> [SelectOption] {
        [SelectOption(value: "", title: allTitle, isSelected: selected == nil)]
            + choices.map { SelectOption(value: $0.value, title: $0.title, isSelected: $0.value == selected) }
    }
}
