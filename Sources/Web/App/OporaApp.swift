import Core
import Foundation
import HTTPServer
import Logging

/// The web application: the server's handler. Decodes, checks access and CSRF, routes, renders errors.
public final class OporaApp: HTTPHandler {
    public static let sessionCookie = "opora_session"
    public static let csrfCookie = "opora_csrf"

    public let router: Router
    let services: Services
    let logger = Logger(label: "opora.web")

    public init(database: AppDatabase, configuration: WebConfiguration, hasher: PasswordHasher = PasswordHasher()) {
        services = Services(database: database, hasher: hasher, configuration: configuration)
        router = Router(routes: Self.routeTable)
    }

    /// Every route of the application, area by area. The authorization matrix test walks this list.
    public static let routeTable: [Route] =
        SystemController.routes + AuthController.routes + HomeRoutes.routes + WatchRuleRoutes.routes + SchoolController.routes
        + AccountController.routes + CalendarRoutes.routes + MailRoutes.routes
        + OrganisationRoutes.routes
        + VisitController.routes
        + IdentificationRoutes.routes
        + ResultRoutes.routes
        + ImportRoutes.routes
        + RiskProfileRoutes.routes
        + RoadmapRoutes.routes
        + ReportRoutes.routes
        + DocumentRoutes.routes
        + PracticeRoutes.routes
        + PupilsAtRiskRoutes.routes
        + NotificationRoutes.routes + AuditRoutes.routes
        + SummaryRoutes.routes
        + EventRoutes.routes + DecisionRoutes.routes + StaffRoutes.routes
        + PublicPageRoutes.routes
        + RolloverRoutes.routes

    public func bodyLimit(for head: HTTPRequestHead) -> Int {
        guard let segments = Router.segments(of: head.path),
              case .found(let route, _) = router.match(method: head.method, segments: segments)
        else { return 0 }
        return route.bodyLimit
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        var response = respond(request)
        SecurityHeaders.apply(to: &response)
        return response
    }

    public func errorResponse(_ status: HTTPStatus) -> HTTPResponse {
        var response = ErrorPages.render(status: status, chrome: Chrome.make(title: "", session: nil, csrf: "", current: nil))
        SecurityHeaders.apply(to: &response)
        return response
    }

    private func respond(_ request: HTTPRequest) -> HTTPResponse {
        let cookies = Cookies.parse(request.headers)
        let session = cookies[Self.sessionCookie].flatMap { try? services.sessions.current(token: $0) }
        let csrf = CSRFToken(session: session, cookie: cookies[Self.csrfCookie])
        let chrome = { (title: String) in Chrome.make(title: title, session: session, csrf: session?.csrfToken ?? "", current: nil).withInbox(self.services.database, session) }

        guard let segments = Router.segments(of: request.path) else {
            return ErrorPages.render(status: .badRequest, chrome: chrome("Ошибка в запросе"))
        }
        let route: Route, parameters: [String: String]
        switch router.match(method: request.method, segments: segments) {
        case .notFound:
            return ErrorPages.render(status: .notFound, chrome: chrome("Страница не найдена"))
        case .methodNotAllowed(let allowed):
            var response = ErrorPages.render(status: .methodNotAllowed, chrome: chrome("Метод не поддерживается"))
            response.headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return response
        case .found(let r, let p):
            route = r; parameters = p
        }

        if route.access == .signedIn && session == nil {
            if request.method == .get || request.method == .head {
                return Responses.redirect(Paths.login + "?next=" + PercentDecoding.encode(request.head.target), status: .found)
            }
            return Responses.redirect(Paths.login)
        }

        // A one-time password must be replaced before anything else (logging out still works).
        if let session, session.mustChangePassword, route.access == .signedIn, route.pattern.description != Paths.ownPassword {
            return Responses.redirect(Paths.ownPassword, status: request.method == .get || request.method == .head ? .found : .seeOther)
        }

        guard let query = FormData(query: request.query) else {
            return ErrorPages.render(status: .badRequest, chrome: chrome("Ошибка в запросе"))
        }
        var form = FormData()
        var files: [MultipartPart] = []
        if request.method != .get && request.method != .head {
            let contentType = request.headers["Content-Type"] ?? ""
            let type = contentType.lowercased()
            if route.multipart && type.hasPrefix("multipart/form-data") {
                switch Multipart.parse(body: request.bodyBytes(), contentType: contentType) {
                case .success(let parts):
                    var fields: [(name: String, value: String)] = []
                    for part in parts {
                        if part.fileName != nil { files.append(part); continue }
                        guard let text = part.text else {
                            return ErrorPages.render(status: .badRequest, chrome: chrome("Ошибка в запросе"),
                                                     message: "Форма пришла в неожиданном виде. Обновите страницу и отправьте её ещё раз.")
                        }
                        fields.append((part.name, text))
                    }
                    form = FormData(fields: fields)
                case .failure:
                    return ErrorPages.render(status: .badRequest, chrome: chrome("Ошибка в запросе"),
                                             message: "Файл пришёл повреждённым или не полностью. Выберите файл и отправьте форму ещё раз.")
                }
            } else {
                guard type.hasPrefix("application/x-www-form-urlencoded"), let decoded = FormData(urlEncoded: request.bodyBytes()) else {
                    return ErrorPages.render(status: .badRequest, chrome: chrome("Ошибка в запросе"),
                                             message: "Форма пришла в неожиданном виде. Обновите страницу и отправьте её ещё раз.")
                }
                form = decoded
            }
            guard !route.checksCSRF || form["_csrf"].map({ sent in csrf.existing.map { constantTimeEquals(sent, $0) } ?? false }) == true else {
                return ErrorPages.render(status: .forbidden, chrome: chrome("Форма устарела"),
                                         message: "Форма устарела или открыта в другом окне. Обновите страницу и отправьте её ещё раз.")
            }
        }

        var context = RequestContext(request: request, parameters: parameters, query: query, form: form,
                                     session: session, csrf: csrf, services: services)
        context.files = files
        var response: HTTPResponse
        do {
            response = try route.handler(context)
        } catch let error as DomainError {
            response = ErrorPages.render(error, chrome: chrome(""))
        } catch {
            if let failure = StorageFailure.classify(error) {
                logger.error("\(request.method) \(LoggedPath.redacting(request.path)): storage unavailable (\(failure.rawValue)): \(String(describing: error))")
                response = ErrorPages.storageUnavailable(request, chrome: chrome(""))
            } else {
                logger.error("\(request.method) \(LoggedPath.redacting(request.path)): \(String(describing: error))")
                response = ErrorPages.render(status: .internalServerError, chrome: chrome("Ошибка"))
            }
        }
        if let issued = csrf.issued {
            response.headers.add("Set-Cookie", Cookies.setCookie(name: Self.csrfCookie, value: issued, maxAge: nil,
                                                                 secure: services.configuration.secureCookies))
        }
        return response
    }
}
