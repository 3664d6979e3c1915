import Core
import HTTPServer

/// User accounts: the list and its export, creating an account with a one-time password, an account's card and what
/// its manager may do to it; the signed-in user's own account page and password change.
enum AccountController {
    static let routes = AccountRoute.routes(handle)

    static func handle(_ route: AccountRoute, _ context: RequestContext) throws -> HTTPResponse {
        switch route {
        case .list: Responses.html(Templates.accountList(try listPage(context)))
        case .export(let format): try listPage(context).export.response(format)
        case .new: try new(context)
        case .create: try create(context)
        case .card(let id): try card(context, id: id)
        case .confirmDeactivate(let id): try confirmDeactivate(context, id: id)
        case .deactivate(let id): try deactivate(context, id: id)
        case .confirmReactivate(let id): try confirmReactivate(context, id: id)
        case .reactivate(let id): try reactivate(context, id: id)
        case .confirmResetPassword(let id): try confirmResetPassword(context, id: id)
        case .resetPassword(let id): try resetPassword(context, id: id)
        case .own: try own(context)
        case .ownPassword: ownPassword(context)
        case .changeOwnPassword: try changeOwnPassword(context)
        }
    }

    /// The list's filters, as the query gives them; an unknown role, municipality or state filters nothing.
    struct ListQuery: Decodable {
        var q: String
        var role: String
        var municipality: String
        var state: String

        var filter: AccountListFilter {
            var filter = AccountListFilter()
            filter.search = q
            filter.role = Role(rawValue: role)
            filter.municipalityId = Int64(municipality)
            filter.state = AccountListFilter.State(rawValue: state)
            return filter
        }
    }

    /// The new-account form's fields as sent. The choices stay text: an unknown role, municipality or school is
    /// «not chosen», and `Accounts` says so next to the field.
    struct AccountForm: Decodable {
        var role: String
        var login: String
        var fullName: String
        var municipalityId: String
        var schoolId: String
        var workplace: String
        var position: String

        /// The account to create; nil while no role is chosen.
        var account: NewAccount? {
            guard let role = Role(rawValue: role) else { return nil }
            var account = NewAccount(login: login, fullName: fullName, role: role, municipalityId: Int64(municipalityId),
                                     schoolId: Int64(schoolId), password: "")
            account.workplace = workplace
            account.position = position
            return account
        }
    }

    /// The own password form's fields.
    struct PasswordForm: Decodable {
        var currentPassword: String
        var newPassword: String
        var newPasswordRepeat: String
    }

    // MARK: List and new account

    static func listPage(_ context: RequestContext) throws -> AccountListPage {
        let scope = try context.scope
        let filter = try context.query.decode(ListQuery.self).filter
        let items = try context.services.accounts.list(scope, filter: filter)
        let municipalities = try context.services.accounts.municipalityOptions(scope)
        let roleChoices: [(value: String, title: String)] = Role.allCases.map { ($0.rawValue, $0.title) }
        let municipalityChoices: [(value: String, title: String)] = municipalities.map { (String($0.id), $0.title) }
        let stateChoices: [(value: String, title: String)] = [("active", "Действующие"), ("deactivated", "Отключённые")]
        let municipalityId: String? = filter.municipalityId.map { String($0) }
        let page = AccountListPage(
            chrome: context.chrome(title: "Учётные записи", current: AccountRoute.list.path),
            search: filter.search,
            roles: SelectOption.filter(allTitle: "Все роли", roleChoices, selected: filter.role?.rawValue),
            municipalities: SelectOption.filter(allTitle: "Все муниципалитеты", municipalityChoices, selected: municipalityId),
            showMunicipalityFilter: municipalities.count > 1,
            states: SelectOption.filter(allTitle: "Все", stateChoices, selected: filter.state?.rawValue),
            rows: items.map(AccountRow.init),
            countText: RussianPlural.count(items.count, "учётная запись", "учётные записи", "учётных записей"),
            newAccountLink: Policy.creatableRoles(scope).isEmpty ? nil : AccountRoute.new.path,
            exports: ExportLinks(AccountRoute.list.path, query: context.query))
        return page
    }

    static func new(_ context: RequestContext) throws -> HTTPResponse {
        let options = try context.services.accounts.formOptions(try context.scope)
        return Responses.html(Templates.accountNew(formPage(context, options, form: nil, errors: [])))
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let accounts = context.services.accounts
        let options = try accounts.formOptions(scope)
        let form = try context.form.decode(AccountForm.self)
        guard let account = form.account else {
            let errors = try accounts.errorsWithoutRole(scope, login: form.login, fullName: form.fullName)
            return Responses.html(Templates.accountNew(formPage(context, options, form: form, errors: errors)))
        }
        do {
            let issued = try accounts.createWithOneTimePassword(scope, account)
            return issuedPage(context, issued, heading: "Учётная запись создана")
        } catch DomainError.invalid(let errors) {
            return Responses.html(Templates.accountNew(formPage(context, options, form: form, errors: errors)))
        }
    }

    // MARK: An account

    static func card(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let details = try context.services.accounts.details(try context.scope, id: id)
        var page = AccountPage(details, chrome: context.chrome(title: details.user.fullName, current: AccountRoute.list.path))
        page.mail = try MailRoutes.section(context, userId: details.user.id!)
        return Responses.html(Templates.accountCard(page))
    }

    static func confirmDeactivate(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let details = try manageable(context, id: id)
        return confirm(context, details, heading: "Отключить учётную запись?",
                       explanation: "\(details.user.fullName) (\(details.user.login)) больше не сможет войти; открытые сеансы завершатся сразу. Учётную запись можно будет включить снова.",
                       action: AccountRoute.deactivate(id).path, label: "Отключить")
    }

