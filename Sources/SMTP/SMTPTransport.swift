#if canImport(Glibc)
import Glibc
#endif
import CSMTPOpenSSL

/// A blocking TCP connection with send and receive timeouts, upgraded to TLS in place by STARTTLS.
final class SMTPTransport {
    private var fd: Int32
    private var ctx: OpaquePointer?
    private var ssl: OpaquePointer?

    init(host: String, port: Int, timeout: Int) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw SMTPError.transient("адрес \(host) не найден: \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "нет адресов"
        var node: UnsafeMutablePointer<addrinfo>? = first
        fd = -1
        while let info = node {
            let s = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            if s >= 0 {
                var tv = timeval(tv_sec: timeout, tv_usec: 0)
                setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                if connect(s, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { fd = s; break }
                lastError = String(cString: strerror(errno))
                Glibc.close(s)
            }
            node = info.pointee.ai_next
        }
        guard fd >= 0 else { throw SMTPError.transient("нет соединения с \(host):\(port): \(lastError)") }
    }

    deinit { close() }

    func close() {
        if let ssl { SSL_shutdown(ssl); SSL_free(ssl) }
        if let ctx { SSL_CTX_free(ctx) }
        ssl = nil; ctx = nil
        if fd >= 0 { Glibc.close(fd); fd = -1 }
    }

    /// STARTTLS: a TLS client handshake over the open connection, checking the certificate and the host name.
    func startTLS(host: String, caFile: String?) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw SMTPError.transient("TLS недоступен: \(Self.tlsError())") }
        ctx = context
        csmtp_require_tls12(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if let caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw SMTPError.transient("не читается файл сертификатов \(caFile): \(Self.tlsError())")
            }
        } else {
            SSL_CTX_set_default_verify_paths(context)
        }
        guard let connection = SSL_new(context) else { throw SMTPError.transient("TLS: \(Self.tlsError())") }
        ssl = connection
        _ = csmtp_set_sni(connection, host)
        SSL_set1_host(connection, host)
        SSL_set_fd(connection, fd)
        guard SSL_connect(connection) == 1 else {
            let verify = SSL_get_verify_result(connection)
            let reason = verify == 0 ? Self.tlsError() : String(cString: X509_verify_cert_error_string(verify))
            throw SMTPError.transient("TLS-рукопожатие с \(host) не удалось: \(reason)")
        }
    }

    var isTLS: Bool { ssl != nil }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n: Int = bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress! + offset
                if let ssl { return Int(SSL_write(ssl, base, Int32(min(bytes.count - offset, Int(Int32.max))))) }
                return send(fd, base, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 {
                if ssl == nil && n < 0 && errno == EINTR { continue }
                throw SMTPError.transient("соединение с почтовым сервером прервано при отправке")
            }
            offset += n
        }
    }

    /// Up to `capacity` bytes; an empty result means the server closed the connection.
    func read(capacity: Int = 4096) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: capacity)
        while true {
            let n: Int = buffer.withUnsafeMutableBytes { raw in
                if let ssl { return Int(SSL_read(ssl, raw.baseAddress, Int32(capacity))) }
                return recv(fd, raw.baseAddress, capacity, 0)
            }
            if n > 0 { return Array(buffer[0..<n]) }
            if n == 0 { return [] }
            if ssl == nil && errno == EINTR { continue }
            if ssl == nil && (errno == EAGAIN || errno == EWOULDBLOCK) { throw SMTPError.transient("почтовый сервер не отвечает") }
            throw SMTPError.transient("соединение с почтовым сервером прервано")
        }
    }

    static func tlsError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "неизвестная ошибка" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(cString: buffer)
    }
}
