import ArgumentParser
import Core
import Foundation

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Учётные записи.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Создать учётную запись; пароль читается со стандартного ввода.")
        @OptionGroup var database: DatabaseOption
        @Option(help: "Логин.") var login: String
        @Option(help: "Роль: admin, regional, municipal, curator, director.") var role: String
        @Option(help: "Фамилия, имя, отчество (по умолчанию — логин).") var name: String?
        @Option(help: "Номер муниципалитета (для municipal и curator).") var municipality: Int64?
        @Option(help: "Номер школы (для director).") var school: Int64?
        @Option(help: "Адрес электронной почты (для сводок и уведомлений).") var email: String?

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("Неизвестная роль «\(role)». Роли: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("Пароль не получен: передайте его на стандартный ввод")
            }
            let db = try database.open()
            do {
                var account = NewAccount(login: login, fullName: name ?? login, role: role, municipalityId: municipality,
                                         schoolId: school, password: line)
                account.email = email ?? ""
                let user = try Accounts(database: db).create(.console, account)
                print("Создана учётная запись \(user.login) (\(role.title)), номер \(user.id ?? 0).")
            } catch {
                throw ValidationError(explain(error))
            }
        }
    }
}
