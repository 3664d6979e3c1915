@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing
import Web

/// The results corpus (`Tests/Fixtures/results`, made by `make_corpus.py`): each file read as the web page and the CLI
/// read it (`ImportLines`), committed into a fixture region, and held to the figures or the refusal in `expected.json`.
@Suite struct ResultsCorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/results").standardizedFileURL

    struct Expected: Decodable, Sendable, CustomTestStringConvertible {
        struct Figures: Decodable, Sendable {
            var code: String, procedure: Int64, year: Int, participants: Int
            var marks: [Int]?, below: Int?, mean: Double?
        }
        var file: String, shape: String
        var results: [Figures]?
        var refused: String?
        /// The exact message for a file that is no table we read (a PDF, an old XLS, a password…).
        var unreadable: String?
        /// Further messages the refusal must give (each file's other rows).
        var refusals: [String]?
        var notes: [String]
        var ignored: [String]
        var testDescription: String { file }
    }

    static let corpus: [Expected] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("expected.json")),
              let list = try? JSONDecoder().decode([Expected].self, from: data) else { return [] }
        return list
    }()

    /// Two municipalities, seven schools with six-digit codes (one archived).
    static func region() throws -> AppDatabase {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opora-corpus-\(UUID().uuidString)/db.sqlite").path
        let database = try AppDatabase(path: path)
        try database.migrate()
        let now = database.now
        try database.write { db in
            var a = Municipality(name: "Город Заречный", shortName: "Заречный", createdAt: now, updatedAt: now)
            var b = Municipality(name: "Сосновский район", shortName: "Сосновский", createdAt: now, updatedAt: now)
            try a.insert(db); try b.insert(db)
            for (m, code, name, short, kind) in [(a.id!, "000303", "МБОУ \"СОШ № 3\"", "СОШ № 3", SchoolKind.sosh),
                                                 (a.id!, "000305", "МБОУ \"Лицей № 5 имени Ю. А. Гагарина\"", "Лицей № 5", .lyceum),
                                                 (b.id!, "000412", "МКОУ \"ООШ с. Берёзовка\"", "ООШ с. Берёзовка", .oosh),
                                                 (b.id!, "000418", "МБОУ \"СОШ № 18\"", "СОШ № 18", .sosh),
                                                 // Names two schools answer to (file 42): «СОШ № 7», archived, became «СШ № 7»;
                                                 // a «Лицей № 5» in each municipality.
                                                 (a.id!, "000307", "МБОУ \"СОШ № 7\"", "СОШ № 7", .sosh),
                                                 (a.id!, "000327", "МБОУ \"Средняя школа № 7\"", "СШ № 7", .sosh),
                                                 (b.id!, "000405", "МБОУ \"Лицей № 5\"", "Лицей № 5", .lyceum)] {
                var s = School(municipalityId: m, code: code, name: name, shortName: short, kind: kind, createdAt: now, updatedAt: now)
                if code == "000307" { s.archivedAt = now }
                try s.insert(db)
            }
        }
        return database
    }

    @Test func corpusHasTheFilesOfTheScript() {
        #expect(Self.corpus.count >= 40)
        for e in Self.corpus {
            #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent(e.file).path), "\(e.file)")
        }
    }

    @Test(arguments: corpus) func importsToTheExactFigures(_ expected: Expected) throws {
        let database = try Self.region()
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(expected.file))
        if let unreadable = expected.unreadable {
            #expect(ImportLines.read(data, limits: .default) == .failure(ImportReadError(unreadable)), "\(expected.file)")
            return
        }
        let lines = try ImportLines.lines(data, limits: .default)
        let importer = ResultImporter(database: database)
        let sha = ResultImporter.sha256(data)
        let plan = try importer.preview(.console, fileName: expected.file, sha256: sha, lines: lines)
        let messages = plan.fileErrors + plan.errors.map { $0.place + ": " + $0.messages.joined(separator: "; ") }
        if let refused = expected.refused {
            #expect(!plan.canCommit)
            for words in [refused] + (expected.refusals ?? []) {
                #expect(messages.contains { $0.contains(words) }, "\(expected.file): «\(words)» not in \(messages)")
            }
            #expect(throws: DomainError.self) { try importer.commit(.console, fileName: expected.file, sha256: sha, lines: lines) }
            let stored = try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM result") }
            #expect(stored == 0)
            return
        }
        #expect(messages.isEmpty, "\(expected.file): \(messages)")
        for note in expected.notes { #expect(plan.notes.contains { $0.contains(note) }, "\(expected.file): \(plan.notes)") }
        #expect(plan.ignoredColumns == expected.ignored)
        try importer.commit(.console, fileName: expected.file, sha256: sha, lines: lines)
        let stored = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.code, r.procedureId, r.schoolYear, r.participants, r.mark2, r.mark3, r.mark4, r.mark5, r.belowMinimum, r.meanScore
                FROM result r JOIN school s ON s.id = r.schoolId ORDER BY s.code, r.procedureId, r.schoolYear DESC
                """)
        }
        let want = (expected.results ?? []).sorted { ($0.code, $0.procedure, -$0.year) < ($1.code, $1.procedure, -$1.year) }
        #expect(stored.count == want.count, "\(expected.file): \(stored)")
        for (row, w) in zip(stored, want) {
            #expect(row["code"] as String == w.code && row["procedureId"] as Int64 == w.procedure && row["schoolYear"] as Int == w.year,
                    "\(expected.file): \(row)")
            #expect(row["participants"] as Int == w.participants, "\(expected.file): \(row)")
            let marks: [Int?] = [row["mark2"], row["mark3"], row["mark4"], row["mark5"]]
            #expect(marks == (w.marks.map { $0.map(Optional.some) } ?? [nil, nil, nil, nil]), "\(expected.file): \(row)")
            #expect(row["belowMinimum"] as Int? == w.below, "\(expected.file): \(row)")
            #expect(row["meanScore"] as Double? == w.mean, "\(expected.file): \(row)")
        }
    }

    static var unreadable: [Expected] { corpus.filter { $0.unreadable != nil } }

    /// The upload page says what each unreadable file is, in the corpus's exact words, and keeps nothing.
    @Test func theUploadPageSaysWhatTheFileIs() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let csrf = try #require(try client.get("/results/import").csrf)
        #expect(Self.unreadable.count >= 7)
        for e in Self.unreadable {
            let content = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(e.file)))
            let page = try ImportFlowTests.upload(client, csrf: csrf, fileName: e.file, content: content)
            #expect(page.status == 422, "\(e.file)")
            #expect(page.text.contains("<p class=\"field__error\">" + (e.unreadable ?? "") + "</p>"), "\(e.file): \(page.text)")
        }
        #expect(try app.count("SELECT count(*) FROM pendingImport") == 0)
    }

    /// `opora import-results` refuses them with the same words (the binary `swift build` put beside the tests).
    @Test func theCommandLineSaysWhatTheFileIs() throws {
        let binary = try #require(Self.oporaBinary(), "build the opora binary first (swift build --build-tests)")
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("opora-cli-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: db) }
        for e in Self.unreadable {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["import-results", "--db", db, Self.directory.appendingPathComponent(e.file).path, "--dry-run"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            _ = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus != 0, "\(e.file)")
            #expect(stderr.contains("Error: " + (e.unreadable ?? "")), "\(e.file): \(stderr)")
        }
    }

    /// `opora` beside the test bundle, or in the package's debug build folder.
    static func oporaBinary() -> String? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
        var candidates = [bundle.appendingPathComponent("opora").path, bundle.deletingLastPathComponent().appendingPathComponent("opora").path]
        candidates.append(root.appendingPathComponent(".build/debug/opora").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
