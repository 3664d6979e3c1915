import HTTPServer

/// The health check and the static files.
enum SystemController {
    static let routes = SystemRoute.routes(handle)

    static func handle(_ route: SystemRoute, _ context: RequestContext) throws -> HTTPResponse {
        switch route {
        case .health:
            context.services.health.isHealthy()
                ? Responses.text("ok")
                : Responses.text("database unavailable", status: .serviceUnavailable)
        case .asset(let name): context.services.staticFiles.response(for: name, headers: context.request.headers)
        case .favicon: context.services.staticFiles.response(for: "favicon.svg", headers: context.request.headers)
        }
    }
}
