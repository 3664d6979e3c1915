import Core

// MARK: Mail (issue 14)
extension Paths {
    /// GET: a confirm page; POST: switches the account's mail off (also RFC 8058 one-click). No login.
    public static func unsubscribe(userId: Int64, signature: String) -> String { "/unsubscribe/\(userId)/\(signature)" }
    public static func accountMail(_ id: Int64) -> String { "/accounts/\(id)/mail" }
    public static let ownAccountMail = "/account/mail"

    /// Where a digest line leads.
    public static func digestLink(_ link: DigestLink) -> String {
        switch link {
        case .report(let id): report(id)
        case .roadmap(let school, let year): roadmap(school: school, year: year)
        case .riskProfile(let school, let year): riskProfile(school: school, year: year)
        case .document(let id): document(id)
        case .schoolReports(let school, let year): schoolReports(school, year: year)
        case .decisions(let school, let year): decisions(query: [("school", school.map(String.init)), ("year", String(year))])
        case .event(let id): event(id)
        case .municipalPlan(let municipality, let year): municipalPlan(municipality, year: year)
        }
    }
}
