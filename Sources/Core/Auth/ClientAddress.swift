import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Client addresses as the login budget counts them.
public enum ClientAddress {
    /// An IPv4 address counts as itself; an IPv6 address by its /64 network, which one client usually holds whole.
    public static func budgetKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12..<16].map(String.init).joined(separator: ".") // IPv4-mapped
        }
        return bytes[0..<8].map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
    }

    /// The address a request comes from: the socket's peer, or, behind a trusted proxy (nginx on loopback with
    /// `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`), the last address of `X-Forwarded-For`,
    /// the one that proxy saw. Anything but a plain IP address there is ignored.
    public static func of(peer: String, forwardedFor: [String], trustProxy: Bool) -> String {
        guard trustProxy, let last = forwardedFor.joined(separator: ",").split(separator: ",").last else { return peer }
        let candidate = last.trimmingCharacters(in: .whitespaces)
        var scratch = [UInt8](repeating: 0, count: 16)
        let valid = inet_pton(AF_INET, candidate, &scratch) == 1 || inet_pton(AF_INET6, candidate, &scratch) == 1
        return valid ? candidate : peer
    }
}
