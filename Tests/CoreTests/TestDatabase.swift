import Foundation
@testable import Core

/// A migrated database in a fresh temporary file.
func makeTestDatabase() throws -> AppDatabase {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opora-core-\(UUID().uuidString)")
    let database = try AppDatabase(path: directory.appendingPathComponent("test.sqlite").path)
    try database.migrate()
    return database
}

/// Few rounds: the stored hash names its rounds, so the code path is the production one.
let fastHasher = PasswordHasher(rounds: 1_000)

/// The demo region loaded into a fresh database, as of `today` (yyyy-MM-dd; default: the clock).
func makeDemoDatabase(workingCycle: Bool = true, today: String? = nil) throws -> AppDatabase {
    let database = try makeTestDatabase()
    _ = try DemoLoader(database: database, hasher: fastHasher).load(.seeded, workingCycle: workingCycle,
                                                                     today: today.map { DemoDay.parse($0)! })
    return database
}
