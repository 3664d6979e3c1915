import Foundation

/// The one rule for every password a person chooses (account creation, `opora user add`, the change form):
/// long enough, not the login, not one of the most common passwords, not a repeat, not a run of keys or letters.
public enum PasswordRules {
    public static let minimumLength = 10

    /// Why `password` is refused, in Russian; nil when it is acceptable.
    public static func problem(_ password: String, login: String) -> String? {
        guard password.count >= minimumLength else { return "Пароль — не короче \(minimumLength) символов" }
        let lower = password.lowercased()
        let name = login.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if lower == name { return "Пароль не должен совпадать с логином" }
        if name.count >= 4 && lower.contains(name) { return "Пароль не должен содержать логин" }
        if isRepeat(Array(lower)) {
            return "Пароль из повторяющихся символов (вроде «aaaaaaaaaa» или «abcabcabca») подбирается сразу. Придумайте другой"
        }
        if isSequence(lower) {
            return "Ряд символов подряд (вроде «1234567890», «qwertyuiop», «йцукенгшщз») подбирается сразу. Придумайте другой"
        }
        if isCommon(lower) {
            return "Это один из самых распространённых паролей: его подбирают первым. Придумайте другой"
        }
        return nil
    }

    /// On the list, or a listed password with digits or signs added at the end (`password12`, `dragon2024!`).
    static func isCommon(_ lower: String) -> Bool {
        if CommonPasswords.all.contains(lower) { return true }
        var base = Substring(lower)
        while let last = base.last, !last.isLetter { base.removeLast() }
        return base.count >= 4 && base.count < lower.count && CommonPasswords.all.contains(String(base))
    }

    /// A short unit repeated (`aaaaaaaaaa`, `abcabcabca`, `1212121212`), or hardly any different characters (`1111122222`).
    static func isRepeat(_ characters: [Character]) -> Bool {
        if Set(characters).count < 4 { return true }
        let n = characters.count
        for period in 1...max(1, n / 2) where (period..<n).allSatisfy({ characters[$0] == characters[$0 - period] }) {
            return true
        }
        return false
    }

    /// Runs along the alphabet, the digits or a keyboard row, either way, Latin or Cyrillic.
    static let runs: [String] = [
        "0123456789", "abcdefghijklmnopqrstuvwxyz", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "абвгдежзийклмнопрстуфхцчшщъыьэюя",
        "1234567890-=", "!@#$%^&*()_+", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./", "qwertyuiopasdfghjklzxcvbnm",
        "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю", "йцукенгшщзхъфывапролджэячсмитьбю",
    ]

    static func isSequence(_ lower: String) -> Bool {
        runs.contains { run in
            let cycle = run + run
            return cycle.contains(lower) || String(cycle.reversed()).contains(lower)
        }
    }
}
