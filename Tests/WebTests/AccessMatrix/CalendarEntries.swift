@testable import Core
import GRDB

/// The calendar feed (issue 14): the secret link opens the feed for anyone holding it, signed in or not; issuing a
/// link is everyone's own.
extension AccessMatrix {
    static let calendar: [RouteExpectation] = [
        RouteExpectation("GET /calendar/{token}.ics", allowed: Actor.everyone, parameters: { f in
            let director = try? f.database.read { try User.filter(Column("login") == "director-ku").fetchOne($0) }
            let issued = try? CalendarFeeds(database: f.database).issue(Scope(director!))
            return ["token": issued?.token ?? "missing"]
        }),
        RouteExpectation("GET /account/calendar", allowed: Actor.signedIn),
        RouteExpectation("POST /account/calendar", allowed: Actor.signedIn),
    ]
}
