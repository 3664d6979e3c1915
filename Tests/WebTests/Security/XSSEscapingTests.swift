import Core
import Foundation
import Testing
import Web

/// Every form field the access matrix knows, on every state-changing route, receives hostile text; the answer to the
/// post, the page it leads to, the route's own page and the pages these link to show it as inert text.
/// (The browser sweep, Tests/Browser/journeys_security.py, does the same through the real forms and the DOM.)
@Suite struct XSSEscapingTests {
    /// Writes whose matrix entry posts form fields.
    static let formWrites: [String] = {
        do {
            let app = try TestApp(workingCycle: false)
            let fixture = try Fixture(app)
            return SecuritySweep.writes.filter { key in
                guard let expectation = SecuritySweep.expectation(key) else { return false }
                return expectation.form(fixture).contains { $0.0 != "_csrf" }
            }
        } catch {
            fatalError("cannot list the forms of the access matrix: \(error)")
        }
    }()

    @Test func thereAreFormsToSweep() {
        #expect(Self.formWrites.count >= 10, "too few forms to sweep: \(Self.formWrites)")
    }

    @Test(arguments: formWrites)
    func storedAndEchoedTextIsShownInert(_ key: String) throws {
        let expectation = try #require(SecuritySweep.expectation(key))
        let route = try #require(SecuritySweep.route(key))
        let actor: Actor = route.access == .anonymous && expectation.allowed.contains(.anonymous)
            ? .anonymous : try #require(SecuritySweep.signedInActor(for: expectation))
        let app = try TestApp(workingCycle: false)
        let fixture = try Fixture(app)
        let path = expectation.path(fixture)
        let form = expectation.form(fixture)
        let (client, token) = try SecuritySweep.client(app, as: actor)

        var markers: [String] = []
        var seen = Set<String>()
        var pages: [String] = ["/"]
        if SecuritySweep.reads.contains("GET \(route.pattern.description)") { pages.append(path) }
        func inspect(_ response: TestClient.Response, _ what: String) {
            guard (response.header("Content-Type") ?? "").hasPrefix("text/html") else { return }
            for problem in XSSPayload.problems(in: response.text) {
                Issue.record("\(key) as \(actor), \(what): \(problem)")
            }
            seen.formUnion(XSSPayload.escapedMarkers(in: response.text, among: markers))
        }
        for (index, field) in form.enumerated() where field.0 != "_csrf" {
            for (kind, payload) in [("h", XSSPayload.html), ("u", XSSPayload.url)] {
                let marker = "xss\(index)\(kind)\(UUID().uuidString.prefix(4).lowercased())"
                markers.append(marker)
                var hostile = form
                hostile[index].1 = payload(marker)
                let response = try client.post(path, form: [("_csrf", token)] + hostile)
                #expect(response.status < 500, "\(key) as \(actor), field \(field.0): \(response.status)")
                inspect(response, "the answer to field \(field.0)")
                if [302, 303].contains(response.status), let location = response.header("Location"),
                   location.hasPrefix("/"), !location.hasPrefix("//"), !pages.contains(location) {
                    pages.append(location)
                }
            }
        }
        // The pages that show what was stored, and one step further: where their links lead.
        var visited = Set<String>()
        var queue = pages
        while !queue.isEmpty, visited.count < 40 {
            let page = queue.removeFirst()
            guard visited.insert(page).inserted else { continue }
            let response = try client.get(page)
            inspect(response, "page \(page)")
            if pages.contains(page) {
                for link in Self.links(in: response.text) where !visited.contains(link) && !queue.contains(link) {
                    queue.append(link)
                }
            }
        }
        // Free text (anything not a plain ASCII code, id or date) must have come back somewhere, or nothing was tested.
        let freeText = form.contains { field in field.1.unicodeScalars.contains { $0.value > 127 || $0 == " " } }
        if freeText {
            #expect(!seen.isEmpty, "\(key) as \(actor): no payload was shown anywhere (looked at \(visited.sorted()))")
        }
    }

    /// Local links of a page that lead to pages (not downloads, static files or other hosts).
    static func links(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "href=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let link = rest[..<end].replacingOccurrences(of: "&amp;", with: "&")
            rest = rest[end...]
            guard link.hasPrefix("/"), !link.hasPrefix("//"), !link.hasPrefix("/static/"),
                  !link.contains("download"), !link.hasSuffix(".csv"), !link.hasSuffix(".xlsx"),
                  !link.contains("format=csv"), !link.contains("format=xlsx"), !found.contains(link)
            else { continue }
            found.append(link)
        }
        return found
    }
}
