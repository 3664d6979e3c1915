import ArgumentParser
import Core
import Foundation
import Spreadsheet
import Web

struct ImportResults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-results",
        abstract: "Загрузить результаты оценочных процедур из файла XLSX, ODS или CSV (одна строка — школа, процедура, учебный год).",
        discussion: "Сначала печатает сводку (добавить, изменить, без изменений, ошибки со строками). Файл с ошибками не загружается целиком.")

    @OptionGroup var database: DatabaseOption
    @OptionGroup(title: "Пределы XLSX (zip-бомбы)") var xlsx: XLSXLimitOptions
    @Argument(help: "Файл XLSX, ODS или CSV.") var file: String
    @Flag(name: .customLong("dry-run"), help: "Только проверить и показать сводку, ничего не записывать.") var dryRun = false

    func run() throws {
        let started = DispatchTime.now().uptimeNanoseconds
        func phase(_ name: String) {
            guard ProcessInfo.processInfo.environment["OPORA_IMPORT_TIMING"] != nil else { return }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            FileHandle.standardError.write(Data(String(format: "%@: %.0f ms\n", name, ms).utf8))
        }
        let db = try database.open()
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Не удалось прочитать файл \(file)") }
        let lines: [ImportLine]
        switch ImportLines.read(data, limits: xlsx.limits) {
        case .success(let l): lines = l
        case .failure(let error): throw ValidationError(error.message)
        }
        phase("read")
        let name = (file as NSString).lastPathComponent
        let sha = ResultImporter.sha256(data)
        let importer = ResultImporter(database: db)
        // Without --dry-run the commit plans and writes in one transaction (one pass over the file);
        // a file with errors is then planned again to print them.
        var plan: ImportPlan
        var record: ResultImportRecord? = nil
        if dryRun {
            plan = try importer.preview(.console, fileName: name, sha256: sha, lines: lines)
        } else {
            do {
                let (committed, committedPlan) = try importer.commit(.console, fileName: name, sha256: sha, lines: lines)
                record = committed
                plan = committedPlan
            } catch DomainError.invalid {
                plan = try importer.preview(.console, fileName: name, sha256: sha, lines: lines)
            }
        }
        phase(dryRun ? "preview" : "preview and commit")
        print("Файл: \(name) (\(TableFormat.detect(data).rawValue.uppercased()), SHA-256 \(sha))")
        if !plan.ignoredColumns.isEmpty { print("Неизвестные графы пропущены: " + plan.ignoredColumns.joined(separator: ", ")) }
        for e in plan.fileErrors { print("Ошибка: \(e)") }
        for n in plan.notes { print(n) }
        print("Добавить: \(plan.insertCount), изменить: \(plan.updateCount), без изменений: \(plan.unchangedCount), строк с ошибками: \(plan.errors.count)")
        for e in plan.errors.prefix(20) { print("  \(e.place): " + e.messages.joined(separator: "; ")) }
        if plan.errors.count > 20 { print("  … и ещё \(plan.errors.count - 20)") }
        guard plan.canCommit else {
            print("Ничего не загружено: исправьте ошибки в файле и загрузите его снова.")
            throw ExitCode(1)
        }
        if let record {
            print("Загружено: импорт № \(record.id ?? 0).")
        } else {
            print("Проверка (--dry-run): ничего не записано.")
        }
    }
}
