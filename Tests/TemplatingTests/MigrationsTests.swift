import Foundation
import Testing

@Suite struct MigrationsTests {
    @Test func sortedByNumber() throws {
        let (_, output, result) = try CodegenTool.generate(mode: "migrations", files: [
            "0002_add_users.sql": "CREATE TABLE users (id INTEGER);\n",
            "0001_init.sql": "-- \"quoted\" \\ back\nCREATE TABLE schools (name TEXT);\n",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let swift = try String(contentsOf: output, encoding: .utf8)
        let first = try #require(swift.range(of: "\"0001_init\""))
        let second = try #require(swift.range(of: "\"0002_add_users\""))
        #expect(first.lowerBound < second.lowerBound)
        #expect(swift.contains("enum EmbeddedMigrations"))
        #expect(swift.contains(#"sql: "-- \"quoted\" \\ back\nCREATE TABLE schools (name TEXT);\n""#))
    }

    @Test func rejectsBadNameAndDuplicateNumber() throws {
        let bad = try CodegenTool.generate(mode: "migrations", files: ["0001_Init.sql": "x"])
        #expect(bad.result.status != 0)
        #expect(bad.result.stderr.contains("0001_Init.sql:1: error:"), "\(bad.result.stderr)")
        let dup = try CodegenTool.generate(mode: "migrations", files: ["0001_a.sql": "x", "0001_b.sql": "y"])
        #expect(dup.result.status != 0)
        #expect(dup.result.stderr.contains("duplicate migration number 0001"), "\(dup.result.stderr)")
    }
}
