// TEMPORARY until the codegen plugin lands: reads Migrations/ at run time.
import Foundation
enum EmbeddedMigrations {
    static var all: [(identifier: String, sql: String)] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Migrations")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".sql") }.sorted().map {
            (String($0.dropLast(4)), (try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) ?? "")
        }
    }
}
