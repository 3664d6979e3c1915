import ArgumentParser
import Core
import Foundation
import Web

struct ExportResults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-results",
        abstract: "Выгрузить результаты оценочных процедур в формате файла импорта (CSV или XLSX).")

    @OptionGroup var database: DatabaseOption
    @Option(help: "Номер муниципалитета (по умолчанию — все).") var municipality: Int64?
    @Option(help: "Учебный год: 2022 или 2022/2023 (по умолчанию — все).") var year: String?
    @Option(help: "Файл .csv или .xlsx.") var out: String

    func run() throws {
        let schoolYear = try year.map { text -> SchoolYear in
            guard let parsed = SchoolYear(parsing: text) else { throw ValidationError("--year: ожидается 2022 или 2022/2023") }
            return parsed
        }
        let lower = out.lowercased()
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx") else { throw ValidationError("--out: файл .csv или .xlsx") }
        let db = try database.open()
        do {
            let table = try ResultsExport(database: db).table(.console, municipalityId: municipality, year: schoolYear)
            let bytes = lower.hasSuffix(".csv") ? ResultsFileExport.csv(table) : try ResultsFileExport.xlsx(table)
            try Data(bytes).write(to: URL(fileURLWithPath: out))
            print("Выгружено строк: \(table.count - 1) → \(out)")
        } catch {
            throw ValidationError(explain(error))
        }
    }
}
