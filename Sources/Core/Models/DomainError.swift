/// Errors the domain reports to its callers; the web layer turns them into pages.
public enum DomainError: Error, Sendable, Equatable {
    /// The acting user may not see or do this.
    case forbidden
    case notFound
    /// Input that breaks a rule; messages are in Russian, keyed by form field.
    case invalid([FieldError])
    case conflict(String)
    /// Too many failed logins; retry after this many seconds.
    case throttled(retryAfter: Int)
    /// Too many password checks running at once; retry after this many seconds.
    case busy(retryAfter: Int)
}

public struct FieldError: Sendable, Equatable {
    public var field: String
    public var message: String
    public init(_ field: String, _ message: String) { self.field = field; self.message = message }
}
