import Core

/// The CSRF token of one request: the session's, or for visitors the double-submit cookie's.
/// A visitor without a cookie gets one only when a page actually renders a form (not on /healthz or static files).
final class CSRFToken: @unchecked Sendable {
    /// The token the request arrived with, if any: what a submitted form must match.
    let existing: String?
    /// A token created during this request, to be set as the cookie.
    private(set) var issued: String?

    init(session: Sessions.Current?, cookie: String?) {
        if let session {
            existing = session.csrfToken
        } else if let cookie, cookie.utf8.count >= 32, cookie.utf8.count <= 64 {
            existing = cookie
        } else {
            existing = nil
        }
    }

    var value: String {
        if let existing { return existing }
        if let issued { return issued }
        let token = randomToken()
        issued = token
        return token
    }
}
