import Core
import Foundation
import SMTP

/// What the letter template shows.
struct MailLetterView: Sendable {
    struct Line: Sendable { var label: String; var text: String; var href: String; var dueText: String? }
    struct School: Sendable { var name: String; var lines: [Line] }
    struct Action: Sendable { var text: String; var href: String }
    var subject: String
    var greeting: String
    var intro: [String]
    var schools: [School]
    var outro: [String]
    var action: Action?
    var settingsHref: String
    var unsubscribeHref: String
}

/// Turns digests and notifications into Russian letters with absolute links to `baseURL`.
public struct MailComposer: Sendable {
    /// `https://opora.example.ru`, without a trailing slash.
    public let baseURL: String
    public let fromAddress: String
    public let fromName: String

    public init(baseURL: String, fromAddress: String, fromName: String = "Опора") {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base; self.fromAddress = fromAddress; self.fromName = fromName
    }

    func url(_ path: String) -> String { baseURL + path }

    public func unsubscribeURL(userId: Int64, signature: String) -> String { url(Paths.unsubscribe(userId: userId, signature: signature)) }

    public func digest(_ digest: Digest) -> ComposedLetter {
        let day = DayText.russian(digest.day)
        var counts: [String] = []
        for section in DigestLine.Section.allCases {
            let n = digest.count(section)
            if n > 0 { counts.append("\(section.shortTitle) — \(n)") }
        }
        let subject = "Опора: сводка на \(day) (\(counts.joined(separator: ", ")))"
        let schools = digest.schools.map { school in
            MailLetterView.School(name: school.name.isEmpty ? "Муниципалитет" : school.name, lines: school.lines.map { line in
                MailLetterView.Line(label: line.section.title, text: line.text, href: url(Paths.digestLink(line.link)),
                                    dueText: line.due.map { DayText.russian($0) })
            })
        }
        let more = digest.omitted > 0 ? ["И ещё \(digest.omitted) — в Опоре."] : []
        let view = MailLetterView(subject: subject, greeting: "Здравствуйте, \(digest.fullName)!",
                                  intro: ["Что требует вашего внимания на \(day):"], schools: schools, outro: more,
                                  action: MailLetterView.Action(text: "Открыть Опору", href: url(Paths.home)),
                                  settingsHref: url(Paths.ownAccount),
                                  unsubscribeHref: unsubscribeURL(userId: digest.userId, signature: digest.unsubscribeSignature))
        var text = "\(view.greeting)\n\n\(view.intro[0])\n"
        for school in schools {
            text += "\n\(school.name)\n"
            for line in school.lines {
                text += "- \(line.label): \(line.text)\(line.dueText.map { " — срок \($0)" } ?? "")\n  \(line.href)\n"
            }
        }
        for line in more { text += "\n\(line)\n" }
        text += "\nОткрыть Опору: \(url(Paths.home))\n" + footer(view)
        return ComposedLetter(subject: subject, text: text, html: String(decoding: Templates.mailLetter(view), as: UTF8.self))
    }

    public func notification(_ item: NotificationItem, userId: Int64, fullName: String, signature: String) -> ComposedLetter {
        let href = Paths.notificationTarget(item.target).map(url) ?? url(Paths.notifications)
        let view = MailLetterView(subject: "Опора: \(item.title)", greeting: "Здравствуйте, \(fullName)!",
                                  intro: [item.title] + (item.body.isEmpty ? [] : [item.body]), schools: [], outro: [],
                                  action: MailLetterView.Action(text: "Открыть в Опоре", href: href),
                                  settingsHref: url(Paths.ownAccount),
                                  unsubscribeHref: unsubscribeURL(userId: userId, signature: signature))
        let text = "\(view.greeting)\n\n" + view.intro.joined(separator: "\n\n") + "\n\nОткрыть в Опоре: \(href)\n" + footer(view)
        return ComposedLetter(subject: view.subject, text: text, html: String(decoding: Templates.mailLetter(view), as: UTF8.self))
    }

    func footer(_ view: MailLetterView) -> String {
        "\n--\nПисьмо из Опоры. Какие письма присылать, можно выбрать на странице учётной записи: \(view.settingsHref)\n"
            + "Отписаться от писем без входа: \(view.unsubscribeHref)\n"
    }

    /// The MIME letter of an outbox row. Its Message-ID depends only on the row, so a letter sent again after a
    /// crash carries the same one and mail programs show it once.
    public func message(_ letter: OutboxLetter, _ composed: ComposedLetter) -> MIMEMessage {
        let host = URL(string: baseURL)?.host ?? "opora.localhost"
        let unsubscribe = unsubscribeURL(userId: letter.userId, signature: letter.unsubscribeSignature)
        var message = MIMEMessage(fromAddress: fromAddress, fromName: fromName, toAddress: letter.address, toName: letter.fullName,
                                  subject: composed.subject, date: letter.createdAt,
                                  messageID: "opora.\(letter.id).\(Int(letter.createdAt.timeIntervalSince1970))@\(host)",
                                  text: composed.text, html: composed.html)
        message.extraHeaders = [
            ("List-Unsubscribe", "<\(unsubscribe)>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ("Auto-Submitted", "auto-generated"),
        ]
        return message
    }

    public func composed(_ letter: OutboxLetter) -> ComposedLetter {
        switch letter.content {
        case .composed(let subject, let text, let html): return ComposedLetter(subject: subject, text: text, html: html)
        case .notification(let item): return notification(item, userId: letter.userId, fullName: letter.fullName, signature: letter.unsubscribeSignature)
        }
    }
}
