/// What the server itself answers, to anyone: the health check for the load balancer, the static files and the
/// favicon browsers ask for at the root.
enum SystemRoute: AreaRoute {
    case health
    /// A file under `Public/` (`opora.css`); the name may hold slashes.
    case asset(String)
    case favicon

    static let shapes: [RouteShape<Self>] = [
        .get("/healthz", access: .anonymous) { _ in .health },
        .get("/static/{path...}", access: .anonymous) { .asset(try $0.text("path")) },
        .get("/favicon.ico", access: .anonymous) { _ in .favicon },
    ]

    var path: String {
        switch self {
        case .health: "/healthz"
        case .asset(let name): "/static/\(name)"
        case .favicon: "/favicon.ico"
        }
    }
}
