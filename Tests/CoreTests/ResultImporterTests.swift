import Foundation
import GRDB
import Spreadsheet
import Testing
@testable import Core

@Suite struct ResultImporterTests {
    static let header: [String?] = ["Муниципалитет", "Код школы", "Школа", "Учебный год", "Процедура", "Предмет", "Класс", "Участников",
                                    "«2»", "«3»", "«4»", "«5»", "Ниже минимума", "Средний балл", "Понизили", "Подтвердили", "Повысили"]

    static func lines(_ rows: [[String?]]) -> [ImportLine] {
        rows.enumerated().map { ImportLine(line: $0.offset + 1, values: $0.element) }
    }

    static func table(_ data: Data) throws -> [ImportLine] {
        try Table(data: data).rows.map { ImportLine(line: $0.line, values: $0.values) }
    }

    static func count(_ region: SmallRegion) throws -> Int {
        try region.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM result") ?? 0 }
    }

    let region: SmallRegion
    let importer: ResultImporter
    init() throws {
        region = try SmallRegion()
        importer = ResultImporter(database: region.database)
    }

    var scope: Scope { region.municipal(region.municipalityA) }

    @Test func synonymsInAnyOrderAndExtraColumnsIgnored() throws {
        let rows: [[String?]] = [
            ["Кол-во участников", "Наименование ОО", "Год", "Оценочная процедура", "Учебный предмет", "Параллель",
             "Отметка 2", "Отметка «3»", "4", "«5»", "Примечание"],
            ["10", "МБОУ «СОШ № 1»", "2022/2023", "ВПР", "Математика", "5", "1", "3", "3", "3", "к сведению"],
            ["20", "Лицей №2", "2022-2023", "огэ", "Математика", nil, nil, nil, nil, nil, nil],
        ]
        var withMinimum = rows
        withMinimum[0].insert("Не преодолели минимальный порог", at: 1)
        withMinimum[1].insert(nil, at: 1)
        withMinimum[2].insert("5", at: 1)
        let plan = try importer.preview(scope, fileName: "a.csv", sha256: String(repeating: "0", count: 64), lines: Self.lines(withMinimum))
        #expect(plan.fileErrors.isEmpty)
        #expect(plan.ignoredColumns == ["Примечание"])
        #expect(plan.errors.isEmpty, "\(plan.errors)")
        #expect(plan.rows.map(\.schoolId) == [region.schoolA1, region.schoolA2])
        #expect(plan.rows.map(\.procedureId) == [1, 5])
        #expect(plan.rows[1].new == ResultValues(participants: 20, belowMinimum: 5))
        #expect(plan.insertCount == 2 && plan.canCommit)
    }

    @Test func missingRequiredColumnIsAFileError() throws {
        let plan = try importer.preview(scope, fileName: "a.csv", sha256: String(repeating: "0", count: 64), lines: Self.lines([
            ["Школа", "Учебный год", "Предмет", "Участников"], ["СОШ № 1", "2022/2023", "Математика", "10"],
        ]))
        #expect(plan.fileErrors.count == 1)
        #expect(plan.fileErrors[0].contains("«Процедура»"))
        #expect(!plan.canCommit)
    }

    @Test func egeMathVariantFromTheSubject() {
        let catalogue = try! region.database.read { try Procedures.all($0) }
        func match(_ s: String) -> Int64? {
            if case .success(let p) = ResultImporter.matchProcedure(catalogue, family: .ege, subject: s, grade: 11) { return p.id }
            return nil
        }
        #expect(match("Математика (профильная)") == 8)
        #expect(match("Математика профиль") == 8)
        #expect(match("Математика (базовый уровень)") == 7)
        #expect(match("математика базовая") == 7)
        #expect(match("Русский язык") == 9)
        #expect(match("Русский") == 9)
        #expect(match("Математика") == nil)
        if case .failure(let e) = ResultImporter.matchProcedure(catalogue, family: .ege, subject: "Математика", grade: nil) {
            #expect(e.message.contains("базовая или профильная"))
        } else { Issue.record("ambiguous ЕГЭ математика matched") }
    }

