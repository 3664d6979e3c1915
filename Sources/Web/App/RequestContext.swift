import Core
import HTTPServer

/// What a handler needs to know about one request.
public struct RequestContext: Sendable {
    public let request: HTTPRequest
    public let parameters: [String: String]
    public let query: FormData
    /// The decoded body of a form POST (empty for GET).
    public let form: FormData
    /// The file parts of a `multipart/form-data` POST (its text parts are in `form`).
    public var files: [MultipartPart] = []
    public let session: Sessions.Current?
    let csrf: CSRFToken
    /// The token forms must carry; for a visitor without one, issuing it sets the cookie on the response.
    public var csrfToken: String { csrf.value }
    let services: Services

    /// The acting user; routes marked `.signedIn` always have one.
    public var scope: Scope {
        get throws {
            guard let session else { throw DomainError.forbidden }
            return session.scope
        }
    }

    /// The client's address: the socket's peer, or the proxy's word for it when the proxy is trusted.
    var clientAddress: String {
        ClientAddress.of(peer: request.remoteAddress, forwardedFor: request.headers.values("X-Forwarded-For"),
                         trustProxy: services.configuration.trustProxy)
    }

    var pathParameters: PathParameters { PathParameters(values: parameters) }

    /// An integer path parameter; a non-number is a 404, as no such page exists.
    func id(_ name: String) throws -> Int64 {
        guard let text = parameters[name], let value = Int64(text), value > 0 else { throw DomainError.notFound }
        return value
    }

    func chrome(title: String, current: String? = nil) -> Chrome {
        Chrome.make(title: title, session: session, csrf: csrfToken, current: current, today: services.database.now,
                    notice: query["notice"].flatMap(Notice.init(rawValue:))).withInbox(services.database, session)
    }
}
