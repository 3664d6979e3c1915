/// An e-mail address as a form gives it: trimmed, one `@`, a dotted domain, no spaces or angle brackets (which
/// would break the SMTP envelope or a header). Case is kept; addresses are compared case-insensitively.
public enum EmailAddress {
    public static let maximumLength = 254

    /// nil for a valid address (or an empty one: no mail), else the message for the form.
    public static func problem(_ address: String) -> String? {
        if address.isEmpty { return nil }
        if address.count > maximumLength { return "Адрес почты — не длиннее \(maximumLength) символов" }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = address.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || "<>()[]\\,;:\"".unicodeScalars.contains($0) }
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, !forbidden,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains("..")
        else { return "Адрес почты указан неверно: нужен вид имя@домен.ru" }
        return nil
    }
}
