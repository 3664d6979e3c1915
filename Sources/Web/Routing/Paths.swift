/// Every link of the application is built here, never by hand in templates.
public enum Paths {
    public static let home = "/"
    public static let resultImport = "/results/import"
    public static let resultImportCommit = "/results/import/commit"
    public static let resultImports = "/results/imports"
    public static func resultImportRollback(_ id: Int64) -> String { "/results/imports/\(id)/rollback" }
    public static let resultTemplateXLSX = "/results/template.xlsx"
    public static let resultTemplateCSV = "/results/template.csv"
    /// Forwards to `AuthRoute`, kept for the chrome and the sign-in redirects.
    public static var login: String { AuthRoute.login.path }
    public static var logout: String { AuthRoute.logout.path }
    /// Forwards to `SchoolRoute`, kept for the many links to a school's card and to the list from other areas.
    public static var schools: String { SchoolRoute.list.path }
    public static func school(_ id: Int64) -> String { SchoolRoute.card(id).path }
    /// Forwards to `AccountRoute`, kept for the navigation, the mail settings and the letters' links.
    public static var accounts: String { AccountRoute.list.path }
    public static func account(_ id: Int64) -> String { AccountRoute.card(id).path }
    /// The signed-in user's own account page (name, role, password, calendar feed, mail settings).
    public static var ownAccount: String { AccountRoute.own.path }
    /// The signed-in user's own password.
    public static var ownPassword: String { AccountRoute.ownPassword.path }

    static func withQuery(_ path: String, _ items: [(String, String?)]) -> String {
        let parts = items.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(PercentDecoding.encode(value))"
        }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }

    // Documents
    public static func schoolDocuments(_ id: Int64, year: Int? = nil) -> String {
        "/schools/\(id)/documents" + (year.map { "?year=\($0)" } ?? "")
    }
    public static func document(_ id: Int64) -> String { "/documents/\(id)" }
    public static func documentVersions(_ id: Int64) -> String { "/documents/\(id)/versions" }
    public static func documentReview(_ id: Int64) -> String { "/documents/\(id)/review" }
    public static func documentVersionDownload(_ id: Int64) -> String { "/documents/versions/\(id)/download" }
    public static func municipalityDocuments(_ id: Int64, year: Int? = nil) -> String {
        "/municipalities/\(id)/documents" + (year.map { "?year=\($0)" } ?? "")
    }
    public static let documentKinds = "/document-kinds"
    public static func documentKindCriteria(_ id: Int64) -> String { "/document-kinds/\(id)/criteria" }
    public static func documentCriterionArchive(_ id: Int64) -> String { "/document-criteria/\(id)/archive" }
    public static func reportItemEvidence(_ id: Int64) -> String { "/report-items/\(id)/evidence" }
    public static func evidenceDownload(_ id: Int64) -> String { "/evidence/\(id)/download" }
}
