/// Fields of an `application/x-www-form-urlencoded` body or a query string.
public struct FormData: Sendable {
    public private(set) var fields: [(name: String, value: String)] = []
    public static let maximumFields = 1_000

    public init() {}

    /// Fields given directly (the text parts of a multipart body).
    public init(fields: [(name: String, value: String)]) { self.fields = fields }

    /// nil when the text is malformed (bad escapes, invalid UTF-8, an encoded NUL, too many fields).
    public init?(urlEncoded bytes: some Collection<UInt8>) {
        var count = 0
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            count += 1
            if count > Self.maximumFields { return nil }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let emptyValue: ArraySlice<UInt8> = []
            guard let name = PercentDecoding.decode(parts[0], plusAsSpace: true),
                  let value = parts.count > 1 ? PercentDecoding.decode(parts[1], plusAsSpace: true)
                                              : PercentDecoding.decode(emptyValue, plusAsSpace: true)
            else { return nil }
            // No text field of ours holds a NUL; C APIs below (SQLite, logs) would cut the text at it.
            if name.utf8.contains(0) || value.utf8.contains(0) { return nil }
            fields.append((name, value))
        }
    }

    public init?(query: String?) {
        guard let query else { self.init(); return }
        self.init(urlEncoded: Array(query.utf8))
    }

    public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }
    public func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// The value with surrounding white space removed; empty becomes nil.
    public func trimmed(_ name: String) -> String? {
        guard let value = self[name]?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }
}

extension String {
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
