import Foundation
import Testing

/// The database is Core's: its connections are internal there (the compiler refuses `database.read` elsewhere), and
/// with MemberImportVisibility a module that does not import GRDB cannot call GRDB's members through Core's types.
@Suite struct DatabaseGateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../..").standardizedFileURL

    static func swiftFiles(under folder: String) throws -> [(String, String)] {
        let base = root.appendingPathComponent(folder)
        let paths = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
        return try paths.filter { $0.hasSuffix(".swift") }.sorted().map {
            ("\(folder)/\($0)", try String(contentsOf: base.appendingPathComponent($0), encoding: .utf8))
        }
    }

    @Test func everySwiftTargetNeedsItsOwnImports() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let strict = try #require(manifest.split(separator: "\n").first { $0.hasPrefix("let strict:") })
        #expect(strict.contains(#".enableUpcomingFeature("MemberImportVisibility")"#))
    }

    @Test func webAndTheCommandLineDoNotImportGRDB() throws {
        let files = try Self.swiftFiles(under: "Sources/Web") + Self.swiftFiles(under: "Sources/opora")
        #expect(files.count > 50, "sources not found under \(Self.root.path)")
        for (path, text) in files {
            #expect(!text.contains("import GRDB"), "\(path) imports GRDB: ask a Core service instead")
        }
    }
}
