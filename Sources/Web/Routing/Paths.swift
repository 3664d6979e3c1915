/// Every link of the application is built here, never by hand in templates.
public enum Paths {
    public static let home = "/"
    public static let resultImport = "/results/import"
    public static let resultImportCommit = "/results/import/commit"
    public static let resultImports = "/results/imports"
    public static func resultImportRollback(_ id: Int64) -> String { "/results/imports/\(id)/rollback" }
    public static let resultTemplateXLSX = "/results/template.xlsx"
    public static let resultTemplateCSV = "/results/template.csv"
    public static let login = "/login"
    public static let logout = "/logout"
    public static let health = "/healthz"
    public static let schools = "/schools"
    public static func school(_ id: Int64) -> String { "/schools/\(id)" }
    public static let accounts = "/accounts"
    public static let newAccount = "/accounts/new"
    public static func account(_ id: Int64) -> String { "/accounts/\(id)" }
    public static func accountDeactivate(_ id: Int64) -> String { "/accounts/\(id)/deactivate" }
    public static func accountReactivate(_ id: Int64) -> String { "/accounts/\(id)/reactivate" }
    public static func accountResetPassword(_ id: Int64) -> String { "/accounts/\(id)/reset-password" }
    /// The signed-in user's own account page (name, role, password, calendar feed, mail settings).
    public static let ownAccount = "/account"
    /// The signed-in user's own password.
    public static let ownPassword = "/account/password"
    public static let newSchool = "/schools/new"
    public static func editSchool(_ id: Int64) -> String { "/schools/\(id)/edit" }
    public static func archiveSchool(_ id: Int64) -> String { "/schools/\(id)/archive" }
    public static func restoreSchool(_ id: Int64) -> String { "/schools/\(id)/restore" }
    public static func schoolStatus(_ id: Int64) -> String { "/schools/\(id)/status" }
    /// The status form, pre-filled: `/schools/7/status?year=2022&flag=lowResults&action=clear`.
    public static func schoolStatus(_ id: Int64, year: Int?, flag: String? = nil, action: String? = nil) -> String {
        withQuery(schoolStatus(id), [("year", year.map(String.init)), ("flag", flag), ("action", action)])
    }
    public static func newSchool(municipality: Int64?) -> String { withQuery(newSchool, [("municipality", municipality.map(String.init))]) }

    static func withQuery(_ path: String, _ items: [(String, String?)]) -> String {
        let parts = items.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(PercentDecoding.encode(value))"
        }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }
    public static func asset(_ name: String) -> String { "/static/\(name)" }

    /// `/schools?q=…&municipality=…` from the filter's non-empty values.
    public static func schools(query items: [(String, String?)]) -> String { withQuery(schools, items) }

    /// `/accounts?q=…&role=…` from the filter's non-empty values.
    public static func accounts(query items: [(String, String?)]) -> String { withQuery(accounts, items) }

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
