/// Caps on what reading an XLSX may inflate and hold: a guard against zip bombs.
///
/// The defaults are about 4× the largest real results file measured (250,000 rows written by
/// openpyxl with inline strings: a 212 MiB sheet, 14:1 compression, one part of any size besides).
public struct XLSXLimits: Sendable, Hashable {
    /// Uncompressed bytes of any one part (sheet, shared strings, styles…).
    public var maxPartBytes: Int
    /// Uncompressed bytes of all the parts read from one file together.
    public var maxTotalBytes: Int
    /// Uncompressed ÷ compressed bytes of a part, checked as it inflates once it passed `ratioFloorBytes`.
    public var maxCompressionRatio: Int
    /// `<row>` elements of a sheet.
    public var maxRows: Int
    /// Entries of the shared strings table.
    public var maxSharedStrings: Int
    /// A part inflated to less than this is not held to the ratio: small parts (styles, themes) compress well.
    public var ratioFloorBytes: Int

    public init(maxPartBytes: Int = 800 << 20, maxTotalBytes: Int = 1024 << 20, maxCompressionRatio: Int = 100,
                maxRows: Int = 1_000_000, maxSharedStrings: Int = 1_000_000, ratioFloorBytes: Int = 1 << 20) {
        self.maxPartBytes = maxPartBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxRows = maxRows
        self.maxSharedStrings = maxSharedStrings
        self.ratioFloorBytes = ratioFloorBytes
    }

    public static let `default` = XLSXLimits()
}

/// Which of `XLSXLimits` a file exceeded.
public enum XLSXLimitExceeded: Sendable, Hashable {
    case part(String, limitBytes: Int)
    case total(limitBytes: Int)
    case compressionRatio(String, limit: Int)
    case rows(limit: Int)
    case sharedStrings(limit: Int)

    var message: String {
        switch self {
        case .part(let path, let limit):
            return "Файл слишком большой после распаковки: часть «\(path)» больше \(megabytes(limit)) МБ"
        case .total(let limit):
            return "Файл слишком большой после распаковки: всего больше \(megabytes(limit)) МБ"
        case .compressionRatio(let path, let limit):
            return "Файл слишком большой после распаковки: степень сжатия части «\(path)» выше \(limit):1 — так сжимаются только искусственно раздутые файлы"
        case .rows(let limit):
            return "Файл слишком большой: на листе больше \(grouped(limit)) строк"
        case .sharedStrings(let limit):
            return "Файл слишком большой: в книге больше \(grouped(limit)) разных текстов (sharedStrings)"
        }
    }
}

private func megabytes(_ bytes: Int) -> String { grouped(bytes >> 20) }

/// 1000000 → «1 000 000» (a no-break space between groups, as Russian typography writes numbers).
private func grouped(_ n: Int) -> String {
    var digits = Array(String(n))
    var i = digits.count - 3
    while i > 0 { digits.insert("\u{00A0}", at: i); i -= 3 }
    return String(digits)
}
