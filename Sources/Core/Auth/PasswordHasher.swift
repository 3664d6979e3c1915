import Crypto
import _CryptoExtras
import Foundation

/// PBKDF2-SHA256 with a per-user salt; stored as `pbkdf2-sha256$rounds$salt$hash` (base64).
public struct PasswordHasher: Sendable {
    public static let productionRounds = 600_000
    public let rounds: Int

    /// Fewer rounds only for tests: the stored hash names its rounds, so verification still works.
    public init(rounds: Int = PasswordHasher.productionRounds) { self.rounds = rounds }

    public func hash(_ password: String) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = generator.next() }
        let key = derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds > 0,
              let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3]))
        else { return false }
        let key = derive(password, salt: Array(salt), rounds: rounds)
        return constantTimeEquals(key, Array(expected))
    }

    /// Spends the same time as a real check, so an unknown login is not told apart by timing.
    public func burnTime(_ password: String) {
        _ = derive(password, salt: [UInt8](repeating: 7, count: 16), rounds: rounds)
    }

    private func derive(_ password: String, salt: [UInt8], rounds: Int) -> [UInt8] {
        let key = try! KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }
}

public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in a.indices { difference |= a[i] ^ b[i] }
    return difference == 0
}

public func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    constantTimeEquals(Array(a.utf8), Array(b.utf8))
}

/// Random bytes as URL-safe base64 without padding.
public func randomToken(bytes count: Int = 32) -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    return Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

func sha256Hex(_ text: String) -> String {
    lowercaseHex(SHA256.hash(data: Array(text.utf8)))
}

func lowercaseHex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(64)
    for byte in bytes {
        hex.append(digits[Int(byte >> 4)]); hex.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: hex, as: UTF8.self)
}