    @Test func schoolNamesAreNormalised() {
        #expect(ImportText.school("МБОУ \"Средняя общеобразовательная школа № 1\"") == ImportText.school("СОШ №1"))
        #expect(ImportText.school("МАОУ «СОШ N 1»") == "сош 1")
        #expect(ImportText.school("сош1") == "сош 1")
        #expect(ImportText.distance("сош 1", "сош 2") == 1)
    }

    /// Legal forms spelt out or abbreviated, «им.», «СШ», glued numbers: one key (issue 20).
    @Test func schoolNameKeysDropLegalFormsAndKeepWhatNamesTheSchool() {
        let key = ImportText.school("СОШ № 3")
        for spelling in ["МОБУ «СОШ № 3»", "МБОУ СОШ №3", "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 3»",
                         "муниципальное общеобразовательное автономное учреждение средняя школа N3", "МАОУ \"СШ № 3\"", "КГБОУ «СОШ № 3»"] {
            #expect(ImportText.school(spelling) == key, "\(spelling)")
        }
        #expect(ImportText.school("Лицей № 5 им. Ю. А. Гагарина") == ImportText.school("лицей №5 имени Ю.А. Гагарина"))
        #expect(ImportText.school("Школа-интернат № 2") != ImportText.school("Школа № 2"), "a word that names the school stays")
        #expect(ImportSchoolMatcher.sameBeginning(["сош", "3", "г", "заречного"], ["сош", "3"]))
        #expect(!ImportSchoolMatcher.sameBeginning(["сош", "3", "1"], ["сош", "3"]), "a number after the name is another school")
        #expect(!ImportSchoolMatcher.sameBeginning(["лицей"], ["лицей", "5"]), "one word is not a name")
    }

    @Test func unmatchedSchoolNamesTheClosest() throws {
        let plan = try importer.preview(scope, fileName: "a.csv", sha256: String(repeating: "0", count: 64), lines: Self.lines([
            Self.header,
            ["Город А", nil, "СОШ № 7", "2022/2023", "ОГЭ", "Математика", "9", "20", nil, nil, nil, nil, "5"],
        ]))
        let error = try #require(plan.errors.first)
        #expect(error.line == 2)
        #expect(error.messages[0].contains("Школа «СОШ № 7» не найдена. Похожие: «СОШ № 1», «Лицей № 2»"))
    }

    @Test func anotherMunicipalityIsAnErrorForAMunicipalCoordinator() throws {
        let plan = try importer.preview(scope, fileName: "a.csv", sha256: String(repeating: "0", count: 64), lines: Self.lines([
            Self.header,
            ["Район Б", "B1", nil, "2022/2023", "ОГЭ", "Математика", "9", "20", nil, nil, nil, nil, "5"],
        ]))
        #expect(plan.errors.count == 1)
        #expect(plan.errors[0].messages.joined().contains("не ваш"))
    }

