import Core
import Spreadsheet

/// Settings of the web layer.
public struct WebConfiguration: Sendable {
    /// Folder with CSS, images and scripts served under `/static/`.
    public var publicDirectory: String
    /// Mark cookies Secure (behind a TLS-terminating proxy).
    public var secureCookies: Bool = false
    /// Take the client address from `X-Forwarded-For` (the app behind nginx on loopback); otherwise the socket's peer.
    public var trustProxy: Bool = false
    /// The budgets of login attempts and the bound on password checks.
    public var loginLimits = LoginLimits()
    /// Caps on what an uploaded XLSX may inflate (zip bombs).
    public var xlsxLimits: XLSXLimits
    /// The address users reach Opora at (`https://opora.example.ru`), for absolute links in feeds and mail; nil: unknown.
    public var baseURL: String? = nil
    public init(publicDirectory: String, secureCookies: Bool = false, trustProxy: Bool = false,
                loginLimits: LoginLimits = LoginLimits(), xlsxLimits: XLSXLimits = .default) {
        self.publicDirectory = publicDirectory; self.secureCookies = secureCookies
        self.trustProxy = trustProxy; self.loginLimits = loginLimits; self.xlsxLimits = xlsxLimits
    }
}
