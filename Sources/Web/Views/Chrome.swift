import Foundation
import Core

/// The layout's model: title, the signed-in user and the navigation.
struct Chrome: Sendable {
    var title: String
    var user: UserBadge?
    /// A one-time message after a change.
    var notice: String? = nil
    var navigation: [NavigationItem]
    var csrf: String
    var stylesheet = SystemRoute.asset("opora.css").path
    var homeLink = Paths.home
    var logoutAction = Paths.logout
    var loginLink = Paths.login
    var passwordLink = Paths.ownPassword
    var accountLink = Paths.ownAccount
    /// The inbox link with the unread count (issue 7), set by `withInbox`.
    var inbox: InboxBadge? = nil

    static func make(title: String, session: Sessions.Current?, csrf: String, current: String?, today: Date = Date(),
                     notice: Notice? = nil) -> Chrome {
        guard let scope = session?.scope else {
            return Chrome(title: title, user: nil, notice: notice?.text, navigation: [], csrf: csrf)
        }
        let items = navigation(for: scope, today: today).map { item in
            var item = item
            item.isCurrent = item.href == current
            return item
        }
        return Chrome(title: title, user: UserBadge(name: scope.fullName, roleTitle: scope.role.title),
                      notice: notice?.text, navigation: items, csrf: csrf)
    }

    /// The sections a role works in; one line per area.
    static func navigation(for scope: Scope, today: Date) -> [NavigationItem] {
        var items = [NavigationItem(title: "Главная", href: Paths.home)]
        items.append(NavigationItem(title: "Школы", href: Paths.schools))
        items += OrganisationNavigation.items(for: scope)
        items += IdentificationNavigation.items(for: scope)
        items += ResultsNavigation.items(for: scope)
        items += RiskProfileNavigation.items(for: scope)
        items += RoadmapNavigation.items(for: scope, year: SchoolYear.containing(today).start)
        items += ReportNavigation.items(for: scope)
        items += ImportNavigation.items(for: scope)
        items += DocumentNavigation.items(for: scope)
        items += PracticeNavigation.items(for: scope)
        items += PupilsAtRiskNavigation.items(for: scope)
        items += AuditNavigation.items(for: scope)
        items += SummaryNavigation.items(for: scope)
        items += WorkspaceNavigation.items(for: scope)
        if Policy.mayListAccounts(scope) { items.append(NavigationItem(title: "Учётные записи", href: Paths.accounts)) }
        return items
    }
}

struct UserBadge: Sendable {
    var name: String
    var roleTitle: String
}

struct NavigationItem: Sendable {
    var title: String
    var href: String
    var isCurrent = false
}

/// One message of a form's error summary, linked to its field.
struct FormErrorItem: Sendable {
    var field: String
    var message: String
    var anchor: String { "#" + field }
}

struct ErrorPage: Sendable {
    var chrome: Chrome
    var code: Int
    var heading: String
    var message: String
    var showLoginLink: Bool
    /// The page the user came from (the form of a change that could not be saved), when known.
    var backLink: String? = nil
}
