import HTTPServer

enum Cookies {
    /// Values of the `Cookie` header(s) by name; the first occurrence wins.
    static func parse(_ headers: HTTPHeaders) -> [String: String] {
        var result: [String: String] = [:]
        for header in headers.values("Cookie") {
            for part in header.split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let name = pair[0].trimmingCharacters(in: " ")
                if result[name] == nil { result[name] = pair[1].trimmingCharacters(in: " \"") }
            }
        }
        return result
    }

    static func setCookie(name: String, value: String, maxAge: Int?, secure: Bool, httpOnly: Bool = true) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "SameSite=Lax"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if httpOnly { parts.append("HttpOnly") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
