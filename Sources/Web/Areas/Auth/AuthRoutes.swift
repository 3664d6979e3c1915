import Core
import HTTPServer

enum AuthRoutes {
    static let routes: [Route] = [
        Route(.get, "/login", access: .anonymous) { context in
            if context.session != nil { return Responses.redirect(SafeRedirect.path(context.query["next"]), status: .found) }
            return Responses.html(Templates.login(LoginPage(chrome: context.chrome(title: "Вход"), login: "",
                                                            next: SafeRedirect.path(context.query["next"]), errors: [])))
        },
        Route(.post, "/login", access: .anonymous, logIn),
        Route(.post, "/logout", access: .anonymous) { context in
            if let token = Cookies.parse(context.request.headers)[OporaApp.sessionCookie] {
                try context.services.sessions.revoke(token: token)
            }
            return Responses.redirect(Paths.login)
                .settingCookie(Cookies.setCookie(name: OporaApp.sessionCookie, value: "", maxAge: 0,
                                                 secure: context.services.configuration.secureCookies))
        },
    ]

    static func logIn(_ context: RequestContext) throws -> HTTPResponse {
        let login = context.form["login"] ?? ""
        let next = SafeRedirect.path(context.form["next"])
        func again(_ errors: [FieldError], status: HTTPStatus) -> HTTPResponse {
            // An over-long login is shown back cut to the limit, not echoed whole.
            let page = LoginPage(chrome: context.chrome(title: "Вход"), login: String(login.prefix(Authentication.maximumLoginLength)), next: next,
                                 errors: errors.map { FormErrorItem(field: $0.field, message: $0.message) })
            return Responses.html(Templates.login(page), status: status)
        }
        let user: User
        do {
            user = try context.services.authentication.logIn(login: login, password: context.form["password"] ?? "",
                                                             from: context.clientAddress)
        } catch DomainError.invalid(let errors) {
            return again(errors, status: .ok)
        } catch DomainError.throttled(let seconds) {
            return ErrorPages.retryingAfter(seconds, again([FieldError("login", "Слишком много неудачных попыток входа. Повторите через \(seconds) с.")],
                                                           status: .tooManyRequests))
        } catch DomainError.busy(let seconds) {
            return ErrorPages.retryingAfter(seconds, again([FieldError("login", ErrorPages.busyMessage)], status: .serviceUnavailable))
        }
        // A new id at every login, and the session this browser held before (if any) ends with it.
        if let previous = Cookies.parse(context.request.headers)[OporaApp.sessionCookie] {
            try context.services.sessions.revoke(token: previous)
        }
        let opened = try context.services.sessions.open(for: user)
        return Responses.redirect(next)
            .settingCookie(Cookies.setCookie(name: OporaApp.sessionCookie, value: opened.token, maxAge: nil,
                                             secure: context.services.configuration.secureCookies))
    }
}

struct LoginPage: Sendable {
    var chrome: Chrome
    var login: String
    var next: String
    var errors: [FormErrorItem]
    var action = Paths.login
    var loginError: String? { errors.first { $0.field == "login" }?.message }
    var passwordError: String? { errors.first { $0.field == "password" }?.message }
}
