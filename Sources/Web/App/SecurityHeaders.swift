import HTTPServer

enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static func apply(to response: inout HTTPResponse) {
        response.headers.add("Content-Security-Policy", contentSecurityPolicy)
        response.headers.add("X-Frame-Options", "DENY")
        response.headers.add("X-Content-Type-Options", "nosniff")
        response.headers.add("Referrer-Policy", "same-origin")
    }
}