    static func deactivate(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        try context.services.accounts.deactivate(try context.scope, id: id)
        return Responses.redirect(Notice.redirect(AccountRoute.card(id).path, .deactivated))
    }

    static func confirmReactivate(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let details = try manageable(context, id: id)
        return confirm(context, details, heading: "Включить учётную запись?",
                       explanation: "\(details.user.fullName) (\(details.user.login)) снова сможет входить в Опору со своим паролем.",
                       action: AccountRoute.reactivate(id).path, label: "Включить")
    }

    static func reactivate(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        try context.services.accounts.reactivate(try context.scope, id: id)
        return Responses.redirect(Notice.redirect(AccountRoute.card(id).path, .reactivated))
    }

    static func confirmResetPassword(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let details = try manageable(context, id: id)
        return confirm(context, details, heading: "Выдать новый одноразовый пароль?",
                       explanation: "Прежний пароль \(details.user.fullName) (\(details.user.login)) перестанет действовать, открытые сеансы завершатся. Новый пароль будет показан один раз; при входе его нужно будет сменить.",
                       action: AccountRoute.resetPassword(id).path, label: "Выдать новый пароль")
    }

    static func resetPassword(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let issued = try context.services.accounts.resetPassword(try context.scope, id: id)
        return issuedPage(context, issued, heading: "Новый одноразовый пароль выдан")
    }

    // MARK: Own account

    static func own(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let details = try context.services.accounts.ownAccount(scope)
        let issuedAt = try context.services.calendarFeeds.issuedAt(scope)
        var page = OwnAccountPage(details, calendarIssuedAt: issuedAt, chrome: context.chrome(title: "Моя учётная запись"))
        page.mail = try MailRoutes.section(context, userId: details.user.id!, own: true)
        return Responses.html(Templates.accountOwn(page))
    }

    static func ownPassword(_ context: RequestContext) -> HTTPResponse {
        let page = OwnPasswordPage(chrome: context.chrome(title: "Смена пароля"), isForced: context.session?.mustChangePassword ?? false)
        return Responses.html(Templates.accountPassword(page))
    }

    static func changeOwnPassword(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let form = try context.form.decode(PasswordForm.self)
        let user: User
        do {
            user = try context.services.accounts.changeOwnPassword(scope, current: form.currentPassword, new: form.newPassword,
                                                                   repeated: form.newPasswordRepeat, from: context.clientAddress)
        } catch DomainError.invalid(let errors) {
            let page = OwnPasswordPage(chrome: context.chrome(title: "Смена пароля"), isForced: context.session?.mustChangePassword ?? false,
                                       errors: FormErrors(errors))
            return Responses.html(Templates.accountPassword(page))
        }
        // Every session of the user ended with the change; this browser gets a fresh one.
        let opened = try context.services.sessions.open(for: user)
        return Responses.redirect(Notice.redirect(Paths.home, .passwordChanged))
            .settingCookie(Cookies.setCookie(name: OporaApp.sessionCookie, value: opened.token, maxAge: nil,
                                             secure: context.services.configuration.secureCookies))
    }

    // MARK: Pages

    /// An account the acting user may deactivate, reactivate or reset; 403 otherwise (404 when out of sight is 403 too).
    static func manageable(_ context: RequestContext, id: Int64) throws -> AccountDetails {
        let details = try context.services.accounts.details(try context.scope, id: id)
        guard details.canManage else { throw DomainError.forbidden }
        return details
    }

    static func confirm(_ context: RequestContext, _ details: AccountDetails, heading: String, explanation: String,
                        action: String, label: String) -> HTTPResponse {
        let page = ConfirmPage(chrome: context.chrome(title: heading, current: AccountRoute.list.path), heading: heading,
                               explanation: explanation, action: action, confirmLabel: label,
                               cancelHref: AccountRoute.card(details.user.id!).path)
        return Responses.html(Templates.confirm(page))
    }

    static func issuedPage(_ context: RequestContext, _ issued: IssuedPassword, heading: String) -> HTTPResponse {
        let page = IssuedPasswordPage(chrome: context.chrome(title: heading, current: AccountRoute.list.path), heading: heading,
                                      fullName: issued.user.fullName, login: issued.user.login, password: issued.password,
                                      accountHref: AccountRoute.card(issued.user.id!).path)
        var response = Responses.html(Templates.accountIssued(page))
        response.headers.add("Pragma", "no-cache")
        return response
    }

    static func formPage(_ context: RequestContext, _ options: AccountFormOptions, form: AccountForm?, errors: [FieldError]) -> AccountFormPage {
        let role = form?.role ?? ""
        let municipality = form?.municipalityId ?? ""
        let school = form?.schoolId ?? ""
        let placeholder = { (title: String, selected: String) in SelectOption(value: "", title: title, isSelected: selected.isEmpty) }
        return AccountFormPage(
            chrome: context.chrome(title: "Новая учётная запись", current: AccountRoute.list.path),
            roles: [placeholder("Выберите роль", role)]
                + options.roles.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == role) },
            municipalities: (options.municipalities.count == 1 ? [] : [placeholder("—", municipality)])
                + options.municipalities.map { SelectOption(value: String($0.id), title: $0.title, isSelected: String($0.id) == municipality) },
            schools: [placeholder("—", school)]
                + options.schools.map { SelectOption(value: String($0.id), title: $0.title, isSelected: String($0.id) == school) },
            login: form?.login ?? "", fullName: form?.fullName ?? "",
            workplace: form?.workplace ?? "", position: form?.position ?? "",
            errors: FormErrors(errors))
    }
}
