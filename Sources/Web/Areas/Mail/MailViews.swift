import Core

/// The «Электронная почта» section of an account page: a form for who may change it, facts for who may only read.
struct MailSettingsSection: Sendable {
    var action: String
    var csrf: String
    var canEdit: Bool
    var email: String
    var preferences: [SelectOption]
    var failedText: String?
    var errors = FormErrors()
    var emailError: String? { errors.message("email") }
    var preferenceError: String? { errors.message("mailPreference") }
    var emailText: String
    var preferenceText: String

    init(_ view: MailSettingsView, action: String, csrf: String, form: FormData? = nil, errors: [FieldError] = []) {
        self.action = action
        self.csrf = csrf
        canEdit = view.canEdit
        email = form?["email"] ?? view.email ?? ""
        let chosen = form?["mailPreference"] ?? view.preference.rawValue
        preferences = MailPreference.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == chosen) }
        failedText = view.failedAt.map {
            "Почтовый сервер несколько раз отказался принять письма на этот адрес (последний раз \(RussianDate.format($0))); письма не отправляются, пока адрес не изменят."
        }
        self.errors = FormErrors(errors)
        emailText = view.email ?? "не указан"
        preferenceText = view.preference.title
    }
}

/// The page of an unsubscribe link: a confirm form, or the news that mail is off.
struct UnsubscribePage: Sendable {
    var chrome: Chrome
    var fullName: String
    var isOff: Bool
    var action: String
}
