/// One `<option>` of a select, or one radio/checkbox of a group.
struct SelectOption: Sendable {
    var value: String
    var title: String
    var isSelected: Bool
}
