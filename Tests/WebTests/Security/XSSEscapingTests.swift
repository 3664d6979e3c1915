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
        var accepted = false
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
                if let location = response.header("Location") {
                    // Hostile text in a field such as `return` must not lead the browser off the site.
                    #expect(LocalRedirect.isLocal(location), "\(key) as \(actor), field \(field.0): redirected to \(location.debugDescription)")
                    let page = String(location.split(separator: "#", omittingEmptySubsequences: false)[0])
                    if LocalRedirect.isLocal(location), !page.hasPrefix("/login"), !pages.contains(page) { pages.append(page) }
                    accepted = accepted || response.status == 303
                }
            }
        }
        // The pages that show what was stored: the answers' targets, then a crawl that follows first the links naming
        // the rows the route touched (ids in its path and form, the fixture's schools and municipalities).
        var interesting = Set(path.split(separator: "/").map(String.init).filter { Int($0) != nil })
        interesting.formUnion(form.map(\.1).filter { Int($0) != nil })
        interesting.formUnion([fixture.schoolX, fixture.schoolY, fixture.municipalityA, fixture.curatorAssigned].map { "\($0)" })
        let visited = try Self.crawl(client, from: pages, interesting: interesting, limit: 60) { page, response in
            inspect(response, "page \(page)")
        }
        // Free text (not a plain ASCII code, id or date; not a password) that was accepted must show up somewhere,
        // or nothing was tested.
        let freeText = form.contains { field in
            !field.0.lowercased().contains("password") && field.1.unicodeScalars.contains { $0.value > 127 || $0 == " " }
        }
        if freeText && accepted {
            #expect(!seen.isEmpty, "\(key) as \(actor): no payload was shown anywhere (looked at \(visited))")
        }
    }

    /// Visits pages breadth-first from `start`, preferring links that name an `interesting` id, at most three pages
    /// of one shape (`/schools/N`), up to `limit` pages and three links deep.
    static func crawl(_ client: TestClient, from start: [String], interesting: Set<String>, limit: Int,
                      _ visit: (String, TestClient.Response) -> Void) throws -> [String] {
        func shape(_ link: String) -> String {
            String(link.split(separator: "?")[0].map { $0.isNumber ? "N" : $0 }).replacingOccurrences(of: "NN", with: "N")
        }
        func score(_ link: String) -> Int {
            link.split(separator: "?")[0].split(separator: "/").filter { interesting.contains(String($0)) }.count
        }
        var visited: [String] = []
        var shapes: [String: Int] = [:]
        var queue = start.map { (link: $0, depth: 0) }
        while !queue.isEmpty, visited.count < limit {
            let best = queue.indices.max { a, b in
                (queue[a].depth == 0 ? 1 : 0, score(queue[a].link), -queue[a].depth) < (queue[b].depth == 0 ? 1 : 0, score(queue[b].link), -queue[b].depth)
            }!
            let (link, depth) = queue.remove(at: best)
            guard !visited.contains(link) else { continue }
            if depth > 0 && score(link) == 0 {
                guard shapes[shape(link), default: 0] < 3 else { continue }
            }
            shapes[shape(link), default: 0] += 1
            visited.append(link)
            let response = try client.get(link)
            visit(link, response)
            guard depth < 3, (response.header("Content-Type") ?? "").hasPrefix("text/html") else { continue }
            for next in links(in: response.text) where !visited.contains(next) && !queue.contains(where: { $0.link == next }) {
                queue.append((next, depth + 1))
            }
        }
        return visited
    }

    /// Local links of a page that lead to pages (not downloads, static files or other hosts).
    static func links(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "href=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let link = String(rest[..<end].replacingOccurrences(of: "&amp;", with: "&").split(separator: "#", omittingEmptySubsequences: false)[0])
            rest = rest[end...]
            guard link.hasPrefix("/"), !link.hasPrefix("//"), !link.hasPrefix("/login"), !link.hasPrefix("/static/"),
                  !link.contains("download"), !link.hasSuffix(".csv"), !link.hasSuffix(".xlsx"),
                  !link.contains("format=csv"), !link.contains("format=xlsx"), !found.contains(link)
            else { continue }
            found.append(link)
        }
        return found
    }
}
