import HTTPServer
import Testing
@testable import Web

/// Every typed route prints the URL it was parsed from, and no two shapes of an area name the same value — so a link
/// made from a route value always reaches the action the router hands that value to.
@Suite struct RouteRoundTripTests {
    /// The pattern with every parameter filled: `/schools/{id}/visits/new` → `/schools/7/visits/new`.
    static func filled(_ pattern: RoutePattern) -> (path: String, values: [String: String]) {
        var values: [String: String] = [:]
        let parts = pattern.segments.map { segment -> String in
            switch segment {
            case .literal(let text): return text
            case .parameter(let name): values[name] = "7"; return "7"
            case .parameterWithSuffix(let name, let suffix): values[name] = "7"; return "7" + suffix
            case .rest(let name): values[name] = "a/b"; return "a/b"
            }
        }
        return ("/" + parts.joined(separator: "/"), values)
    }

    static var typedRoutes: [Route] { OporaApp.routeTable.filter { $0.parse != nil } }

    /// Every area's route type, by the keys of its shapes: each is in the application's table as a typed route.
    static let areas: [(name: String, keys: [String])] = [
        ("Visits", keys(VisitRoute.self)),
        ("Schools", keys(SchoolRoute.self)),
        ("Accounts", keys(AccountRoute.self)),
        ("Auth", keys(AuthRoute.self)),
        ("System", keys(SystemRoute.self)),
    ]

    static func keys<Area: AreaRoute>(_ area: Area.Type) -> [String] {
        Area.shapes.map { "\($0.method.rawValue) \($0.pattern)" }
    }

    @Test func typedRoutesExist() {
        #expect(Self.typedRoutes.count >= 5)
    }

    @Test(arguments: areas.map(\.name))
    func everyShapeOfTheAreaIsATypedRoute(area: String) throws {
        let keys = try #require(Self.areas.first { $0.name == area }).keys
        #expect(!keys.isEmpty)
        let typed = Set(Self.typedRoutes.map(\.key))
        for key in keys { #expect(typed.contains(key), "\(key) of \(area) is not routed through its route type") }
    }

    /// The printed URL reaches the route it was parsed from, not an earlier pattern that also matches it
    /// (`/schools/new` is not the card of a school «new»).
    @Test(arguments: typedRoutes.map(\.key))
    func printedURLReachesItsRoute(key: String) throws {
        let route = try #require(OporaApp.routeTable.first { $0.key == key })
        let value = try #require(try route.parse?(Self.filled(route.pattern).values))
        let segments = try #require(Router.segments(of: value.path))
        guard case .found(let reached, _) = Router(routes: OporaApp.routeTable).match(method: route.method, segments: segments) else {
            Issue.record("\(value.path) reaches no route"); return
        }
        #expect(reached.key == key, "\(value) prints \(value.path), which reaches \(reached.key)")
    }

    @Test(arguments: typedRoutes.map(\.key))
    func printsTheURLItParsed(key: String) throws {
        let route = try #require(OporaApp.routeTable.first { $0.key == key })
        let (path, values) = Self.filled(route.pattern)
        let value = try #require(try route.parse?(values))
        #expect(value.path == path, "\(key) parses into \(value), which prints \(value.path)")
    }

    @Test func noTwoShapesNameTheSameValue() throws {
        var seen: [AnyHashable: String] = [:]
        for route in Self.typedRoutes {
            let value = try #require(try route.parse?(Self.filled(route.pattern).values))
            let key = AnyHashable(value)
            #expect(seen[key] == nil, "\(route.key) and \(seen[key] ?? "") both name \(value)")
            seen[key] = route.key
        }
    }
}
