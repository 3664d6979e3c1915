@testable import Core
import Foundation
import GRDB

/// A notification of the demo director of school X (what a returned report would have written).
enum NotificationMatrixSetup {
    static func directorXNotification(_ f: Fixture) -> Int64 {
        do {
            return try f.database.write { db in
                let director = try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE login = 'director-ku'")!
                try NotificationDelivery.deliver(db, to: [director], kind: .reportReturned, title: "Отчёт возвращён на доработку",
                                                 body: "Приложите протоколы", entity: "report", entityId: 1,
                                                 dedupeKey: "matrix", at: Date())
                return try Int64.fetchOne(db, sql: "SELECT id FROM notification WHERE userId = ? AND dedupeKey = 'matrix'", arguments: [director])!
            }
        } catch {
            fatalError("cannot prepare the notification fixture: \(error)")
        }
    }
}

extension AccessMatrix {
    static let notifications: [RouteExpectation] = [
        RouteExpectation("GET /notifications", allowed: Actor.signedIn),
        // Only its recipient opens a notification; everyone else gets 403 and it stays unread.
        RouteExpectation("POST /notifications/{id}/open", allowed: [.directorX],
                         parameters: { ["id": "\(NotificationMatrixSetup.directorXNotification($0))"] }),
        RouteExpectation("POST /notifications/read-all", allowed: Actor.signedIn),
    ]
}
