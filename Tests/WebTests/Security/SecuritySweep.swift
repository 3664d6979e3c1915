@testable import Core
import Foundation
import GRDB
import HTTPServer
import Web

/// What the security sweeps share: they are driven by `OporaApp.routeTable` and the access matrix's entries, so a
/// route added by any area is swept with no code of its own.
enum SecuritySweep {
    /// Every state-changing route (anything but GET and HEAD).
    static let writes: [String] = OporaApp.routeTable.filter { $0.method != .get && $0.method != .head && $0.checksCSRF }.map(\.key)
    /// Writes that take no CSRF token: only a letter's signed unsubscribe link (RFC 8058 one-click posts without a page).
    static let writesWithoutToken: Set<String> = Set(OporaApp.routeTable.filter { $0.method != .get && $0.method != .head && !$0.checksCSRF }.map(\.key))
    /// Every page-like route.
    static let reads: [String] = OporaApp.routeTable.filter { $0.method == .get }.map(\.key)

    static func expectation(_ key: String) -> RouteExpectation? { AccessMatrix.entries.first { $0.key == key } }

    static func route(_ key: String) -> Route? { OporaApp.routeTable.first { $0.key == key } }

    /// The signed-in actor a route is tried as: the narrowest scope first (a coordinator or a director rather than
    /// the administrator), so the sweep sees what ordinary users see.
    static let preference: [Actor] = [.municipalA, .directorX, .curatorAssigned, .regional, .municipalB,
                                      .curatorOther, .directorY, .admin]

    static func signedInActor(for expectation: RouteExpectation) -> Actor? {
        preference.first { expectation.allowed.contains($0) }
    }

    /// The actors a write is tried as: one signed-in user allowed to do it, and a visitor when visitors may.
    static func actors(for expectation: RouteExpectation) -> [Actor] {
        var actors: [Actor] = []
        if expectation.allowed.contains(.anonymous) { actors.append(.anonymous) }
        if let actor = signedInActor(for: expectation) { actors.append(actor) }
        return actors
    }

    /// A client of `actor` (a visitor has been to the login page, so holds a CSRF cookie) and its CSRF token.
    static func client(_ app: TestApp, as actor: Actor) throws -> (TestClient, String) {
        let client = app.client()
        if let login = actor.login { try client.logIn(login) }
        let token = try client.get(actor.login == nil ? "/login" : "/").csrf ?? ""
        return (client, token)
    }
}

/// The database fingerprint of the matrix plus what it leaves out on purpose: sessions (opened, revoked) and the
/// login throttle, so a refused login or logout is seen to change nothing either.
enum StrictFingerprint {
    static func of(_ database: AppDatabase) throws -> String {
        let rest = try DatabaseFingerprint.of(database)
        return try database.read { db in
            let sessions = try Row.fetchAll(db, sql: "SELECT tokenHash, userId, csrfToken, revokedAt FROM session ORDER BY tokenHash")
            let throttle = try Row.fetchAll(db, sql: "SELECT * FROM loginThrottle ORDER BY key")
            return rest + "session:\(sessions.map(\.description).joined());loginThrottle:\(throttle.map(\.description).joined())"
        }
    }
}

/// Hostile text for form fields, each carrying a marker so the page that shows it can be found.
enum XSSPayload {
    /// All the HTML shapes at once: attribute break-out, an image with onerror, an SVG with onload, a script.
    static func html(_ marker: String) -> String {
        "\(marker)\"'><img src=x onerror=alert('\(marker)')><svg onload=alert('\(marker)')><script>alert('\(marker)')</script>"
    }

    /// For fields that hold links.
    static func url(_ marker: String) -> String { "javascript:alert('\(marker)')" }

    /// What must never appear in HTML as written: each would be live markup.
    static let liveShapes = ["<img src=x", "<svg onload", "<script>alert", "\"'><img", "'><img"]

    /// Problems in one HTML page: live payload markup, or a `javascript:` link or source.
    static func problems(in html: String) -> [String] {
        var found: [String] = []
        for shape in liveShapes where html.contains(shape) {
            found.append("live markup «\(shape)»")
        }
        let lower = html.lowercased()
        for attribute in ["href", "src", "action", "formaction", "xlink:href"] {
            for quote in ["\"", "'", ""] where lower.contains("\(attribute)=\(quote)javascript:") || lower.contains("\(attribute)=\(quote) javascript:") {
                found.append("a javascript: URL in \(attribute)")
            }
        }
        return found
    }

    /// Markers that appear escaped in the page (the payload was stored or echoed and shown as text).
    static func escapedMarkers(in html: String, among markers: [String]) -> Set<String> {
        Set(markers.filter { html.contains("\($0)&quot;&#39;&gt;&lt;img") || html.contains("\($0)&quot;&#x27;&gt;&lt;img")
            || html.contains("\($0)&#34;&#39;&gt;&lt;img") || html.contains("javascript:alert(&#39;\($0)&#39;)") })
    }
}
