import Core

extension AccessMatrix {
    /// Mail (issue 14): an account's mail settings for its owner and whoever manages it; the signed unsubscribe
    /// link of a letter for anyone holding it, without login.
    static let mail: [RouteExpectation] = [
        RouteExpectation("POST /accounts/{id}/mail", allowed: Actor.managersOfA.union([.directorY]), parameters: { ["id": "\($0.directorY)"] },
                         form: { _ in [("email", "director-ku-02@school.example"), ("mailPreference", "immediate")] }),
        RouteExpectation("POST /account/mail", allowed: Actor.signedIn,
                         form: { _ in [("email", "me@school.example"), ("mailPreference", "none")] }),
        RouteExpectation("GET /unsubscribe/{id}/{signature}", allowed: Actor.everyone, parameters: { f in
            ["id": "\(f.directorY)", "signature": (try? MailUnsubscribe(database: f.database).signature(userId: f.directorY)) ?? ""]
        }),
        RouteExpectation("POST /unsubscribe/{id}/{signature}", allowed: Actor.everyone, parameters: { f in
            ["id": "\(f.directorY)", "signature": (try? MailUnsubscribe(database: f.database).signature(userId: f.directorY)) ?? ""]
        }),
    ]
}
