import HTTPServer

enum Responses {
    static func html(_ bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/html; charset=utf-8")
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: status, headers: headers, body: .bytes(bytes))
    }

    static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain; charset=utf-8")
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: status, headers: headers, body: .bytes(Array(text.utf8)))
    }

    /// 303 after a POST, so a reload does not repeat it.
    static func redirect(_ location: String, status: HTTPStatus = .seeOther) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Location", location)
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: status, headers: headers, body: .bytes([]))
    }
}

extension HTTPResponse {
    func settingCookie(_ value: String) -> HTTPResponse {
        var copy = self
        copy.headers.add("Set-Cookie", value)
        return copy
    }
}
