import HTTPServer

/// All routes of the application, gathered from the route table of each area.
public struct Router: Sendable {
    public let routes: [Route]
    /// Routes by their first path segment, in table order, so a request is matched against its area's routes only.
    private let byFirstSegment: [String: [Route]]
    /// Routes whose first segment is a parameter (none today) and the root.
    private let unindexed: [Route]

    init(routes: [Route]) {
        self.routes = routes
        var index: [String: [Route]] = [:], rest: [Route] = []
        for route in routes {
            if case .literal(let first)? = route.pattern.segments.first { index[first, default: []].append(route) } else { rest.append(route) }
        }
        byFirstSegment = index
        unindexed = rest
    }

    enum Match {
        case found(Route, [String: String])
        case methodNotAllowed([HTTPMethod])
        case notFound
    }

    func match(method: HTTPMethod, segments: [String]) -> Match {
        var allowed: [HTTPMethod] = []
        for route in (segments.first.flatMap { byFirstSegment[$0] } ?? []) + unindexed {
            guard let parameters = route.pattern.match(segments) else { continue }
            if route.method == method || (method == .head && route.method == .get) {
                return .found(route, parameters)
            }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }

    /// Splits a raw path into decoded segments; nil for malformed paths.
    static func segments(of rawPath: String) -> [String]? {
        guard rawPath.utf8.first == UInt8(ascii: "/") else { return nil }
        var result: [String] = []
        for part in rawPath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            // A decoded segment may not hide a NUL or a slash (no traversal through %2F).
            guard let decoded = PercentDecoding.decode(part, plusAsSpace: false),
                  !decoded.utf8.contains(0), !decoded.utf8.contains(UInt8(ascii: "/")) else { return nil }
            result.append(decoded)
        }
        return result
    }
}
