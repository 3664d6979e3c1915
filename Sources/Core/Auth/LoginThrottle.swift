import Crypto
import Foundation
import GRDB

/// The rows of `loginThrottle`: one per login and client address, keyed by an HMAC with the server key, so the
/// table never holds a login as typed and every row has the same small size.
enum LoginThrottle {
    /// A row is forgotten this long after its last failure (longer than the longest delay).
    static let window: TimeInterval = 3600

    static func key(_ db: Database, login: String, address: String) throws -> String {
        guard let secret = try Data.fetchOne(db, cachedSQL: "SELECT value FROM serverKey WHERE name = 'loginThrottle'") else {
            throw DomainError.conflict("Нет ключа сервера: примените миграции (opora migrate)")
        }
        let text = login.lowercased() + "\u{0}" + address
        let code = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: secret))
        return lowercaseHex(code)
    }
}
