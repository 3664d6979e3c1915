import ArgumentParser
import Core
import Foundation
import SMTP
import Web

/// How mail leaves, for `opora serve` and `opora send-digests`.
struct MailOptions: ParsableArguments {
    @Option(help: "Почтовый сервер HOST:PORT (или OPORA_SMTP); без него письма не отправляются и ждут в очереди.")
    var smtp: String?
    @Option(help: "Имя для входа на почтовый сервер (AUTH PLAIN или LOGIN).") var smtpUser: String?
    @Option(help: "Файл с паролем почтового сервера (пароль не пишется в командной строке).") var smtpPasswordFile: String?
    @Flag(help: "Перейти на TLS командой STARTTLS до входа (без неё письма не уходят).") var smtpStarttls = false
    @Option(help: "Файл PEM с сертификатами, которым доверять вместо системных (например, самоподписанный сервера).")
    var smtpCaFile: String?
    @Option(help: "Адрес отправителя писем (или OPORA_MAIL_FROM).")
    var mailFrom: String?
    @Option(help: "Адрес Опоры для ссылок в письмах, например https://opora.example.ru (или OPORA_BASE_URL).")
    var baseUrl: String = ProcessInfo.processInfo.environment["OPORA_BASE_URL"] ?? "http://127.0.0.1:8080"
    @Option(help: "Первая пауза перед повтором письма, секунд (дальше вдвое дольше, до 6 часов).")
    var mailRetrySeconds: Double = OutboxRetry().firstDelay
    @Option(help: "После скольких отказов 5xx адрес считается нерабочим.")
    var mailFailAfter: Int = OutboxRetry().permanentFailuresToFail

    var retry: OutboxRetry {
        var retry = OutboxRetry()
        retry.firstDelay = max(1, mailRetrySeconds)
        retry.permanentFailuresToFail = max(1, mailFailAfter)
        return retry
    }

    var smtpAddress: String? { smtp ?? ProcessInfo.processInfo.environment["OPORA_SMTP"] }
    var fromAddress: String? { mailFrom ?? ProcessInfo.processInfo.environment["OPORA_MAIL_FROM"] }

    var composer: MailComposer { MailComposer(baseURL: baseUrl, fromAddress: fromAddress ?? "opora@localhost") }

    /// The sender, or nil without `--smtp`.
    func sender(_ database: AppDatabase) throws -> MailSender? {
        guard let smtp = smtpAddress, !smtp.isEmpty else { return nil }
        guard var configuration = SMTPConfiguration(address: smtp) else {
            throw ValidationError("Почтовый сервер указывается как HOST:PORT, например smtp.example.ru:587")
        }
        guard let from = fromAddress, EmailAddress.problem(from) == nil, !from.isEmpty else {
            throw ValidationError("Укажите адрес отправителя: --mail-from opora@example.ru (или OPORA_MAIL_FROM)")
        }
        guard let url = URL(string: baseUrl), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--base-url: нужен адрес вида https://opora.example.ru")
        }
        configuration.username = smtpUser
        if let file = smtpPasswordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("Не читается файл пароля \(file)")
            }
            configuration.password = text.trimmingCharacters(in: .newlines)
        }
        configuration.startTLS = smtpStarttls
        configuration.caFile = smtpCaFile
        return MailSender(database: database, smtp: configuration, composer: composer, retry: retry)
    }
}
