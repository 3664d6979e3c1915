import Core

struct AccountRow: Sendable {
    var href: String
    var fullName: String
    var login: String
    var roleTitle: String
    var place: String
    var isActive: Bool
    var mustChangePassword: Bool
    var stateText: String { isActive ? (mustChangePassword ? "Действует, пароль одноразовый" : "Действует") : "Отключена" }

    init(_ item: AccountListItem) {
        href = AccountRoute.card(item.id).path
        fullName = item.fullName
        login = item.login
        roleTitle = item.role.title
        place = [item.municipalityName, item.schoolName].compactMap { $0 }.joined(separator: ", ")
        isActive = item.isActive
        mustChangePassword = item.mustChangePassword
    }
}

struct AccountListPage: Sendable {
    var chrome: Chrome
    var action = AccountRoute.list.path
    var search: String
    var roles: [SelectOption]
    var municipalities: [SelectOption]
    var showMunicipalityFilter: Bool
    var states: [SelectOption]
    var rows: [AccountRow]
    var countText: String
    /// nil when the acting user creates no accounts (the regional coordinator reads only).
    var newAccountLink: String?
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Учётные записи", asciiName: "accounts",
                   columns: [ExportColumn("ФИО", width: 36), ExportColumn("Логин", width: 20), ExportColumn("Роль", width: 28),
                             ExportColumn("Муниципалитет, школа", width: 40), ExportColumn("Состояние", width: 30)],
                   rows: rows.map { [$0.fullName, $0.login, $0.roleTitle, $0.place, $0.stateText] })
    }
}

struct AccountFormPage: Sendable {
    var chrome: Chrome
    var action = AccountRoute.create.path
    var cancelHref = AccountRoute.list.path
    var roles: [SelectOption]
    var municipalities: [SelectOption]
    var schools: [SelectOption]
    var login: String
    var fullName: String
    var workplace: String
    var position: String
    var errors = FormErrors()
    var loginError: String? { errors.message("login") }
    var fullNameError: String? { errors.message("fullName") }
    var roleError: String? { errors.message("role") }
    var municipalityIdError: String? { errors.message("municipalityId") }
    var schoolIdError: String? { errors.message("schoolId") }
    var workplaceError: String? { errors.message("workplace") }
    var positionError: String? { errors.message("position") }
}

/// The one page that shows a one-time password; served with `Cache-Control: no-store` and never stored.
struct IssuedPasswordPage: Sendable {
    var chrome: Chrome
    var heading: String
    var fullName: String
    var login: String
    var password: String
    var accountHref: String
    var listHref = AccountRoute.list.path
}

struct AccountPage: Sendable {
    struct Fact: Sendable { var label: String; var value: String }
    var chrome: Chrome
    var fullName: String
    var facts: [Fact]
    var isActive: Bool
    var deactivateHref: String?
    var reactivateHref: String?
    var resetPasswordHref: String?
    var ownPasswordHref: String?
    var mail: MailSettingsSection?

    init(_ details: AccountDetails, chrome: Chrome) {
        self.chrome = chrome
        let user = details.user
        fullName = user.fullName
        var facts = [Fact(label: "Логин", value: user.login), Fact(label: "Роль", value: user.role.title)]
        if let value = details.municipalityName { facts.append(Fact(label: "Муниципалитет", value: value)) }
        if let value = details.schoolName { facts.append(Fact(label: "Школа", value: value)) }
        if let value = details.workplace, !value.isEmpty { facts.append(Fact(label: "Место работы", value: value)) }
        if let value = details.position, !value.isEmpty { facts.append(Fact(label: "Должность", value: value)) }
        facts.append(Fact(label: "Состояние", value: user.isActive ? "Действует" : "Отключена"))
        if user.mustChangePassword { facts.append(Fact(label: "Пароль", value: "Одноразовый: нужно сменить при входе")) }
        facts.append(Fact(label: "Создана", value: RussianDate.format(user.createdAt)))
        facts.append(Fact(label: "Изменена", value: RussianDate.format(user.updatedAt)))
        self.facts = facts
        isActive = user.isActive
        if details.canManage, let id = user.id {
            deactivateHref = user.isActive ? AccountRoute.confirmDeactivate(id).path : nil
            reactivateHref = user.isActive ? nil : AccountRoute.confirmReactivate(id).path
            resetPasswordHref = AccountRoute.confirmResetPassword(id).path
        }
        ownPasswordHref = details.isSelf ? AccountRoute.ownPassword.path : nil
    }
}

struct OwnPasswordPage: Sendable {
    var chrome: Chrome
    var action = AccountRoute.changeOwnPassword.path
    var isForced: Bool
    var minimumLength = Accounts.minimumPasswordLength
    var errors = FormErrors()
    var currentPasswordError: String? { errors.message("currentPassword") }
    var newPasswordError: String? { errors.message("newPassword") }
    var newPasswordRepeatError: String? { errors.message("newPasswordRepeat") }
}
