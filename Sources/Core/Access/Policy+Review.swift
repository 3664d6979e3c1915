/// Whose work the scope reviews: the queue, the digest's review lines and the reports awaiting review ask here.
extension Policy {
    /// The scope as a reviewer: a curator the schools assigned to them (for those years), a municipal coordinator
    /// their municipality, the admin every school; nil for the regional coordinator and the school (they review nothing).
    static func reviewer(_ scope: Scope) -> ReviewQueue.Reviewer? {
        switch scope.role {
        case .admin: .everyone
        case .municipal: .municipality(scope.municipalityId ?? -1)
        case .curator: .curator(scope.userId ?? -1)
        case .regional, .director: nil
        }
    }

    /// The review queue's guard: `.forbidden` for those who review nothing.
    static func requireReviewer(_ scope: Scope) throws -> ReviewQueue.Reviewer {
        guard let reviewer = reviewer(scope) else { throw DomainError.forbidden }
        return reviewer
    }

    /// Who has a queue of things to review: curators, municipal coordinators and the admin.
    public static func hasReviewQueue(_ scope: Scope) -> Bool { reviewer(scope) != nil }
}
