import Core
import HTTPServer

/// E-mail settings of an account and the unsubscribe link of letters (issue 14).
enum MailRoutes {
    static let routes: [Route] = [
        Route(.post, "/accounts/{id}/mail") { context in try updateSettings(context, userId: try context.id("id"), own: false) },
        Route(.post, "/account/mail") { context in
            guard let id = try context.scope.userId else { throw DomainError.forbidden }
            return try updateSettings(context, userId: id, own: true)
        },
        // The link of a letter: no login, the signature is the permission. POST without a CSRF token: mail
        // programs send RFC 8058 one-click requests (`List-Unsubscribe=One-Click`) with no session.
        Route(.get, "/unsubscribe/{id}/{signature}", access: .anonymous) { context in
            try unsubscribePage(context, done: false)
        },
        Route(.post, "/unsubscribe/{id}/{signature}", access: .anonymous, multipart: true, checksCSRF: false) { context in
            try MailUnsubscribe(database: context.services.database)
                .unsubscribe(userId: try context.id("id"), signature: context.parameters["signature"] ?? "")
            return try unsubscribePage(context, done: true)
        },
    ]

    static func unsubscribePage(_ context: RequestContext, done: Bool) throws -> HTTPResponse {
        let id = try context.id("id"), signature = context.parameters["signature"] ?? ""
        let account = try MailUnsubscribe(database: context.services.database).verify(userId: id, signature: signature)
        let page = UnsubscribePage(chrome: context.chrome(title: "Письма из Опоры"), fullName: account.fullName,
                                   isOff: done || account.preference == .none, action: Paths.unsubscribe(userId: id, signature: signature))
        return Responses.html(Templates.mailUnsubscribe(page))
    }

    static func updateSettings(_ context: RequestContext, userId id: Int64, own: Bool) throws -> HTTPResponse {
        let scope = try context.scope
        let settings = MailSettings(database: context.services.database)
        do {
            try settings.update(scope, userId: id, email: context.form["email"] ?? "", preference: context.form["mailPreference"] ?? "")
        } catch DomainError.invalid(let errors) {
            let section = MailSettingsSection(try settings.view(scope, userId: id), action: own ? Paths.ownAccountMail : Paths.accountMail(id),
                                              csrf: context.csrfToken, form: context.form, errors: errors)
            if own {
                let issuedAt = try CalendarFeeds(database: context.services.database).issuedAt(scope)
                var page = OwnAccountPage(try context.services.accounts.ownAccount(scope), calendarIssuedAt: issuedAt,
                                          chrome: context.chrome(title: "Моя учётная запись"))
                page.mail = section
                return Responses.html(Templates.accountOwn(page))
            }
            let details = try context.services.accounts.details(scope, id: id)
            var page = AccountPage(details, chrome: context.chrome(title: details.user.fullName, current: Paths.accounts))
            page.mail = section
            return Responses.html(Templates.accountCard(page))
        }
        return Responses.redirect(Notice.redirect(own ? Paths.ownAccount : Paths.account(id), .saved))
    }

    /// The section for an account page the scope may read.
    static func section(_ context: RequestContext, userId: Int64, own: Bool = false) throws -> MailSettingsSection {
        MailSettingsSection(try MailSettings(database: context.services.database).view(try context.scope, userId: userId),
                            action: own ? Paths.ownAccountMail : Paths.accountMail(userId), csrf: context.csrfToken)
    }
}
