import Core
import Foundation

/// The model of `_comment_thread.html`: the threads on one target, a reply form per thread and the form
/// that opens a new thread, for those allowed. Build it with `CommentThreadView.make(context, target, returnPath:)`.
struct CommentThreadView: Sendable {
    struct Message: Sendable {
        /// `comment-12`: the element id the POST redirects to.
        var anchor: String
        var author: String
        var role: String
        var when: String
        var body: String
        var isReply: Bool
        var bySchool: Bool
    }
    /// The hidden fields every comment form carries.
    struct Form: Sendable {
        var action: String
        var csrf: String
        var targetKind: String
        var targetId: String
        var parentId: String
        var returnPath: String
        /// Unique on the page (several targets may show threads).
        var fieldId: String
    }
    struct Thread: Sendable {
        var root: Message
        var replies: [Message]
        var awaitsReviewer: Bool
        var reply: Form?
    }

    /// An `<h2>` above the threads; nil when embedded under a heading of its own (a measure).
    var heading: String?
    var sectionId: String
    var threads: [Thread]
    var start: Form?
    var emptyText: String

    static func make(_ threads: CommentThreads, csrf: String, returnPath: String, heading: String? = "Комментарии") -> CommentThreadView {
        let target = threads.target
        let base = target.kind.rawValue + "-\(target.id)"
        func form(parent: Int64?) -> Form {
            Form(action: Paths.comments, csrf: csrf, targetKind: target.kind.rawValue, targetId: "\(target.id)",
                 parentId: parent.map { "\($0)" } ?? "", returnPath: returnPath,
                 fieldId: parent.map { "reply-body-\($0)" } ?? "comment-body-\(base)")
        }
        func message(_ m: CommentMessage, isReply: Bool) -> Message {
            Message(anchor: "comment-\(m.id)", author: m.authorName ?? "Пользователь удалён", role: m.authorRole?.title ?? "",
                    when: RussianDate.dateTime(m.createdAt), body: m.body, isReply: isReply, bySchool: m.isBySchool)
        }
        return CommentThreadView(
            heading: heading, sectionId: "comments-\(base)",
            threads: threads.threads.map { thread in
                Thread(root: message(thread.root, isReply: false), replies: thread.replies.map { message($0, isReply: true) },
                       awaitsReviewer: thread.awaitsReviewer, reply: threads.canReply ? form(parent: thread.id) : nil)
            },
            start: threads.canStart ? form(parent: nil) : nil,
            emptyText: "Комментариев пока нет.")
    }

    /// The threads on `target` as the acting user sees them; the POST returns to `returnPath` (a local path).
    static func make(_ context: RequestContext, _ target: CommentTarget, returnPath: String, heading: String? = "Комментарии") throws -> CommentThreadView {
        let threads = try Comments(database: context.services.database).threads(try context.scope, target)
        return make(threads, csrf: context.csrfToken, returnPath: returnPath, heading: heading)
    }
}

/// Asked again after an empty or too long comment (the target page cannot be re-rendered by the one POST route).
struct CommentRetryPage: Sendable {
    var chrome: Chrome
    var targetTitle: String
    var form: CommentThreadView.Form
    var isReply: Bool
    var body: String
    var cancelHref: String
    var errors: FormErrors
    var bodyError: String? { errors.message("body") }
}
