#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An SMTP session (RFC 5321) on POSIX sockets: EHLO, optional STARTTLS (RFC 3207) and AUTH PLAIN or LOGIN
/// (RFC 4954), then letters one by one. Blocking; one session per flush of the outbox.
public final class SMTPClient {
    public let configuration: SMTPConfiguration
    private let transport: SMTPTransport
    private var buffer: [UInt8] = []
    private var extensions: [String] = []

    /// Connects, greets, upgrades and authenticates as configured.
    public init(_ configuration: SMTPConfiguration) throws {
        // A server closing mid-write must give an error, not kill the process (TLS writes ignore MSG_NOSIGNAL).
        signal(SIGPIPE, SIG_IGN)
        self.configuration = configuration
        transport = try SMTPTransport(host: configuration.host, port: configuration.port, timeout: configuration.timeout)
        try expect(reply(), 220, "приветствие")
        try ehlo()
        if configuration.startTLS {
            guard extensions.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                throw SMTPError.transient("почтовый сервер не предлагает STARTTLS")
            }
            try expect(command("STARTTLS"), 220, "STARTTLS")
            buffer = []
            try transport.startTLS(host: configuration.host, caFile: configuration.caFile)
            try ehlo()
        }
        if let user = configuration.username {
            try authenticate(user: user, password: configuration.password ?? "")
        }
    }

    deinit { transport.close() }

    /// Sends one letter; returns once the server answered 250 to its data. A 5xx to the recipient or the data is
    /// `.permanent` (the session stays usable: the next letter may go); other failures are `.transient`.
    public func send(_ envelope: SMTPEnvelope) throws {
        let mail = try command("MAIL FROM:<\(envelope.from)>")
        guard mail.code == 250 else { try reset(); throw SMTPError.transient("MAIL FROM: \(mail.code) \(mail.text)") }
        let rcpt = try command("RCPT TO:<\(envelope.to)>")
        guard rcpt.code == 250 || rcpt.code == 251 else { try reset(); throw Self.failure(rcpt, "RCPT TO") }
        let data = try command("DATA")
        guard data.code == 354 else { try reset(); throw Self.failure(data, "DATA") }
        try transport.write(Self.dotStuffed(envelope.data))
        let done = try reply()
        guard done.code == 250 else { throw Self.failure(done, "письмо") }
    }

    public func quit() {
        _ = try? command("QUIT")
        transport.close()
    }

    static func failure(_ reply: Reply, _ step: String) -> SMTPError {
        (500..<600).contains(reply.code) ? .permanent(code: reply.code, "\(step): \(reply.text)") : .transient("\(step): \(reply.code) \(reply.text)")
    }

    private func reset() throws { _ = try command("RSET") }

    private func ehlo() throws {
        let answer = try command("EHLO \(configuration.heloName)")
        try expect(answer, 250, "EHLO")
        extensions = Array(answer.lines.dropFirst())
    }

    private func authenticate(user: String, password: String) throws {
        let mechanisms = extensions.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased().split(separator: " ").dropFirst().map(String.init) ?? []
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try expectAuth(command("AUTH PLAIN \(token)", secret: true))
        } else if mechanisms.contains("LOGIN") {
            try expect(command("AUTH LOGIN"), 334, "AUTH LOGIN")
            try expect(command(Data(user.utf8).base64EncodedString(), secret: true), 334, "AUTH LOGIN")
            try expectAuth(command(Data(password.utf8).base64EncodedString(), secret: true))
        } else {
            throw SMTPError.transient("почтовый сервер не предлагает AUTH PLAIN или LOGIN" + (transport.isTLS ? "" : " (может быть, нужен --smtp-starttls)"))
        }
    }

    private func expectAuth(_ answer: Reply) throws {
        // Wrong credentials are the operator's to fix, not the recipient's fault: never `.permanent`.
        guard answer.code == 235 else { throw SMTPError.transient("вход на почтовый сервер не удался: \(answer.code) \(answer.text)") }
    }

    private func expect(_ answer: Reply, _ code: Int, _ step: String) throws {
        guard answer.code == code else { throw SMTPError.transient("\(step): \(answer.code) \(answer.text)") }
    }

    struct Reply { var code: Int; var lines: [String]; var text: String { lines.joined(separator: " ") } }

    private func command(_ line: String, secret: Bool = false) throws -> Reply {
        try transport.write(Array((line + "\r\n").utf8))
        return try reply()
    }

    /// One reply, possibly multi-line (`250-…` then `250 …`).
    private func reply() throws -> Reply {
        var lines: [String] = []
        while true {
            let line = try readLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPError.transient("непонятный ответ почтового сервера: \(line.prefix(100))") }
            let rest = line.dropFirst(3)
            lines.append(String(rest.dropFirst()))
            if rest.first != "-" { return Reply(code: code, lines: lines) }
            if lines.count > 1000 { throw SMTPError.transient("слишком длинный ответ почтового сервера") }
        }
    }

    private func readLine() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if buffer.count > 65536 { throw SMTPError.transient("слишком длинная строка ответа почтового сервера") }
            let chunk = try transport.read()
            if chunk.isEmpty { throw SMTPError.transient("почтовый сервер закрыл соединение") }
            buffer += chunk
        }
    }

    /// The data with lines starting with «.» doubled and the final «CRLF.CRLF» (RFC 5321 4.5.2).
    static func dotStuffed(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 64)
        var lineStart = true
        for byte in data {
            if lineStart && byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            lineStart = byte == 0x0A
        }
        if !(out.suffix(2) == [0x0D, 0x0A]) { out += [0x0D, 0x0A] }
        out += Array(".\r\n".utf8)
        return out
    }
}
