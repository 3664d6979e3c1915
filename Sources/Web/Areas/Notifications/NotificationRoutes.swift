import Core
import HTTPServer

/// The inbox of in-app notifications (issue 7).
///
/// Opening a notification is a POST («Открыть», with the CSRF token) that marks it read and redirects (303) to what
/// it is about: no GET changes state, so a prefetching browser, a link preview or a crawler of a pasted URL can never
/// mark anything read, and a forged cross-site request cannot either.
enum NotificationRoutes {
    static let routes: [Route] = [
        Route(.get, "/notifications") { context in Responses.html(Templates.notificationInbox(try inboxPage(context))) },
    ] + ListExport.routes("/notifications") { try inboxPage($0).export } + [
        Route(.post, "/notifications/{id}/open") { context in
            let target = try Notifications(database: context.services.database).open(try context.scope, id: try context.id("id"))
            return Responses.redirect(Paths.notificationTarget(target) ?? Paths.notifications)
        },
        Route(.post, "/notifications/read-all") { context in
            try Notifications(database: context.services.database).markAllRead(try context.scope)
            return Responses.redirect(Notice.redirect(Paths.notifications, .notificationsRead))
        },
    ]
}

extension NotificationRoutes {
    static func inboxPage(_ context: RequestContext) throws -> NotificationInboxPage {
        let scope = try context.scope
        let page = Int(context.query["page"] ?? "") ?? 1
        let inbox = try Notifications(database: context.services.database).inbox(scope, page: page)
        let view = NotificationInboxPage(
            chrome: context.chrome(title: "Уведомления", current: Paths.notifications),
            items: inbox.items.map(NotificationFormat.row),
            unreadText: inbox.unread == 0 ? "Непрочитанных нет."
                : "Непрочитанных: \(inbox.unread).",
            hasUnread: inbox.unread > 0,
            newerHref: inbox.page > 1 ? Paths.notifications(page: inbox.page - 1) : nil,
            olderHref: inbox.hasNext ? Paths.notifications(page: inbox.page + 1) : nil,
            exports: ExportLinks(Paths.notifications, query: context.query))
        return view
    }
}
