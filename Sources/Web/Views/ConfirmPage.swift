/// «Вы уверены?» before a destructive or irreversible action: the GET shows it, the POST does it.
struct ConfirmPage: Sendable {
    var chrome: Chrome
    var heading: String
    var explanation: String
    var action: String
    var confirmLabel: String
    var cancelHref: String
    /// Ask for the reason when the action records one.
    var asksReason: Bool = false
    var reasonLabel: String = "Основание"
    var errors = FormErrors()
    var reasonError: String? { errors.message("reason") }
}
