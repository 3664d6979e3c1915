@testable import Core
import GRDB
import Foundation
import HTTPServer
import Spreadsheet
import Web

/// The real application on a real server: ephemeral port, temporary SQLite file, demo data.
final class TestApp: @unchecked Sendable {
    let database: AppDatabase
    let server: HTTPServer
    var port: Int { server.port }

    static let hasher = PasswordHasher(rounds: 1_000)
    static let publicDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Public").standardizedFileURL.path

    /// The real login limits, but room for the few parallel checks some tests make (the gate has its own tests).
    static let loginLimits: LoginLimits = {
        var limits = LoginLimits()
        limits.concurrentChecks = 4; limits.waitingChecks = 64; limits.checkWait = 30
        return limits
    }()

    init(bodyLimitOverride: Int? = nil, workingCycle: Bool = true, loginLimits: LoginLimits = TestApp.loginLimits,
         trustProxy: Bool = false, xlsxLimits: XLSXLimits = .default, today: String? = nil) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opora-web-\(UUID().uuidString)")
        database = try AppDatabase(path: directory.appendingPathComponent("app.sqlite").path)
        try database.migrate()
        // The demo as of `today` (yyyy-MM-dd; default: the clock).
        _ = try DemoLoader(database: database, hasher: Self.hasher).load(.seeded, workingCycle: workingCycle,
                                                                          today: today.map { DemoDay.parse($0)! })
        let app = OporaApp(database: database, configuration: WebConfiguration(publicDirectory: Self.publicDirectory,
                                                                                trustProxy: trustProxy, loginLimits: loginLimits,
                                                                                xlsxLimits: xlsxLimits),
                           hasher: Self.hasher)
        var config = HTTPServerConfiguration()
        config.host = "127.0.0.1"
        config.port = 0
        config.workerThreads = 4
        server = HTTPServer(configuration: config, handler: app)
        try server.start()
    }

    func client() -> TestClient { TestClient(port: port) }
    /// A client whose connections come from another loopback address (all of 127.0.0.0/8 is local on Linux).
    func client(from address: String) -> TestClient { TestClient(port: port, sourceAddress: address) }

    /// A client already signed in as `login`.
    func signedIn(_ login: String) throws -> TestClient {
        let client = client()
        let response = try client.logIn(login)
        precondition(response.status == 303, "login of \(login) failed: \(response.status)")
        return client
    }

    func schoolId(ofDirector login: String) throws -> Int64 {
        try database.read { try Int64.fetchOne($0, sql: "SELECT schoolId FROM user WHERE login = ?", arguments: [login])! }
    }

    func count(_ sql: String) throws -> Int {
        try database.read { try Int.fetchOne($0, sql: sql)! }
    }

    deinit { server.stop() }
}
