import HTTPServer

/// Who may reach a route at all; finer decisions are the domain `Policy`'s.
public enum RouteAccess: Sendable {
    /// Anyone, signed in or not (login page, health check, static files).
    case anonymous
    /// Any signed-in user; the handler's domain call checks the scope.
    case signedIn
}

public struct Route: Sendable {
    public let method: HTTPMethod
    public let pattern: RoutePattern
    public let access: RouteAccess
    /// Largest accepted body in bytes.
    public let bodyLimit: Int
    /// Accepts `multipart/form-data` (file uploads, body limit `Limits.upload`) besides urlencoded forms.
    public let multipart: Bool
    /// Checks the form's CSRF token; off only where a signed link is the permission (one-click unsubscribe, RFC 8058).
    public let checksCSRF: Bool
    let handler: @Sendable (RequestContext) throws -> HTTPResponse
    /// The typed value a match names (areas with an `AreaRoute`); tests print it back to check the round trip.
    let parse: (@Sendable ([String: String]) throws -> any AreaRoute)?

    /// `GET /schools/{id}`: names the route in tests and logs.
    public var key: String { "\(method.rawValue) \(pattern.description)" }

    init(_ method: HTTPMethod, _ pattern: String, access: RouteAccess = .signedIn, bodyLimit: Int = Limits.form,
         multipart: Bool = false, checksCSRF: Bool = true, parse: (@Sendable (PathParameters) throws -> any AreaRoute)? = nil,
         _ handler: @escaping @Sendable (RequestContext) throws -> HTTPResponse) {
        self.method = method
        self.checksCSRF = checksCSRF
        self.pattern = RoutePattern(pattern)
        self.access = access
        self.multipart = multipart
        self.bodyLimit = method == .get || method == .head ? 0 : (multipart ? max(bodyLimit, Limits.upload) : bodyLimit)
        self.handler = handler
        if let parse {
            self.parse = { @Sendable values in try parse(PathParameters(values: values)) }
        } else {
            self.parse = nil
        }
    }
}

public enum Limits {
    public static let form = 1 << 20
    public static let upload = 25 << 20
}

/// `/schools/{id}`: literal segments and named integer or text parameters.
public struct RoutePattern: Sendable, CustomStringConvertible {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        /// A parameter followed by a fixed ending: `{token}.ics`.
        case parameterWithSuffix(String, String)
        /// The rest of the path (static files).
        case rest(String)
    }
    public let segments: [Segment]
    public let description: String

    init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/").map { part in
            if part.hasPrefix("{") && part.hasSuffix("...}") { return .rest(String(part.dropFirst().dropLast(4))) }
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            if part.hasPrefix("{"), let close = part.firstIndex(of: "}") {
                return .parameterWithSuffix(String(part[part.index(after: part.startIndex)..<close]), String(part[part.index(after: close)...]))
            }
            return .literal(String(part))
        }
    }

    /// Parameters when `path` segments (already decoded) match.
    func match(_ path: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var index = 0
        for segment in segments {
            switch segment {
            case .literal(let text):
                guard index < path.count, path[index] == text else { return nil }
            case .parameter(let name):
                guard index < path.count, !path[index].isEmpty else { return nil }
                parameters[name] = path[index]
            case .parameterWithSuffix(let name, let suffix):
                guard index < path.count, path[index].count > suffix.count, path[index].hasSuffix(suffix) else { return nil }
                parameters[name] = String(path[index].dropLast(suffix.count))
            case .rest(let name):
                guard index < path.count else { return nil }
                parameters[name] = path[index...].joined(separator: "/")
                return parameters
            }
            index += 1
        }
        return index == path.count ? parameters : nil
    }
}
