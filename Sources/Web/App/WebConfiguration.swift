/// Settings of the web layer.
public struct WebConfiguration: Sendable {
    /// Folder with CSS, images and scripts served under `/static/`.
    public var publicDirectory: String
    /// Mark cookies Secure (behind a TLS-terminating proxy).
    public var secureCookies: Bool = false
    public init(publicDirectory: String, secureCookies: Bool = false) {
        self.publicDirectory = publicDirectory; self.secureCookies = secureCookies
    }
}
