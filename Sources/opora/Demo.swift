import ArgumentParser
import Core

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Загрузить демо-данные в пустую базу и напечатать демо-учётные записи.",
        discussion: "Без --schools загружается демо-регион из исходных документов (Каменск-Уральский ГО, Кировский район, Кемеровский МО, Горячий Ключ): их учебные годы 2020/2021–2023/2024 — история, дальше демо продолжается до учебного года дня --today (по умолчанию — сегодня). С --schools N — синтетический регион из N школ для нагрузочных замеров. Один и тот же день даёт одну и ту же базу.")

    @OptionGroup var database: DatabaseOption
    @Option(help: "Число школ синтетического региона.") var schools: Int?
    @Option(help: "Число учебных лет синтетического региона, по текущий учебный год дня --today включительно.") var years: Int = 4
    @Option(help: "День, на который строится демо (ГГГГ-ММ-ДД, не раньше \(DemoDay.earliest)); по умолчанию — сегодня.") var today: String?
    @Option(help: "Зерно генератора синтетического региона.") var seed: UInt64 = 1

    func validate() throws {
        if let schools, !(1...100_000).contains(schools) { throw ValidationError("--schools: от 1 до 100000") }
        if !(1...20).contains(years) { throw ValidationError("--years: от 1 до 20") }
        if let today, DemoDay.parse(today) == nil {
            throw ValidationError("--today: ожидается дата ГГГГ-ММ-ДД от \(DemoDay.earliest) до 2100-08-31, например 2026-12-07; получено «\(today)»")
        }
    }

    func run() throws {
        let db = try database.open()
        let day = today.flatMap(DemoDay.parse) ?? db.now
        let running = DemoDay(day).runningYear
        let region = schools.map { SyntheticRegion.make(schools: $0, years: years, seed: seed, lastYear: running) } ?? DemoRegion.seeded
        do {
            let logins = try DemoLoader(database: db).load(region, today: day)
            DemoLogins.print(logins)
        } catch {
            throw ValidationError(explain(error))
        }
    }
}

enum DemoLogins {
    static func print(_ logins: [DemoLogin]) {
        Swift.print("Демо-учётные записи (пароль у всех: \(DemoLoader.password)):")
        let width = logins.map(\.login.count).max() ?? 0
        for login in logins {
            let padded = login.login + String(repeating: " ", count: width - login.login.count)
            Swift.print("  \(padded)  \(login.role.title) — \(login.description)")
        }
    }
}
