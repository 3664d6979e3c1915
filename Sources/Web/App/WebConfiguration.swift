import Spreadsheet

/// Settings of the web layer.
public struct WebConfiguration: Sendable {
    /// Folder with CSS, images and scripts served under `/static/`.
    public var publicDirectory: String
    /// Mark cookies Secure (behind a TLS-terminating proxy).
    public var secureCookies: Bool = false
    /// Caps on what an uploaded XLSX may inflate (zip bombs).
    public var xlsxLimits: XLSXLimits
    public init(publicDirectory: String, secureCookies: Bool = false, xlsxLimits: XLSXLimits = .default) {
        self.publicDirectory = publicDirectory; self.secureCookies = secureCookies; self.xlsxLimits = xlsxLimits
    }
}
