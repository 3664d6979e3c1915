// Writes a 250,000-row x 17-column workbook with XLSXWriter and reads it back with XLSXReader.
// Usage: SpreadsheetBench [rows] [path]
import Foundation
import Spreadsheet

func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return -1
}

func now() -> Double { Date().timeIntervalSince1970 }

/// User + system CPU seconds of this process (less sensitive than wall time to a busy machine).
func cpu() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let args = CommandLine.arguments
if args.count == 3, args[1] == "read" {  // SpreadsheetBench read FILE.xlsx: read only
    let t0 = now(), c0 = cpu()
    var count = 0
    do { try XLSXReader(path: args[2]).readRows { _ in count += 1 } } catch { print("error: \(error)"); exit(1) }
    print(String(format: "read_s=%.2f rows=%d peak_rss_mb=%.1f read_cpu_s=%.2f", now() - t0, count, peakRSSMegabytes(), cpu() - c0))
    exit(0)
}
let rows = args.count > 1 ? Int(args[1]) ?? 250_000 : 250_000
let path = args.count > 2 ? args[2] : NSTemporaryDirectory() + "spreadsheet-bench.xlsx"
let header = ["Муниципалитет", "Код школы", "Школа", "Учебный год", "Процедура", "Предмет", "Класс",
              "Участников", "«2»", "«3»", "«4»", "«5»", "Ниже минимума", "Средний балл",
              "Понизили", "Подтвердили", "Повысили"]
let procedures = ["ВПР", "ОГЭ", "ЕГЭ", "НИКО"]
let subjects = ["Математика", "Русский язык", "Биология", "История", "Физика"]

do {
    var t0 = now(), c0 = cpu()
    let writer = XLSXWriter()
    try writer.addSheet(name: "Результаты", header: header)
    for i in 0..<rows {
        let school = i / 125
        let participants = 20 + i % 80
        let two = i % 17
        let fives = participants - two - participants / 3 - participants / 4
        let below: Cell? = i % 4 == 0 ? nil : Cell.number(i % 7)
        let mean = Cell.number(Double(300 + i % 200) / 100)
        var row: [Cell?] = []
        row.reserveCapacity(17)
        row.append(.text("Муниципалитет \(school % 40)"))
        row.append(.text("S\(school)"))
        row.append(.text("МБОУ «СОШ № \(school)»"))
        row.append(.text("\(2019 + i % 5)/\(2020 + i % 5)"))
        row.append(.text(procedures[i % 4]))
        row.append(.text(subjects[i % 5]))
        for n in [4 + i % 8, participants, two, participants / 3, participants / 4, fives] { row.append(Cell.number(n)) }
        row.append(below)
        row.append(mean)
        for n in [i % 5, participants - i % 5 - i % 3, i % 3] { row.append(Cell.number(n)) }
        try writer.addRow(row)
    }
    try writer.write(to: path)
    let write = now() - t0, writeCPU = cpu() - c0
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

    t0 = now(); c0 = cpu()
    let reader = try XLSXReader(path: path)
    var count = 0, cells = 0
    try reader.readRows(sheet: "Результаты") { row in
        count += 1
        cells += row.cells.count
    }
    let read = now() - t0, readCPU = cpu() - c0
    print(String(format: "write_s=%.2f read_s=%.2f rows=%d peak_rss_mb=%.1f write_cpu_s=%.2f read_cpu_s=%.2f cells=%d file_mb=%.1f",
                 write, read, count, peakRSSMegabytes(), writeCPU, readCPU, cells, Double(size) / 1_048_576))
    if ProcessInfo.processInfo.environment["KEEP"] == nil { try? FileManager.default.removeItem(atPath: path) }
} catch {
    if case SpreadsheetError.notXLSX(let d) = error { print("detail: \(d)") }
    print("error: \(error)")
    exit(1)
}
