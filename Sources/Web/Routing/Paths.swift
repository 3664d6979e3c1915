/// Every link of the application is built here, never by hand in templates.
public enum Paths {
    public static let home = "/"
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
    /// The signed-in user's own password.
    public static let ownPassword = "/account/password"
    public static func asset(_ name: String) -> String { "/static/\(name)" }

    /// `/schools?q=…&municipality=…` from the filter's non-empty values.
    public static func schools(query items: [(String, String?)]) -> String {
        let parts = items.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(PercentDecoding.encode(value))"
        }
        return parts.isEmpty ? schools : schools + "?" + parts.joined(separator: "&")
    }

    /// `/accounts?q=…&role=…` from the filter's non-empty values.
    public static func accounts(query items: [(String, String?)]) -> String {
        let parts = items.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(PercentDecoding.encode(value))"
        }
        return parts.isEmpty ? accounts : accounts + "?" + parts.joined(separator: "&")
    }
}
