extension AccessMatrix {
    /// Accounts: the list for the region and municipal coordinators; changes for admins and the coordinator of the
    /// account's municipality (director Y is in municipality A); everyone's own password.
    static let accounts: [RouteExpectation] = [
        RouteExpectation("GET /accounts", allowed: [.admin, .regional, .municipalA, .municipalB]),
        RouteExpectation("GET /accounts/new", allowed: [.admin, .municipalA, .municipalB]),
        RouteExpectation("POST /accounts", allowed: Actor.managersOfA, form: { f in
            [("role", "director"), ("login", "matrix-director"), ("fullName", "Новикова Анна Петровна"), ("schoolId", "\(f.schoolY)")]
        }),
        RouteExpectation("GET /accounts/{id}", allowed: [.admin, .regional, .municipalA, .directorY],
                         parameters: { ["id": "\($0.directorY)"] }),
        RouteExpectation("GET /accounts/{id}/deactivate", allowed: Actor.managersOfA, parameters: { ["id": "\($0.directorY)"] }),
        RouteExpectation("POST /accounts/{id}/deactivate", allowed: Actor.managersOfA, parameters: { ["id": "\($0.directorY)"] }),
        RouteExpectation("GET /accounts/{id}/reactivate", allowed: Actor.managersOfA, parameters: { ["id": "\($0.directorY)"] }),
        RouteExpectation("POST /accounts/{id}/reactivate", allowed: Actor.managersOfA, parameters: { ["id": "\($0.directorY)"] }),
        RouteExpectation("GET /accounts/{id}/reset-password", allowed: Actor.managersOfA, parameters: { ["id": "\($0.curatorOther)"] }),
        RouteExpectation("POST /accounts/{id}/reset-password", allowed: Actor.managersOfA, parameters: { ["id": "\($0.curatorOther)"] }),
        RouteExpectation("GET /account", allowed: Actor.signedIn),
        RouteExpectation("GET /account/password", allowed: Actor.signedIn),
        RouteExpectation("POST /account/password", allowed: Actor.signedIn, form: { _ in
            [("currentPassword", "opora-demo"), ("newPassword", "новый-пароль-42"), ("newPasswordRepeat", "новый-пароль-42")]
        }),
    ]
}
