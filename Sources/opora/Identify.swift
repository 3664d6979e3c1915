import ArgumentParser
import Core
import Foundation

struct Identify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Выявить школы с низкими образовательными результатами (критерии итоговой справки, seed 003) и напечатать CSV.",
        discussion: """
            --year 2023 — перечень на 2023/2024 учебный год по результатам 2022/2023 и 2021/2022. \
            Настройки (доля, правила, перечень процедур) — сохранённые настройки региона.
            """)

    @OptionGroup var database: DatabaseOption
    @Option(help: "Учебный год перечня (год начала: 2023 = 2023/2024).") var year: Int
    @Option(help: "Только этот муниципалитет (id).") var municipality: Int64?
    @Flag(help: "Добавить школы перечня прошлого года, которые из него выходят или по которым нет результатов (статус «нет данных за учебный год …», последняя колонка «Данные за …»: «нет»).") var leaving = false
    @Flag(help: "Замер: повторить выявление 20 раз и напечатать время (медиана, минимум) в stderr.") var timing = false

    func validate() throws {
        if !(2001...2100).contains(year) { throw ValidationError("--year: год начала учебного года, например 2023") }
    }

    func run() throws {
        let db = try database.open()
        let service = IdentificationService(database: db)
        let report: IdentificationReport
        do {
            report = try service.identify(.console, year: SchoolYear(year), municipalityId: municipality)
        } catch {
            throw ValidationError(explain(error))
        }
        if timing {
            var times: [Double] = []
            for _ in 0..<20 {
                let started = DispatchTime.now().uptimeNanoseconds
                _ = try service.identify(.console, year: SchoolYear(year), municipalityId: municipality)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
            }
            times.sort()
            let line = String(format: "identification of %d schools: median %.1f ms, min %.1f ms (20 runs)\n",
                              report.identified.count, times[times.count / 2], times[0])
            FileHandle.standardError.write(Data(line.utf8))
        }
        if !leaving && !report.noData.isEmpty {
            let line = "нет данных за учебный год \(report.dataYear.title) по \(report.noData.count) школам перечня: это не выход из перечня (--leaving покажет их)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        print(IdentificationCSV.render(report, includeLeaving: leaving), terminator: "")
    }
}

/// The identification list as CSV (RFC 4180: comma, quotes doubled, CRLF-free lines).
enum IdentificationCSV {
    static func render(_ report: IdentificationReport, includeLeaving: Bool) -> String {
        report.table(includeLeaving: includeLeaving).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
