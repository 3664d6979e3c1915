import ArgumentParser
import Core

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Загрузить демо-данные в пустую базу и напечатать демо-учётные записи.",
        discussion: "Без --schools загружается демо-регион из исходных документов (Каменск-Уральский ГО, Кировский район, Кемеровский МО, Горячий Ключ). С --schools N — синтетический регион из N школ для нагрузочных замеров.")

    @OptionGroup var database: DatabaseOption
    @Option(help: "Число школ синтетического региона.") var schools: Int?
    @Option(help: "Число учебных лет истории (по 2023/2024 включительно).") var years: Int = 4
    @Option(help: "Зерно генератора синтетического региона.") var seed: UInt64 = 1

    func validate() throws {
        if let schools, !(1...100_000).contains(schools) { throw ValidationError("--schools: от 1 до 100000") }
        if !(1...20).contains(years) { throw ValidationError("--years: от 1 до 20") }
    }

    func run() throws {
        let db = try database.open()
        let region = schools.map { SyntheticRegion.make(schools: $0, years: years, seed: seed) } ?? DemoRegion.seeded
        do {
            let logins = try DemoLoader(database: db).load(region)
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
