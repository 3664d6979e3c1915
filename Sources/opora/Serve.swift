import ArgumentParser
import Core
import Foundation
import HTTPServer
import Logging
import Web

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Запустить веб-сервер (миграции применяются при старте).")

    @OptionGroup var database: DatabaseOption
    @OptionGroup(title: "Пределы XLSX (zip-бомбы)") var xlsx: XLSXLimitOptions
    @OptionGroup(title: "Почта") var mail: MailOptions
    @Option(help: "Как часто отправлять письма из очереди, секунд (или OPORA_MAIL_INTERVAL).")
    var mailInterval: Double = Double(ProcessInfo.processInfo.environment["OPORA_MAIL_INTERVAL"] ?? "") ?? 30
    @Option(help: "Адрес (или OPORA_HOST).") var host: String = ProcessInfo.processInfo.environment["OPORA_HOST"] ?? "127.0.0.1"
    @Option(help: "Порт (или OPORA_PORT).") var port: Int = Int(ProcessInfo.processInfo.environment["OPORA_PORT"] ?? "") ?? 8080
    @Option(help: "Папка статических файлов (по умолчанию Public рядом с проектом).") var publicDir: String?
    @Flag(help: "Ставить cookies с флагом Secure (за HTTPS-прокси).") var secureCookies = false
    @Flag(help: "Не писать журнал запросов.") var quiet = false
    @Option(help: "Потоков, выполняющих запросы (0 — по два на ядро; или OPORA_WORKERS).")
    var workers: Int = Int(ProcessInfo.processInfo.environment["OPORA_WORKERS"] ?? "") ?? 0
    @Flag(help: "Брать адрес клиента из X-Forwarded-For (за nginx на loopback; или OPORA_TRUST_PROXY=1).")
    var trustProxy = ProcessInfo.processInfo.environment["OPORA_TRUST_PROXY"] == "1"
    @Option(help: "Попыток входа с одного адреса подряд (0 — без ограничения; или OPORA_LOGIN_BURST).")
    var loginBurst: Int = Int(ProcessInfo.processInfo.environment["OPORA_LOGIN_BURST"] ?? "") ?? LoginLimits().burst
    @Option(help: "Сколько попыток входа в минуту добавляется адресу (или OPORA_LOGIN_PER_MINUTE).")
    var loginPerMinute: Double = Double(ProcessInfo.processInfo.environment["OPORA_LOGIN_PER_MINUTE"] ?? "") ?? LoginLimits().perMinute
    @Option(help: "Проверок пароля одновременно; столько же ждут очереди до 2 с (по умолчанию половина ядер; или OPORA_PASSWORD_CHECKS).")
    var passwordChecks: Int = Int(ProcessInfo.processInfo.environment["OPORA_PASSWORD_CHECKS"] ?? "") ?? LoginLimits().concurrentChecks

    func run() throws {
        let db = try database.open()
        let publicDirectory = publicDir ?? PublicDirectory.locate()
        var limits = LoginLimits()
        limits.burst = max(0, loginBurst)
        limits.perMinute = max(0.01, loginPerMinute)
        limits.concurrentChecks = max(1, passwordChecks)
        limits.waitingChecks = max(1, passwordChecks)
        var web = WebConfiguration(publicDirectory: publicDirectory, secureCookies: secureCookies,
                                   trustProxy: trustProxy, loginLimits: limits, xlsxLimits: xlsx.limits)
        web.baseURL = mail.baseUrl
        let app = OporaApp(database: db, configuration: web)
        var config = HTTPServerConfiguration()
        config.host = host
        config.port = port
        config.workerThreads = max(0, workers)
        if !quiet { config.accessLog = AccessLog.write }
        let server = HTTPServer(configuration: config, handler: app)
        NotificationSweep.startHourly(db)
        ExternalChangeWatch.start(db)
        if let sender = try mail.sender(db) {
            MailSenderLoop.start(sender, interval: max(1, mailInterval)) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        } else {
            FileHandle.standardError.write(Data("Почта не отправляется (нет --smtp): письма ждут в очереди.\n".utf8))
        }
        FileHandle.standardError.write(Data("Опора слушает http://\(host):\(port) (база \(database.db))\n".utf8))
        // Returns after SIGTERM or SIGINT, once in-flight requests are answered.
        try server.runUntilTerminated()
    }
}

enum AccessLog {
    /// One line per request on standard error: method, path, status, bytes, milliseconds.
    @Sendable static func write(_ entry: AccessLogEntry) {
        // Tenths of a millisecond without String(format:), which costs more than the rest of the line.
        let tenths = Int((entry.milliseconds * 10).rounded())
        let line = "\(entry.remoteAddress) \(entry.method) \(LoggedPath.redacting(entry.path)) \(entry.status) \(entry.bytes) \(tenths / 10).\(tenths % 10)ms\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

enum PublicDirectory {
    /// `./Public`, else the `Public` of the checkout the binary was built in.
    static func locate() -> String {
        if let env = ProcessInfo.processInfo.environment["OPORA_PUBLIC"] { return env }
        let here = FileManager.default.currentDirectoryPath + "/Public"
        if FileManager.default.fileExists(atPath: here) { return here }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            url = url.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Public").path) {
                return url.appendingPathComponent("Public").path
            }
        }
        return here
    }
}
