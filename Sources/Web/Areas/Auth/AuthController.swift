import Core
import HTTPServer

/// Signing in (a new session id at every login, throttled by address and login) and out.
enum AuthController {
    static let routes = AuthRoute.routes(handle)

    static func handle(_ route: AuthRoute, _ context: RequestContext) throws -> HTTPResponse {
        switch route {
        case .login: try login(context)
        case .logIn: try logIn(context)
        case .logout: try logout(context)
        }
    }

    /// `/login?next=/schools/7`: where to go once signed in (checked by `SafeRedirect`).
    struct LoginQuery: Decodable {
        var next: String
    }

    /// The login form's fields.
    struct LoginForm: Decodable {
        var login: String
        var password: String
        var next: String
    }

    static func login(_ context: RequestContext) throws -> HTTPResponse {
        let next = SafeRedirect.path(try context.query.decode(LoginQuery.self).next)
        if context.session != nil { return Responses.redirect(next, status: .found) }
        return Responses.html(Templates.login(LoginPage(chrome: context.chrome(title: "Вход"), login: "", next: next, errors: [])))
    }

    static func logIn(_ context: RequestContext) throws -> HTTPResponse {
        let form = try context.form.decode(LoginForm.self)
        let next = SafeRedirect.path(form.next)
        func again(_ errors: [FieldError], status: HTTPStatus) -> HTTPResponse {
            // An over-long login is shown back cut to the limit, not echoed whole.
            let page = LoginPage(chrome: context.chrome(title: "Вход"), login: String(form.login.prefix(Authentication.maximumLoginLength)),
                                 next: next, errors: errors.map { FormErrorItem(field: $0.field, message: $0.message) })
            return Responses.html(Templates.login(page), status: status)
        }
        let user: User
        do {
            user = try context.services.authentication.logIn(login: form.login, password: form.password, from: context.clientAddress)
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

    static func logout(_ context: RequestContext) throws -> HTTPResponse {
        if let token = Cookies.parse(context.request.headers)[OporaApp.sessionCookie] {
            try context.services.sessions.revoke(token: token)
        }
        return Responses.redirect(AuthRoute.login.path)
            .settingCookie(Cookies.setCookie(name: OporaApp.sessionCookie, value: "", maxAge: 0,
                                             secure: context.services.configuration.secureCookies))
    }
}

struct LoginPage: Sendable {
    var chrome: Chrome
    var login: String
    var next: String
    var errors: [FormErrorItem]
    var action = AuthRoute.logIn.path
    var loginError: String? { errors.first { $0.field == "login" }?.message }
    var passwordError: String? { errors.first { $0.field == "password" }?.message }
}
