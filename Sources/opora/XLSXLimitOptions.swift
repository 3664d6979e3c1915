import ArgumentParser
import Foundation
import Spreadsheet

/// The zip-bomb caps of XLSX reading, for `serve` and `import-results` alike (flag, else environment, else default).
struct XLSXLimitOptions: ParsableArguments {
    private static func env(_ name: String) -> Int? { ProcessInfo.processInfo.environment[name].flatMap { Int($0) } }
    private static let defaults = XLSXLimits.default

    @Option(name: .customLong("xlsx-max-part-mb"), help: "Предел одной части XLSX после распаковки, МБ (или OPORA_XLSX_MAX_PART_MB).")
    var maxPartMB: Int = env("OPORA_XLSX_MAX_PART_MB") ?? defaults.maxPartBytes >> 20
    @Option(name: .customLong("xlsx-max-total-mb"), help: "Предел всего файла XLSX после распаковки, МБ (или OPORA_XLSX_MAX_TOTAL_MB).")
    var maxTotalMB: Int = env("OPORA_XLSX_MAX_TOTAL_MB") ?? defaults.maxTotalBytes >> 20
    @Option(name: .customLong("xlsx-max-ratio"), help: "Предел степени сжатия части XLSX, раз (или OPORA_XLSX_MAX_RATIO).")
    var maxRatio: Int = env("OPORA_XLSX_MAX_RATIO") ?? defaults.maxCompressionRatio
    @Option(name: .customLong("xlsx-max-rows"), help: "Предел строк листа XLSX (или OPORA_XLSX_MAX_ROWS).")
    var maxRows: Int = env("OPORA_XLSX_MAX_ROWS") ?? defaults.maxRows
    @Option(name: .customLong("xlsx-max-shared-strings"), help: "Предел разных текстов книги XLSX (или OPORA_XLSX_MAX_SHARED_STRINGS).")
    var maxSharedStrings: Int = env("OPORA_XLSX_MAX_SHARED_STRINGS") ?? defaults.maxSharedStrings

    func validate() throws {
        guard [maxPartMB, maxTotalMB, maxRatio, maxRows, maxSharedStrings].allSatisfy({ $0 > 0 }) else {
            throw ValidationError("Пределы XLSX (--xlsx-max-…) должны быть положительными числами")
        }
        guard maxPartMB <= 1 << 20, maxTotalMB <= 1 << 20 else { throw ValidationError("Пределы XLSX в МБ не больше 1048576") }
    }

    var limits: XLSXLimits {
        var limits = XLSXLimits.default
        limits.maxPartBytes = maxPartMB << 20
        limits.maxTotalBytes = maxTotalMB << 20
        limits.maxCompressionRatio = maxRatio
        limits.maxRows = maxRows
        limits.maxSharedStrings = maxSharedStrings
        return limits
    }
}
