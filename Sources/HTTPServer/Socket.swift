#if canImport(Glibc)
import Glibc
#endif
import CHTTPShims

enum Socket {
    /// Raises the soft RLIMIT_NOFILE to the hard limit.
    static func raiseFileLimit() {
        var rl = rlimit()
        let res = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        if getrlimit(res, &rl) == 0 && rl.rlim_cur < rl.rlim_max {
            rl.rlim_cur = rl.rlim_max
            _ = setrlimit(res, &rl)
        }
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32 = 1) {
        var v = value
        _ = setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
    }

    /// A non-blocking listening socket; `port` 0 picks one. Returns the fd and the bound port.
    static func listen(host: String, port: Int, reusePort: Bool) throws -> (Int32, Int) {
        var storage = sockaddr_storage()
        var length: socklen_t
        var family: Int32
        let h = host == "localhost" ? "127.0.0.1" : (host.isEmpty ? "0.0.0.0" : host)
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, h, &v4) == 1 {
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                let sin = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
                sin.pointee.sin_family = sa_family_t(AF_INET)
                sin.pointee.sin_port = in_port_t(UInt16(port).bigEndian)
                sin.pointee.sin_addr = v4
            }
        } else if inet_pton(AF_INET6, h, &v6) == 1 {
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                let sin = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                sin.pointee.sin6_family = sa_family_t(AF_INET6)
                sin.pointee.sin6_port = in_port_t(UInt16(port).bigEndian)
                sin.pointee.sin6_addr = v6
            }
        } else {
            throw HTTPServerError.bind("not a numeric address: \(host)")
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError.bind("socket: \(String(cString: strerror(errno)))") }
        setOption(fd, SOL_SOCKET, SO_REUSEADDR)
        if reusePort { setOption(fd, SOL_SOCKET, SO_REUSEPORT) }
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard rc == 0 else {
            let msg = String(cString: strerror(errno))
            close(fd)
            throw HTTPServerError.bind("bind \(host):\(port): \(msg)")
        }
        guard Glibc.listen(fd, 4096) == 0 else {
            let msg = String(cString: strerror(errno))
            close(fd)
            throw HTTPServerError.bind("listen: \(msg)")
        }
        var bound = sockaddr_storage()
        var blen = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &blen) }
        }
        return (fd, portOf(&bound))
    }

    static func portOf(_ s: inout sockaddr_storage) -> Int {
        let family = Int32(s.ss_family)
        return withUnsafeBytes(of: &s) { raw in
            if family == AF_INET {
                return Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
            }
            return Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
        }
    }

    static func addressString(_ s: inout sockaddr_storage) -> String {
        var buf = [CChar](repeating: 0, count: 64)
        let family = Int32(s.ss_family)
        withUnsafeMutableBytes(of: &s) { raw in
            if family == AF_INET {
                var a = raw.load(as: sockaddr_in.self).sin_addr
                _ = inet_ntop(AF_INET, &a, &buf, 64)
            } else if family == AF_INET6 {
                var a = raw.load(as: sockaddr_in6.self).sin6_addr
                _ = inet_ntop(AF_INET6, &a, &buf, 64)
            }
        }
        let bytes = buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