    @Test func oneBadRowWritesNothingAndIsNamed() throws {
        let lines = Self.lines([
            Self.header,
            ["Город А", "A1", nil, "2022/2023", "ВПР", "Математика", "5", "10", "1", "3", "3", "3"],
            ["Город А", "A2", nil, "2022/2023", "ВПР", "Математика", "5", "10", "1", "3", "3", "4"],
        ])
        let plan = try importer.preview(scope, fileName: "a.csv", sha256: String(repeating: "0", count: 64), lines: lines)
        #expect(plan.errors.map(\.line) == [3])
        #expect(plan.errors[0].messages.joined().contains("Сумма отметок «2»–«5» (11) не равна числу участников (10)"))
        #expect(throws: DomainError.self) {
            try importer.commit(scope, fileName: "a.csv", sha256: String(repeating: "0", count: 64), lines: lines)
        }
        #expect(try Self.count(region) == 0)
        #expect(try region.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM resultImport") } == 0)
    }

    @Test func cp1251SemicolonCSVWithAQuotedNewline() throws {
        let text = "Код ОО;Школа;Учебный год;Процедура;Предмет;Класс;Участников;Ниже минимума;Средний балл\r\n"
            + "A1;\"СОШ № 1\nкорпус 2\";2022/2023;ЕГЭ;Русский язык;11;12;1;61,5\r\n"
            + "A2;Лицей № 2;2022/2023;ЕГЭ;Математика (профильная);11;8;0;70\r\n"
        let data = try #require(text.data(using: .windowsCP1251))
        let lines = try Self.table(data)
        let plan = try importer.preview(scope, fileName: "a.csv", sha256: ResultImporter.sha256(data), lines: lines)
        #expect(plan.errors.isEmpty, "\(plan.errors)")
        #expect(plan.rows.map(\.procedureId) == [9, 8])
        #expect(plan.rows.map(\.line) == [2, 4])
        #expect(plan.rows[0].new.meanScore == 61.5)
    }

    @Test func reimportIsIdempotentAndRollbackRestores() throws {
        try Results(database: region.database).saveGrid(scope, schoolId: region.schoolA1, year: SchoolYear(2022),
                                                        forms: [1: SmallRegion.vpr(10, 1, 3, 3, 3)])
        let lines = Self.lines([
            Self.header,
            ["Город А", "A1", nil, "2022/2023", "ВПР", "Математика", "5", "10", "4", "3", "2", "1"],
            ["Город А", "A2", nil, "2022/2023", "ОГЭ", "Русский язык", "9", "20", nil, nil, nil, nil, "7"],
        ])
        let sha = String(repeating: "ab", count: 32)
        let (first, plan) = try importer.commit(scope, fileName: "r.xlsx", sha256: sha, lines: lines)
        #expect((plan.insertCount, plan.updateCount, plan.unchangedCount) == (1, 1, 0))
        #expect(plan.rows[0].old == ResultValues(participants: 10, mark2: 1, mark3: 3, mark4: 3, mark5: 3))
        let again = try importer.preview(scope, fileName: "r.xlsx", sha256: sha, lines: lines)
        #expect((again.insertCount, again.updateCount, again.unchangedCount) == (0, 0, 2))
        let (second, _) = try importer.commit(scope, fileName: "r.xlsx", sha256: sha, lines: lines)
        #expect(second.unchangedCount == 2 && second.insertedCount == 0)
        #expect(try importer.history(scope).count == 2)

        try ResultImports(database: region.database).rollback(scope, importId: first.id!)
        let stored = try region.database.read { try ResultRecord.fetchAll($0) }
        #expect(stored.map(\.values) == [ResultValues(participants: 10, mark2: 1, mark3: 3, mark4: 3, mark5: 3)])
    }

    @Test func newResultsAreWrittenOnceAndTheirRollbackIsExact() throws {
        // An updated result keeps a change row (its values before); the inserted ones are packed in one BLOB of the import.
        try Results(database: region.database).saveGrid(scope, schoolId: region.schoolA1, year: SchoolYear(2022),
                                                        forms: [1: SmallRegion.vpr(10, 1, 3, 3, 3)])
        let lines = Self.lines([
            Self.header,
            ["Город А", "A1", nil, "2022/2023", "ВПР", "Математика", "5", "10", "4", "3", "2", "1"],
            ["Город А", "A2", nil, "2022/2023", "ОГЭ", "Русский язык", "9", "20", nil, nil, nil, nil, "7"],
            ["Город А", "A1", nil, "2022/2023", "ОГЭ", "Русский язык", "9", "15", nil, nil, nil, nil, "0", nil, nil, nil, nil],
        ])
        let (record, plan) = try importer.commit(scope, fileName: "r.csv", sha256: String(repeating: "cd", count: 32), lines: lines)
        #expect((plan.insertCount, plan.updateCount) == (2, 1))
        let (changes, packed) = try region.database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM resultImportChange WHERE importId = ?", arguments: [record.id])!,
             try Data.fetchOne(db, sql: "SELECT insertedResults FROM resultImport WHERE id = ?", arguments: [record.id]))
        }
        #expect(changes == 1)
        let entries = try InsertedResults.decode([UInt8](try #require(packed)))
        #expect(entries.map(\.schoolId) == [region.schoolA2, region.schoolA1])
        #expect(entries[0].values == ResultValues(participants: 20, belowMinimum: 7))
        #expect(entries[1].values == ResultValues(participants: 15, belowMinimum: 0))
        // The journal does not load the BLOB.
        #expect(try importer.history(scope).first?.record.insertedCount == 2)

        // An inserted result changed by hand since: refused, naming it; nothing undone.
        try Results(database: region.database).saveGrid(scope, schoolId: region.schoolA2, year: SchoolYear(2022),
                                                        forms: [6: SmallRegion.exam(20, below: 8)])
        let imports = ResultImports(database: region.database)
        #expect(throws: DomainError.self) { try imports.rollback(scope, importId: record.id!) }
        #expect(try Self.count(region) == 3)
        // Put back as imported: the rollback deletes both inserted results and restores the updated one.
        try Results(database: region.database).saveGrid(scope, schoolId: region.schoolA2, year: SchoolYear(2022),
                                                        forms: [6: SmallRegion.exam(20, below: 7)])
        try imports.rollback(scope, importId: record.id!)
        let stored = try region.database.read { try ResultRecord.fetchAll($0) }
        #expect(stored.map(\.values) == [ResultValues(participants: 10, mark2: 1, mark3: 3, mark4: 3, mark5: 3)])
    }

    @Test func packedInsertedResultsRoundTrip() throws {
        var packed = InsertedResults()
        let values = [ResultValues(participants: 0), ResultValues(participants: 300, mark2: 0, mark3: 100, mark4: 150, mark5: 50,
                                                                  belowMinimum: 1, meanScore: 3.875, lowered: 2, confirmed: 290, raised: 8)]
        packed.append(schoolId: 1, procedureId: 25, schoolYear: 2019, values[0])
        packed.append(schoolId: 1 << 40, procedureId: 7, schoolYear: 2024, values[1])
        let entries = try InsertedResults.decode(packed.bytes)
        #expect(entries.map(\.values) == values)
        #expect(entries.map(\.schoolId) == [1, 1 << 40] && entries.map(\.schoolYear) == [2019, 2024])
        #expect(throws: InsertedResults.Damaged.self) { try InsertedResults.decode(Array(packed.bytes.dropLast())) }
        #expect(throws: InsertedResults.Damaged.self) { try InsertedResults.decode([2]) }
    }

    @Test func directorsAndCuratorsMayNotImport() throws {
        #expect(throws: DomainError.forbidden) {
            try importer.preview(region.director(region.schoolA1, region.municipalityA), fileName: "a", sha256: String(repeating: "0", count: 64), lines: [])
        }
    }

    @Test func xlsxFromOurWriterAndATruncatedOne() throws {
        let writer = XLSXWriter()
        try writer.addSheet(name: "Результаты", header: Self.header.map { $0! })
        try writer.addRow([.text("Город А"), .text("A1"), nil, .text("2022/2023"), .text("ВПР"), .text("Математика"), .number(5),
                           .number(10), .number(1), .number(3), .number(3), .number(3)] as [Cell?])
        let data = try writer.data()
        let plan = try importer.preview(scope, fileName: "a.xlsx", sha256: ResultImporter.sha256(data), lines: try Self.table(data))
        #expect(plan.errors.isEmpty && plan.insertCount == 1, "\(plan.errors)")
        #expect(throws: SpreadsheetError.self) { try Self.table(data.prefix(data.count / 2)) }
    }

    @Test func xlsxWrittenByOpenpyxl() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("opora-openpyxl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.xlsx").path
        let script = """
            import sys, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(["Код ОО", "Наименование ОО", "Учебный год", "Процедура", "Предмет", "Класс", "Кол-во участников", "Отметка 2", "Отметка 3", "Отметка 4", "Отметка 5", "Средний балл"])
            ws.append(["A1", "СОШ № 1", "2022/2023", "ВПР", "Русский язык", 5, 25, 5, 10, 7, 3, 3.3])
            wb.save(sys.argv[1])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: path) else {
            print("skipped: python3 with openpyxl is not installed (make browser-deps)")
            return
        }
        let plan = try importer.preview(scope, fileName: "r.xlsx", sha256: ResultImporter.sha256(data), lines: try Self.table(data))
        #expect(plan.errors.isEmpty, "\(plan.errors)")
        #expect(plan.rows.first?.procedureId == 3)
        #expect(plan.rows.first?.new == ResultValues(participants: 25, mark2: 5, mark3: 10, mark4: 7, mark5: 3, meanScore: 3.3))
    }
}
