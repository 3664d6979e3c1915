import Foundation
import GRDB

/// The running year's autumn as its users saw it: the notifications the application's own triggers send (the I
/// полугодие period opened, roadmaps approved, reports returned, decisions addressed to schools) and an audit entry
/// for each step of the year's roadmaps and reports, all at the moments of the steps. What came more than two
/// weeks before today has been read. Roadmap returns notify no one here: that trigger counts the earlier returns
/// before its own step is written, and a demo row written after the fact would swallow the next real return.
enum DemoNotifications {
    static func insert(_ db: Database, day: DemoDay) throws {
        let year = day.runningYear
        var scopes: [Int64: Scope] = [:]
        func scope(_ id: Int64?) throws -> Scope {
            guard let id else { return .console }
            if let known = scopes[id] { return known }
            guard let user = try User.fetchOne(db, key: id) else { return .console }
            scopes[id] = Scope(user)
            return scopes[id]!
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, openedAt FROM reportPeriod WHERE schoolYear = ? AND isOpen = 1 ORDER BY id",
                                    arguments: [year]) {
            try NotificationTriggers.periodOpened(db, periodId: row["id"], at: row["openedAt"])
        }
        let roadmapSteps = try Row.fetchAll(db, sql: """
            SELECT e.roadmapId, e.revision, e.action, e.comment, e.actorId, e.at, r.revision AS current, r.schoolId
            FROM roadmapEvent e JOIN roadmap r ON r.id = e.roadmapId
            WHERE r.schoolYear = ? ORDER BY e.at, e.id
            """, arguments: [year])
        let statusAfter = ["created": "draft", "submitted": "submitted", "returned": "returned", "approved": "approved",
                           "revisionStarted": "draft"]
        for row in roadmapSteps {
            let action: String = row["action"]
            let actor = try scope(row["actorId"])
            try AuditLog.record(db, actor, action: action == "created" ? "create" : action, entity: "roadmap", id: row["roadmapId"],
                                before: String?.none, after: ["status": statusAfter[action] ?? action, "revision": "\(row["revision"] as Int)",
                                                             "comment": row["comment"] as String], at: row["at"])
            let isSchools = (row["schoolId"] as Int64?) != nil
            if action == "approved" && isSchools && (row["revision"] as Int) == (row["current"] as Int) {
                try NotificationTriggers.roadmapApproved(db, actor, roadmapId: row["roadmapId"], at: row["at"])
            }
        }
        let reportSteps = try Row.fetchAll(db, sql: """
            SELECT e.reportId, e.action, e.comment, e.actorId, e.at FROM reportEvent e
            JOIN report ON report.id = e.reportId JOIN reportPeriod p ON p.id = report.periodId
            WHERE p.schoolYear = ? ORDER BY e.at, e.id
            """, arguments: [year])
        let reportAction = ["created": "create", "submitted": "submit", "accepted": "accept", "returned": "return"]
        for row in reportSteps {
            let action: String = row["action"]
            let actor = try scope(row["actorId"])
            try AuditLog.record(db, actor, action: reportAction[action] ?? action, entity: "report", id: row["reportId"],
                                before: String?.none, after: ["status": action == "created" ? "draft" : action, "comment": row["comment"] as String],
                                at: row["at"])
            if action == "returned" {
                try NotificationTriggers.reportReturned(db, actor, reportId: row["reportId"], comment: row["comment"], at: row["at"])
            }
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM managementDecision WHERE schoolYear = ? ORDER BY id", arguments: [year]) {
            let id: Int64 = row["id"]
            let schools = try Int64.fetchAll(db, sql: "SELECT schoolId FROM managementDecisionSchool WHERE decisionId = ? ORDER BY schoolId",
                                             arguments: [id])
            guard let kind = DecisionKind(rawValue: row["kind"]), let addressee = DecisionAddressee(rawValue: row["addressee"]),
                  let status = DecisionStatus(rawValue: row["status"]) else { continue }
            try ManagementDecisions.notify(db, decisionId: id, ManagementDecisions.Valid(
                year: year, kind: kind, text: row["text"], addressee: addressee, schoolIds: schools, responsible: row["responsible"],
                dueOn: row["dueOn"], status: status, executionNote: row["executionNote"]), at: row["createdAt"])
        }
        try db.execute(sql: """
            UPDATE notification SET readAt = strftime('%Y-%m-%d %H:%M:%f', createdAt, '+1 day') WHERE createdAt < ?
            """, arguments: [DemoDay.utc(day.day(-14), "00:00")])
    }
}
