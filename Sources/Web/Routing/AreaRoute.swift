import Core
import HTTPServer

/// The typed URLs of one area, the Point-Free way: each page or action is one value; `shapes` parse a request into
/// it and `path` prints its link, so a link is made from the same value the router hands to the controller.
/// `RouteRoundTripTests` fills every shape's parameters, parses, prints and checks that the same URL comes back.
protocol AreaRoute: Hashable, Sendable {
    /// Every method × path pattern of the area, with the value it names.
    static var shapes: [RouteShape<Self>] { get }
    /// The path this value links to (without a query).
    var path: String { get }
}

extension AreaRoute {
    /// The path with a query of the non-empty items: `/schools/7/reports?year=2024`.
    func path(query items: [(String, String?)]) -> String { Paths.withQuery(path, items) }

    /// The area's routes, each parsed into the area's value and handed to `controller`.
    static func routes(_ controller: @escaping @Sendable (Self, RequestContext) throws -> HTTPResponse) -> [Route] {
        shapes.map { shape in
            Route(shape.method, shape.pattern, access: shape.access, bodyLimit: shape.bodyLimit, multipart: shape.multipart,
                  checksCSRF: shape.checksCSRF, parse: { parameters in try shape.make(parameters) }) { context in
                try controller(try shape.make(context.pathParameters), context)
            }
        }
    }
}

/// One method and path pattern of an area's route, and how its matched parameters make the route's value.
struct RouteShape<Value: AreaRoute>: Sendable {
    let method: HTTPMethod
    let pattern: String
    var access: RouteAccess = .signedIn
    var bodyLimit: Int = Limits.form
    var multipart = false
    var checksCSRF = true
    let make: @Sendable (PathParameters) throws -> Value

    static func get(_ pattern: String, access: RouteAccess = .signedIn, _ make: @escaping @Sendable (PathParameters) throws -> Value) -> Self {
        Self(method: .get, pattern: pattern, access: access, make: make)
    }

    static func post(_ pattern: String, access: RouteAccess = .signedIn, bodyLimit: Int = Limits.form, multipart: Bool = false,
                     checksCSRF: Bool = true, _ make: @escaping @Sendable (PathParameters) throws -> Value) -> Self {
        Self(method: .post, pattern: pattern, access: access, bodyLimit: bodyLimit, multipart: multipart, checksCSRF: checksCSRF, make: make)
    }

    /// `GET <pattern>/export.csv` and `GET <pattern>/export.xlsx` of a list page.
    static func exports(_ listPattern: String, _ make: @escaping @Sendable (PathParameters, ExportFormat) throws -> Value) -> [Self] {
        ExportFormat.allCases.map { format in .get(Paths.exportPattern(listPattern, format)) { try make($0, format) } }
    }
}

/// The named parameters a path pattern matched, read as the types the route's value holds.
struct PathParameters: Sendable {
    let values: [String: String]

    /// A positive integer id; anything else is a 404, as no such page exists.
    func id(_ name: String = "id") throws -> Int64 {
        guard let text = values[name], let value = Int64(text), value > 0 else { throw DomainError.notFound }
        return value
    }

    /// An integer such as a year in the path; anything else is a 404.
    func int(_ name: String) throws -> Int {
        guard let text = values[name], let value = Int(text) else { throw DomainError.notFound }
        return value
    }

    /// A text segment (tokens, file names), already percent-decoded.
    func text(_ name: String) throws -> String {
        guard let value = values[name], !value.isEmpty else { throw DomainError.notFound }
        return value
    }
}
