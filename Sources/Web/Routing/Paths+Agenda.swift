import Core

/// The calendar feed and the links of agenda items (feed, digest).
extension Paths {
    /// The secret feed address; the token is base64url, safe in a path as it is.
    public static func calendarFeed(token: String) -> String { "/calendar/\(token).ics" }
    /// GET: confirm issuing a new link; POST: issue it (the old one stops working).
    public static let ownCalendarLink = "/account/calendar"

    /// Where an agenda item opens.
    public static func agendaItem(_ target: AgendaItem.Target) -> String {
        switch target {
        case .report(let id?, _, _): report(id)
        case .report(nil, let schoolId, let year): schoolReports(schoolId, year: year)
        case .roadmap(let schoolId, let year): roadmap(school: schoolId, year: year)
        case .municipalPlan(let municipalityId, let year): municipalPlan(municipalityId, year: year)
        case .event(let id): event(id)
        case .decision(_, let municipalityId, let year): decisions(query: [("municipality", String(municipalityId)), ("year", String(year))])
        }
    }
}
