import Core

/// The header's link to the inbox with the unread count (every signed-in page).
struct InboxBadge: Sendable {
    var href = Paths.notifications
    var unread: Int
    var hasUnread: Bool { unread > 0 }
    /// «Уведомления, 3 непрочитанных» for screen readers and the title.
    var label: String {
        unread == 0 ? "Уведомления, непрочитанных нет"
            : "Уведомления, " + RussianPlural.count(unread, "непрочитанное", "непрочитанных", "непрочитанных")
    }
}

extension Chrome {
    /// The chrome with the signed-in user's unread count: one COUNT over the index (userId, readAt, id).
    func withInbox(_ database: AppDatabase, _ session: Sessions.Current?) -> Chrome {
        guard let scope = session?.scope, user != nil else { return self }
        var copy = self
        copy.inbox = InboxBadge(unread: (try? Notifications(database: database).unreadCount(scope)) ?? 0)
        return copy
    }
}

struct NotificationInboxPage: Sendable {
    var chrome: Chrome
    var items: [NotificationRow]
    var unreadText: String
    var hasUnread: Bool
    var readAllAction = Paths.notificationsReadAll
    var newerHref: String?
    var olderHref: String?
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Уведомления", asciiName: "notifications",
                   columns: [ExportColumn("Когда", width: 18), ExportColumn("Что", width: 28), ExportColumn("Уведомление", width: 50),
                             ExportColumn("Подробности", width: 60), ExportColumn("Прочитано", width: 10)],
                   rows: items.map { [$0.when, $0.kindTitle, $0.title, $0.body, $0.isUnread ? "нет" : "да"] })
    }
}

struct NotificationRow: Sendable {
    var id: Int64
    var title: String
    var body: String
    var when: String
    var isUnread: Bool
    var kindTitle: String
    /// POST: marks read and redirects; nil when the notification leads nowhere (it can still be marked read).
    var openAction: String
    var hasTarget: Bool
    var domId: String { "notification-\(id)" }
}

enum NotificationFormat {
    static func kindTitle(_ kind: NotificationKind?) -> String {
        switch kind {
        case .reportReturned: "Отчёт"
        case .roadmapApproved, .roadmapReturned: "Дорожная карта"
        case .documentReviewed, .documentUploaded: "Документ"
        case .periodOpened: "Отчётный период"
        case .periodDueSoon: "Срок сдачи"
        case .decisionAddressed: "Управленческое решение"
        case nil: "Уведомление"
        }
    }

    static func row(_ item: NotificationItem) -> NotificationRow {
        NotificationRow(id: item.id, title: item.title, body: item.body, when: RussianDate.dateTime(item.createdAt),
                        isUnread: item.isUnread, kindTitle: kindTitle(item.kind), openAction: Paths.openNotification(item.id),
                        hasTarget: Paths.notificationTarget(item.target) != nil)
    }
}
