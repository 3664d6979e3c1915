import Core
import HTTPServer

enum AccountRoutes {
    static let routes: [Route] = [
        Route(.get, "/accounts", list),
    ] + ListExport.routes("/accounts") { try listPage($0).export } + [
        Route(.get, "/accounts/new") { context in
            let scope = try context.scope
            let options = try context.services.accounts.formOptions(scope)
            return Responses.html(Templates.accountNew(formPage(context, options, form: nil, errors: [])))
        },
        Route(.post, "/accounts", create),
        Route(.get, "/accounts/{id}") { context in
            let details = try context.services.accounts.details(try context.scope, id: try context.id("id"))
            var page = AccountPage(details, chrome: context.chrome(title: details.user.fullName, current: Paths.accounts))
            page.mail = try MailRoutes.section(context, userId: details.user.id!)
            return Responses.html(Templates.accountCard(page))
        },
        Route(.get, "/accounts/{id}/deactivate") { context in
            let details = try manageable(context)
            return confirm(context, details, heading: "Отключить учётную запись?",
                           explanation: "\(details.user.fullName) (\(details.user.login)) больше не сможет войти; открытые сеансы завершатся сразу. Учётную запись можно будет включить снова.",
                           action: Paths.accountDeactivate(details.user.id!), label: "Отключить")
        },
        Route(.post, "/accounts/{id}/deactivate") { context in
            let id = try context.id("id")
            try context.services.accounts.deactivate(try context.scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.account(id), .deactivated))
        },
        Route(.get, "/accounts/{id}/reactivate") { context in
            let details = try manageable(context)
            return confirm(context, details, heading: "Включить учётную запись?",
                           explanation: "\(details.user.fullName) (\(details.user.login)) снова сможет входить в Опору со своим паролем.",
                           action: Paths.accountReactivate(details.user.id!), label: "Включить")
        },
        Route(.post, "/accounts/{id}/reactivate") { context in
            let id = try context.id("id")
            try context.services.accounts.reactivate(try context.scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.account(id), .reactivated))
        },
        Route(.get, "/accounts/{id}/reset-password") { context in
            let details = try manageable(context)
            return confirm(context, details, heading: "Выдать новый одноразовый пароль?",
                           explanation: "Прежний пароль \(details.user.fullName) (\(details.user.login)) перестанет действовать, открытые сеансы завершатся. Новый пароль будет показан один раз; при входе его нужно будет сменить.",
                           action: Paths.accountResetPassword(details.user.id!), label: "Выдать новый пароль")
        },
        Route(.post, "/accounts/{id}/reset-password") { context in
            let issued = try context.services.accounts.resetPassword(try context.scope, id: try context.id("id"))
            return issuedPage(context, issued, heading: "Новый одноразовый пароль выдан")
        },
        Route(.get, "/account") { context in
            let scope = try context.scope
            let details = try context.services.accounts.ownAccount(scope)
            let issuedAt = try CalendarFeeds(database: context.services.database).issuedAt(scope)
            var page = OwnAccountPage(details, calendarIssuedAt: issuedAt, chrome: context.chrome(title: "Моя учётная запись"))
            page.mail = try MailRoutes.section(context, userId: details.user.id!, own: true)
            return Responses.html(Templates.accountOwn(page))
        },
        Route(.get, "/account/password") { context in
            let page = OwnPasswordPage(chrome: context.chrome(title: "Смена пароля"), isForced: context.session?.mustChangePassword ?? false)
            return Responses.html(Templates.accountPassword(page))
        },
        Route(.post, "/account/password", changeOwnPassword),
    ]

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        Responses.html(Templates.accountList(try listPage(context)))
    }

    static func listPage(_ context: RequestContext) throws -> AccountListPage {
        let scope = try context.scope
        var filter = AccountListFilter()
        filter.search = context.query["q"] ?? ""
        filter.role = context.query["role"].flatMap(Role.init(rawValue:))
        filter.municipalityId = context.query["municipality"].flatMap { Int64($0) }
        filter.state = context.query["state"].flatMap(AccountListFilter.State.init(rawValue:))
        let items = try context.services.accounts.list(scope, filter: filter)
        let municipalities = try context.services.accounts.municipalityOptions(scope)
        let page = AccountListPage(
            chrome: context.chrome(title: "Учётные записи", current: Paths.accounts),
            search: filter.search,
            roles: [SelectOption(value: "", title: "Все роли", isSelected: filter.role == nil)]
                + Role.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0 == filter.role) },
            municipalities: [SelectOption(value: "", title: "Все муниципалитеты", isSelected: filter.municipalityId == nil)]
                + municipalities.map { SelectOption(value: String($0.id), title: $0.title, isSelected: $0.id == filter.municipalityId) },
            showMunicipalityFilter: municipalities.count > 1,
            states: [SelectOption(value: "", title: "Все", isSelected: filter.state == nil),
                     SelectOption(value: "active", title: "Действующие", isSelected: filter.state == .active),
                     SelectOption(value: "deactivated", title: "Отключённые", isSelected: filter.state == .deactivated)],
            rows: items.map(AccountRow.init),
            countText: RussianPlural.count(items.count, "учётная запись", "учётные записи", "учётных записей"),
            newAccountLink: Policy.creatableRoles(scope).isEmpty ? nil : Paths.newAccount,
            exports: ExportLinks(Paths.accounts, query: context.query))
        return page
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let options = try context.services.accounts.formOptions(scope)
        let form = context.form
        guard let role = form["role"].flatMap(Role.init(rawValue:)) else {
            let errors = try context.services.accounts.errorsWithoutRole(scope, login: form["login"] ?? "", fullName: form["fullName"] ?? "")
            return Responses.html(Templates.accountNew(formPage(context, options, form: form, errors: errors)))
        }
        var account = NewAccount(login: form["login"] ?? "", fullName: form["fullName"] ?? "", role: role,
                                 municipalityId: form["municipalityId"].flatMap { Int64($0) },
                                 schoolId: form["schoolId"].flatMap { Int64($0) }, password: "")
        account.workplace = form["workplace"] ?? ""
        account.position = form["position"] ?? ""
        do {
            let issued = try context.services.accounts.createWithOneTimePassword(scope, account)
            return issuedPage(context, issued, heading: "Учётная запись создана")
        } catch DomainError.invalid(let errors) {
            return Responses.html(Templates.accountNew(formPage(context, options, form: form, errors: errors)))
        }
    }

    static func changeOwnPassword(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let form = context.form
        let user: User
        do {
            user = try context.services.accounts.changeOwnPassword(scope, current: form["currentPassword"] ?? "",
                                                                   new: form["newPassword"] ?? "",
                                                                   repeated: form["newPasswordRepeat"] ?? "",
                                                                   from: context.clientAddress)
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

    /// An account the acting user may deactivate, reactivate or reset; 403 otherwise (404 when out of sight is 403 too).
    static func manageable(_ context: RequestContext) throws -> AccountDetails {
        let details = try context.services.accounts.details(try context.scope, id: try context.id("id"))
        guard details.canManage else { throw DomainError.forbidden }
        return details
    }

    static func confirm(_ context: RequestContext, _ details: AccountDetails, heading: String, explanation: String,
                        action: String, label: String) -> HTTPResponse {
        let page = ConfirmPage(chrome: context.chrome(title: heading, current: Paths.accounts), heading: heading,
                               explanation: explanation, action: action, confirmLabel: label,
                               cancelHref: Paths.account(details.user.id!))
        return Responses.html(Templates.confirm(page))
    }

    static func issuedPage(_ context: RequestContext, _ issued: IssuedPassword, heading: String) -> HTTPResponse {
        let page = IssuedPasswordPage(chrome: context.chrome(title: heading, current: Paths.accounts), heading: heading,
                                      fullName: issued.user.fullName, login: issued.user.login, password: issued.password,
                                      accountHref: Paths.account(issued.user.id!))
        var response = Responses.html(Templates.accountIssued(page))
        response.headers.add("Pragma", "no-cache")
        return response
    }

    static func formPage(_ context: RequestContext, _ options: AccountFormOptions, form: FormData?, errors: [FieldError]) -> AccountFormPage {
        let role = form?["role"] ?? ""
        let municipality = form?["municipalityId"] ?? ""
        let school = form?["schoolId"] ?? ""
        let placeholder = { (title: String, selected: String) in SelectOption(value: "", title: title, isSelected: selected.isEmpty) }
        return AccountFormPage(
            chrome: context.chrome(title: "Новая учётная запись", current: Paths.accounts),
            roles: [placeholder("Выберите роль", role)]
                + options.roles.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == role) },
            municipalities: (options.municipalities.count == 1 ? [] : [placeholder("—", municipality)])
                + options.municipalities.map { SelectOption(value: String($0.id), title: $0.title, isSelected: String($0.id) == municipality) },
            schools: [placeholder("—", school)]
                + options.schools.map { SelectOption(value: String($0.id), title: $0.title, isSelected: String($0.id) == school) },
            login: form?["login"] ?? "", fullName: form?["fullName"] ?? "",
            workplace: form?["workplace"] ?? "", position: form?["position"] ?? "",
            errors: FormErrors(errors))
    }
}
