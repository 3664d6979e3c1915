import Core
import Foundation

/// «Возвращено на доработку» at the top of a returned roadmap's or report's page: the reviewer's comment, who and when.
struct ReturnedBanner: Sendable {
    var heading: String
    var comment: String
    var byline: String

    init(heading: String, comment: String, actor: String?, at: Date) {
        self.heading = heading
        self.comment = comment
        byline = [actor, RussianDate.dateTime(at)].compactMap { $0 }.joined(separator: ", ")
    }
}
