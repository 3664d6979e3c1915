/// Where and how mail leaves: an SMTP relay (submission), with STARTTLS and AUTH when asked.
public struct SMTPConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    /// Upgrade the connection with STARTTLS before authenticating; refuse to go on if the server does not offer it.
    public var startTLS: Bool = false
    /// PEM file of the certificate authorities to trust instead of the system's (e.g. a relay's self-signed certificate).
    public var caFile: String?
    /// The name given in EHLO.
    public var heloName: String = "opora.localhost"
    /// Seconds to wait for the server at each step.
    public var timeout: Int = 30

    public init(host: String, port: Int) { self.host = host; self.port = port }

    /// `HOST:PORT` (`[::1]:25` for IPv6); nil when malformed.
    public init?(address: String) {
        var text = Substring(address)
        var host: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            text = text[text.index(after: close)...]
            guard text.hasPrefix(":") else { return nil }
            text = text.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            text = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(text), (1...65535).contains(port) else { return nil }
        self.init(host: String(host), port: port)
    }
}

/// Why a letter did not leave. `transient`: the server is down, slow or answered 4xx; try again later.
/// `permanent`: the server refused this letter or recipient with 5xx.
public enum SMTPError: Error, Equatable, CustomStringConvertible {
    case transient(String)
    case permanent(code: Int, String)

    public var description: String {
        switch self {
        case .transient(let text): return text
        case .permanent(let code, let text): return "\(code) \(text)"
        }
    }
}

/// One letter for the envelope: who from, who to, and the message itself (CRLF lines, headers and body).
public struct SMTPEnvelope: Sendable {
    public var from: String
    public var to: String
    public var data: [UInt8]
    public init(from: String, to: String, data: [UInt8]) { self.from = from; self.to = to; self.data = data }
}
