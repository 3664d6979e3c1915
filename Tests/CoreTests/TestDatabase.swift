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

/// The demo region loaded into a fresh database.
func makeDemoDatabase(workingCycle: Bool = true) throws -> AppDatabase {
    let database = try makeTestDatabase()
    _ = try DemoLoader(database: database, hasher: fastHasher).load(.seeded, workingCycle: workingCycle)
    return database
}
