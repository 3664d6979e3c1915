/// Signing in and out. All three are open to visitors: the login page, its form, and logging out (which also ends a
/// session that has expired meanwhile).
enum AuthRoute: AreaRoute {
    case login
    case logIn
    case logout

    static let shapes: [RouteShape<Self>] = [
        .get("/login", access: .anonymous) { _ in .login },
        .post("/login", access: .anonymous) { _ in .logIn },
        .post("/logout", access: .anonymous) { _ in .logout },
    ]

    var path: String {
        switch self {
        case .login, .logIn: "/login"
        case .logout: "/logout"
        }
    }
}
