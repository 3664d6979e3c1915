import Foundation

/// What the matrix expects of one route: how to fill it and who may use it.
struct RouteExpectation: Sendable {
    let key: String
    let allowed: Set<Actor>
    let parameters: @Sendable (Fixture) -> [String: String]
    let form: @Sendable (Fixture) -> [(String, String)]

    init(_ key: String, allowed: Set<Actor>,
         parameters: @escaping @Sendable (Fixture) -> [String: String] = { _ in [:] },
         form: @escaping @Sendable (Fixture) -> [(String, String)] = { _ in [] }) {
        self.key = key; self.allowed = allowed; self.parameters = parameters; self.form = form
    }

    var method: String { String(key.split(separator: " ")[0]) }

    func path(_ fixture: Fixture) -> String {
        var path = String(key.split(separator: " ")[1])
        for (name, value) in parameters(fixture) {
            path = path.replacingOccurrences(of: "{\(name)...}", with: value).replacingOccurrences(of: "{\(name)}", with: value)
        }
        return path
    }
}
