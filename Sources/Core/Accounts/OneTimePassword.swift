/// Passwords handed to a person once (new account, reset): readable aloud and on paper, no look-alike characters.
public enum OneTimePassword {
    /// Latin lower case and digits without 0/o, 1/l/i: 31 symbols, 12 of them ≈ 59 bits.
    public static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
    public static let groups = 3, groupLength = 4

    /// `xxxx-xxxx-xxxx`.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<groups).map { _ in
            String((0..<groupLength).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        }.joined(separator: "-")
    }
}
