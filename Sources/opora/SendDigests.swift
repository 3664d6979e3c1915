import ArgumentParser
import Core
import Foundation
import Web

struct SendDigests: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-digests",
        abstract: "Разослать сегодняшние сводки (одна в день каждому) и отправить письма из очереди.")

    @OptionGroup var database: DatabaseOption
    @OptionGroup(title: "Почта") var mail: MailOptions
    @Flag(help: "Показать, что было бы отправлено, ничего не отправляя и не записывая.") var dryRun = false

    func run() throws {
        let db = try database.open()
        if dryRun {
            let started = Date()
            let digests = try Digests(database: db).preview()
            var lines = 0
            for digest in digests {
                let letter = mail.composer.digest(digest)
                lines += digest.lineCount
                print("\(digest.userId)\t\(digest.fullName)\t\(letter.subject)")
            }
            let pending = try MailOutbox(database: db).pendingCount()
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("Сводок: \(digests.count), строк в них: \(lines), в очереди писем: \(pending); составлено за \(String(format: "%.2f", seconds)) с. Ничего не отправлено.\n".utf8))
            return
        }
        guard let sender = try mail.sender(db) else {
            throw ValidationError("Укажите почтовый сервер: --smtp HOST:PORT (или OPORA_SMTP)")
        }
        let written = try sender.writeDigests()
        let flush = try sender.flushAll()
        print("Сводок записано: \(written); писем отправлено: \(flush.sent), отложено: \(flush.deferred), отказано: \(flush.refused).")
    }
}
