/// User accounts: the list and its export, a new account, an account's card, deactivating, reactivating and a new
/// one-time password; the signed-in user's own account and password. `/accounts/new` and the exports come before
/// `/accounts/{id}`, which would match them too.
enum AccountRoute: AreaRoute {
    case list
    case export(ExportFormat)
    case new
    case create
    case card(Int64)
    case confirmDeactivate(Int64)
    case deactivate(Int64)
    case confirmReactivate(Int64)
    case reactivate(Int64)
    case confirmResetPassword(Int64)
    case resetPassword(Int64)
    case own
    case ownPassword
    case changeOwnPassword

    private static let listShapes: [RouteShape<Self>] =
        [.get("/accounts") { _ in .list }] + RouteShape<Self>.exports("/accounts") { _, format in .export(format) }

    private static let accountShapes: [RouteShape<Self>] = [
        .get("/accounts/new") { _ in .new },
        .post("/accounts") { _ in .create },
        .get("/accounts/{id}") { .card(try $0.id()) },
        .get("/accounts/{id}/deactivate") { .confirmDeactivate(try $0.id()) },
        .post("/accounts/{id}/deactivate") { .deactivate(try $0.id()) },
        .get("/accounts/{id}/reactivate") { .confirmReactivate(try $0.id()) },
        .post("/accounts/{id}/reactivate") { .reactivate(try $0.id()) },
        .get("/accounts/{id}/reset-password") { .confirmResetPassword(try $0.id()) },
        .post("/accounts/{id}/reset-password") { .resetPassword(try $0.id()) },
    ]

    private static let ownShapes: [RouteShape<Self>] = [
        .get("/account") { _ in .own },
        .get("/account/password") { _ in .ownPassword },
        .post("/account/password") { _ in .changeOwnPassword },
    ]

    static let shapes: [RouteShape<Self>] = listShapes + accountShapes + ownShapes

    var path: String {
        switch self {
        case .list, .create: "/accounts"
        case .export(let format): Paths.exportPattern(Self.list.path, format)
        case .new: "/accounts/new"
        case .card(let id): "/accounts/\(id)"
        case .confirmDeactivate(let id), .deactivate(let id): "/accounts/\(id)/deactivate"
        case .confirmReactivate(let id), .reactivate(let id): "/accounts/\(id)/reactivate"
        case .confirmResetPassword(let id), .resetPassword(let id): "/accounts/\(id)/reset-password"
        case .own: "/account"
        case .ownPassword, .changeOwnPassword: "/account/password"
        }
    }
}
