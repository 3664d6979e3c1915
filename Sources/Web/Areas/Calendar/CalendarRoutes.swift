import Core
import Foundation
import HTTPServer

/// The calendar feed (no login: the secret link is the key) and issuing a new link from the account page.
enum CalendarRoutes {
    static let routes: [Route] = [
        Route(.get, "/calendar/{token}.ics", access: .anonymous, feed),
        Route(.get, "/account/calendar") { context in
            let scope = try context.scope
            let hasLink = try CalendarFeeds(database: context.services.database).issuedAt(scope) != nil
            let page = ConfirmPage(chrome: context.chrome(title: "Ссылка на календарь"),
                                   heading: hasLink ? "Выпустить новую ссылку на календарь?" : "Выпустить ссылку на календарь?",
                                   explanation: hasLink
                                       ? "Прежняя ссылка перестанет работать сразу: календари, подписанные на неё, перестанут обновляться. Новую ссылку нужно будет добавить в календарь заново."
                                       : "По ссылке ваш календарь (Яндекс, Google, Outlook, телефон) будет получать сроки отчётов, мероприятий и решений. Ссылка личная: не пересылайте её.",
                                   action: Paths.ownCalendarLink, confirmLabel: hasLink ? "Выпустить новую ссылку" : "Выпустить ссылку",
                                   cancelHref: Paths.ownAccount)
            return Responses.html(Templates.confirm(page))
        },
        Route(.post, "/account/calendar") { context in
            let issued = try CalendarFeeds(database: context.services.database).issue(try context.scope)
            let path = Paths.calendarFeed(token: issued.token)
            let page = CalendarLinkPage(chrome: context.chrome(title: "Ссылка на календарь выпущена"),
                                        url: CalendarFeed.absolute(path, baseURL: context.services.configuration.baseURL ?? origin(context)) ?? path)
            var response = Responses.html(Templates.calendarLink(page))
            response.headers.add("Pragma", "no-cache")
            return response
        },
    ]

    static func feed(_ context: RequestContext) throws -> HTTPResponse {
        let feeds = CalendarFeeds(database: context.services.database)
        // Unknown, revoked or a disabled account's link: the same 404 as any missing page.
        guard let token = context.parameters["token"], let owner = try feeds.owner(token: token) else { throw DomainError.notFound }
        let now = context.services.database.now
        let items = try Agenda(database: context.services.database)
            .items(owner, around: now, daysBack: CalendarFeed.daysBack, daysAhead: CalendarFeed.daysAhead)
        let body = CalendarFeed.calendar(items, ownerName: owner.fullName, baseURL: context.services.configuration.baseURL, now: now).render()
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/calendar; charset=utf-8")
        headers.add("Content-Disposition", "inline; filename=\"opora.ics\"")
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: .bytes(Array(body.utf8)))
    }

    /// `http(s)://host` from the request when no base URL is configured, for showing the link to its owner.
    static func origin(_ context: RequestContext) -> String? {
        guard let host = context.request.headers["Host"], !host.isEmpty,
              host.utf8.allSatisfy({ ("a"..."z").contains(Character(UnicodeScalar($0))) || ("A"..."Z").contains(Character(UnicodeScalar($0)))
                  || ("0"..."9").contains(Character(UnicodeScalar($0))) || ".-:[]".utf8.contains($0) })
        else { return nil }
        return (context.services.configuration.secureCookies ? "https://" : "http://") + host
    }
}

/// The one page that shows a calendar link: served `no-store`, never stored.
struct CalendarLinkPage: Sendable {
    var chrome: Chrome
    var url: String
    var accountHref = Paths.ownAccount
}
