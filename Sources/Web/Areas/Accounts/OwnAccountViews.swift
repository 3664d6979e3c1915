import Core
import Foundation

/// `/account`: the signed-in user's own account. Each further section (calendar feed, mail) is an optional
/// field here and a partial `_account_….html` included by `account_own.html`.
struct OwnAccountPage: Sendable {
    var chrome: Chrome
    var fullName: String
    var facts: [AccountPage.Fact]
    var passwordHref = AccountRoute.ownPassword.path
    var calendar: AccountCalendarSection
    var mail: MailSettingsSection?

    init(_ details: AccountDetails, calendarIssuedAt: Date?, chrome: Chrome) {
        self.chrome = chrome
        calendar = AccountCalendarSection(issuedText: calendarIssuedAt.map { "Ссылка выпущена \(RussianDate.dateTime($0))." }, csrf: chrome.csrf)
        let user = details.user
        fullName = user.fullName
        var facts = [AccountPage.Fact(label: "ФИО", value: user.fullName),
                     AccountPage.Fact(label: "Логин", value: user.login),
                     AccountPage.Fact(label: "Роль", value: user.role.title)]
        if let value = details.municipalityName { facts.append(AccountPage.Fact(label: "Муниципалитет", value: value)) }
        if let value = details.schoolName { facts.append(AccountPage.Fact(label: "Школа", value: value)) }
        if let value = details.workplace, !value.isEmpty { facts.append(AccountPage.Fact(label: "Место работы", value: value)) }
        if let value = details.position, !value.isEmpty { facts.append(AccountPage.Fact(label: "Должность", value: value)) }
        self.facts = facts
    }
}

/// The calendar feed on the account page: issue the first link, or (once issued) go to the confirmation of a new one.
struct AccountCalendarSection: Sendable {
    var issuedText: String?
    var csrf: String
    var issueAction = Paths.ownCalendarLink
    var confirmHref = Paths.ownCalendarLink
}
