import Foundation

/// A letter with a text and an HTML part (multipart/alternative, RFC 2046), UTF-8 in base64, headers encoded per
/// RFC 2047 where they are not ASCII.
public struct MIMEMessage: Sendable {
    public var fromAddress: String
    public var fromName: String
    public var toAddress: String
    public var toName: String
    public var subject: String
    public var date: Date
    /// Without angle brackets: `id@host`.
    public var messageID: String
    /// Further headers, already ASCII (List-Unsubscribe and the like).
    public var extraHeaders: [(String, String)] = []
    public var text: String
    public var html: String

    public init(fromAddress: String, fromName: String, toAddress: String, toName: String, subject: String, date: Date,
                messageID: String, text: String, html: String) {
        self.fromAddress = fromAddress; self.fromName = fromName; self.toAddress = toAddress; self.toName = toName
        self.subject = subject; self.date = date; self.messageID = messageID; self.text = text; self.html = html
    }

    /// The message as the DATA of SMTP: CRLF lines, no line longer than 78 characters.
    public func rendered() -> [UInt8] {
        let boundary = "=_opora_" + messageID.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(String.init).joined().prefix(40)
        var headers: [(String, String)] = [
            ("From", Self.mailbox(fromName, fromAddress)),
            ("To", Self.mailbox(toName, toAddress)),
            ("Subject", Self.encodedWords(subject)),
            ("Date", Self.rfc5322Date(date)),
            ("Message-ID", "<\(messageID)>"),
            ("MIME-Version", "1.0"),
        ]
        headers += extraHeaders
        headers.append(("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
        var out = ""
        for (name, value) in headers { out += "\(name): \(value)\r\n" }
        out += "\r\n"
        out += "--\(boundary)\r\n" + Self.part("text/plain", text)
        out += "--\(boundary)\r\n" + Self.part("text/html", html)
        out += "--\(boundary)--\r\n"
        return Array(out.utf8)
    }

    static func part(_ type: String, _ body: String) -> String {
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return "Content-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Data(normalised.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            + "\r\n"
    }

    /// `Name <address>`, the name quoted or RFC 2047-encoded.
    static func mailbox(_ name: String, _ address: String) -> String {
        let clean = name.filter { $0 != "\r" && $0 != "\n" }
        if clean.isEmpty { return "<\(address)>" }
        if clean.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "." || $0 == "-") }) {
            return "\"\(clean)\" <\(address)>"
        }
        return "\(encodedWords(clean)) <\(address)>"
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, folded, never splitting a character; plain ASCII
    /// without controls stays as it is.
    public static func encodedWords(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !clean.contains("=?") && clean.count <= 900 {
            return clean
        }
        var words: [String] = []
        var chunk: [UInt8] = []
        // 45 bytes of UTF-8 become 60 base64 characters: with «=?UTF-8?B?» and «?=» a word of 72.
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// `Mon, 07 Dec 2026 07:00:00 +0300`, in Moscow time.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 3 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
