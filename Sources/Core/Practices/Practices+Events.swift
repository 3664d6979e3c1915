import GRDB

extension Practices {
    /// The practices presented at a municipal event (`practice.eventId`) that the scope may read, newest published first.
    public func presented(_ scope: Scope, eventId: Int64) throws -> [PracticeSummary] {
        try database.read { db in
            let conditions: [SQL] = [Policy.visiblePractices(scope, alias: "p", schoolAlias: "s"), "p.eventId = \(eventId)"]
            return try SQLRequest<Row>(literal: """
                SELECT \(sql: Self.summaryColumns) \(sql: Self.summaryFrom)
                WHERE \(conditions.joined(operator: .and))
                ORDER BY p.status = 'published' DESC, p.publishedAt DESC, p.updatedAt DESC, p.id DESC
                """, cached: true).fetchAll(db).map(Self.summary)
        }
    }
}
