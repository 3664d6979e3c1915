@testable import Core
import Foundation
import GRDB
import Testing
import Web

/// Every route the router knows × every kind of actor: allowed or refused, and refused writes change nothing.
@Suite struct AccessMatrixTests {
    @Test func everyRouteHasAnExpectation() {
        let known = Set(AccessMatrix.entries.map(\.key))
        let routes = OporaApp.routeTable.map(\.key)
        for route in routes {
            #expect(known.contains(route), "route \(route) has no entry in the access matrix")
        }
        #expect(Set(routes).count == routes.count, "duplicate routes")
        for key in known { #expect(routes.contains(key), "matrix entry \(key) names no route") }
    }

    @Test(arguments: OporaApp.routeTable.map(\.key))
    func routeIsGuarded(_ key: String) throws {
        try Self.check(try #require(AccessMatrix.entries.first { $0.key == key }))
    }

    /// Routes whose answer depends on whose record it is (a municipality's own document kind): checked again on that record.
    @Test(arguments: AccessMatrix.ownKindsOfA.indices)
    func ownedRecordIsGuarded(_ index: Int) throws {
        try Self.check(AccessMatrix.ownKindsOfA[index])
    }

    static func check(_ expectation: RouteExpectation) throws {
        let key = expectation.key
        let app = try TestApp(workingCycle: false)
        let fixture = try Fixture(app)
        let path = expectation.path(fixture)
        // Refused actors first, so allowed writes cannot disturb them.
        let order = Actor.allCases.sorted { !expectation.allowed.contains($0) && expectation.allowed.contains($1) }
        for actor in order {
            let client = app.client()
            if let login = actor.login { try client.logIn(login) }
            let token = try client.get(actor.login == nil ? "/login" : "/").csrf ?? ""
            let before = expectation.method == "GET" ? "" : try DatabaseFingerprint.of(app.database)
            let response: TestClient.Response
            if expectation.method == "GET" {
                response = try client.get(path)
            } else {
                response = try client.post(path, form: [("_csrf", token)] + expectation.form(fixture))
            }
            #expect(SecurityHeaderCheck.problems(response).isEmpty, "\(key) as \(actor): \(SecurityHeaderCheck.problems(response))")
            let toLogin = response.status == 302 && (response.header("Location") ?? "").hasPrefix("/login")
            if expectation.allowed.contains(actor) {
                #expect(response.status != 403 && !toLogin && response.status < 500 && response.status != 404,
                        "\(key) as \(actor): expected access, got \(response.status)")
            } else {
                if actor == .anonymous {
                    #expect(toLogin || (expectation.method != "GET" && response.status == 303 && response.header("Location") == "/login"),
                            "\(key) as anonymous: expected the login page, got \(response.status)")
                } else {
                    #expect(response.status == 403, "\(key) as \(actor): expected 403, got \(response.status)")
                }
                if expectation.method != "GET" {
                    #expect(try DatabaseFingerprint.of(app.database) == before, "\(key) as \(actor): a refused write changed the database")
                }
            }
        }
    }
}

/// A digest of every table but the session bookkeeping, to prove a refused write changed nothing.
enum DatabaseFingerprint {
    static func of(_ database: AppDatabase) throws -> String {
        try database.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT IN ('session', 'loginThrottle', 'grdb_migrations') ORDER BY name
                """)
            var digest = ""
            for table in tables {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"")
                digest += "\(table):\(rows.count):\(rows.map(\.description).joined().hashValue);"
            }
            return digest
        }
    }
}
