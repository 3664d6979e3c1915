/// The one check for every redirect target taken from input (`next`, `back`, `return`): a path on this site or the
/// fallback. Refused: anything not starting with one `/` (`//host`, `/\host`, schemes), any control byte, space,
/// DEL, backslash or non-ASCII character (browsers drop TAB and friends, so `/\t/evil.example` means `//evil.example`).
enum SafeRedirect {
    static let maxLength = 2048

    static func path(_ value: String?, fallback: String = Paths.home) -> String {
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), value.utf8.count < maxLength,
              !value.utf8.contains(where: { $0 < 0x21 || $0 >= 0x7F || $0 == UInt8(ascii: "\\") })
        else { return fallback }
        return value
    }
}
