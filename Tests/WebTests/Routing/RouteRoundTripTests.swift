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

    @Test func typedRoutesExist() {
        #expect(Self.typedRoutes.count >= 5)
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
