import Core
import Foundation
import Testing
import Web

/// Every state-changing route of `OporaApp.routeTable`, tried as an actor allowed to use it with the matrix's form
/// values, is refused (403) and changes nothing without the session's own CSRF token.
@Suite struct CSRFSweepTests {
    @Test func theSweepCoversEveryWrite() {
        #expect(SecuritySweep.writes.count >= 10, "the route table has too few writes to sweep: \(SecuritySweep.writes.count)")
        for key in SecuritySweep.writes {
            let expectation = SecuritySweep.expectation(key)
            #expect(expectation != nil, "\(key) has no access-matrix entry, so the CSRF sweep cannot fill it")
            if let expectation { #expect(!SecuritySweep.actors(for: expectation).isEmpty, "\(key): nobody may use it") }
        }
    }

    @Test func onlyTheSignedUnsubscribeLinkTakesNoToken() {
        #expect(SecuritySweep.writesWithoutToken == ["POST /unsubscribe/{id}/{signature}"])
    }

    @Test(arguments: SecuritySweep.writes)
    func refusedWithoutTheSessionsOwnToken(_ key: String) throws {
        let expectation = try #require(SecuritySweep.expectation(key))
        let app = try TestApp(workingCycle: false)
        let fixture = try Fixture(app)
        let path = expectation.path(fixture)
        let form = expectation.form(fixture)
        let separator = path.contains("?") ? "&" : "?"

        // Everyone signs in first (logins write), then every refused attempt runs inside one fingerprint.
        struct Party { let actor: Actor; let victim: TestClient; let own: String; let foreign: String; let visitor: String }
        var parties: [Party] = []
        for actor in SecuritySweep.actors(for: expectation) {
            let (victim, own) = try SecuritySweep.client(app, as: actor)
            // Another session: the same person signed in elsewhere (or another visitor), whose page holds a valid token.
            let (_, foreign) = try SecuritySweep.client(app, as: actor)
            let visitor = try SecuritySweep.client(app, as: .anonymous).1
            #expect(!own.isEmpty && !foreign.isEmpty && own != foreign, "\(key) as \(actor): no distinct tokens to try")
            parties.append(Party(actor: actor, victim: victim, own: own, foreign: foreign, visitor: visitor))
        }
        let before = try StrictFingerprint.of(app.database)
        for party in parties {
            let (actor, victim, own) = (party.actor, party.victim, party.own)
            var attempts: [(what: String, path: String, form: [(String, String)])] = [
                ("no token", path, form),
                ("an empty token", path, [("_csrf", "")] + form),
                ("the token of another session", path, [("_csrf", party.foreign)] + form),
                ("the token in the URL instead of the form", path + separator + "_csrf=" + own, form),
                ("a token one character off", path, [("_csrf", String(own.dropLast()) + (own.hasSuffix("A") ? "B" : "A"))] + form),
            ]
            if actor.login != nil {
                // A visitor's double-submit token planted as a cookie does not stand in for the session's.
                attempts.append(("a planted visitor cookie and its token", path, [("_csrf", party.visitor)] + form))
            }
            for attempt in attempts {
                let cookie = victim.cookies[OporaApp.csrfCookie]
                if attempt.what.hasPrefix("a planted") { victim.cookies[OporaApp.csrfCookie] = party.visitor }
                defer { victim.cookies[OporaApp.csrfCookie] = cookie }
                let response = try victim.post(attempt.path, form: attempt.form)
                #expect(response.status == 403, "\(key) as \(actor) with \(attempt.what): expected 403, got \(response.status)")
                #expect(!response.headers("Set-Cookie").contains { $0.hasPrefix(OporaApp.sessionCookie + "=") },
                        "\(key) as \(actor) with \(attempt.what): a refused request set the session cookie")
            }
            if actor.login != nil {
                #expect(try victim.get("/").status == 200, "\(key) as \(actor): a refused request ended the session")
            }
        }
        #expect(try StrictFingerprint.of(app.database) == before, "\(key): a refused request changed the database")
        // Control: the same request with the session's own token is accepted, so the refusals were the token's doing.
        for party in parties {
            let accepted = try party.victim.post(path, form: [("_csrf", party.own)] + form)
            #expect(accepted.status != 403 && accepted.status < 500,
                    "\(key) as \(party.actor) with its own token: expected it accepted, got \(accepted.status)")
        }
    }
}
