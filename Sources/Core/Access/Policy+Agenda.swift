import GRDB

/// Whose deadlines are whose: the agenda (and the calendar feed, the digest) lists only what the user reads.
extension Policy {
    /// Schools (column `school`) whose roadmap and reports of school year `year` (column) are the scope's work: a
    /// director's own school, a curator's schools assigned for that year, a coordinator's municipality. The region
    /// neither writes nor reviews school content, so its agenda holds no school deadlines.
    public static func agendaSchools(_ scope: Scope, school: String, year: String) -> SQL {
        switch scope.role {
        case .admin, .regional: return "0"
        case .municipal:
            return SQL(sql: "\(school) IN (SELECT id FROM school WHERE municipalityId = ?)", arguments: [scope.municipalityId ?? -1])
        case .curator:
            return SQL(sql: "EXISTS (SELECT 1 FROM curatorAssignment ca WHERE ca.curatorId = ? AND ca.schoolId = \(school) AND ca.schoolYear = \(year))",
                       arguments: [scope.userId ?? -1])
        case .director:
            return SQL(sql: "\(school) = ?", arguments: [scope.schoolId ?? -1])
        }
    }

    /// Municipal plans (roadmaps without a school, aliased `alias`) whose measures are the scope's work: its coordinator's.
    public static func agendaMunicipalPlans(_ scope: Scope, alias: String = "r") -> SQL {
        switch scope.role {
        case .municipal: return SQL(sql: "\(alias).municipalityId = ?", arguments: [scope.municipalityId ?? -1])
        case .admin, .regional, .curator, .director: return "0"
        }
    }

    /// Municipal events (aliased `alias`) on the scope's agenda: those it reads; for a director only those their
    /// school hosts or takes part in, or that name no schools (open to all).
    public static func agendaEvents(_ scope: Scope, alias: String = "e") -> SQL {
        let visible = visibleEvents(scope, alias: alias)
        guard scope.role == .director else { return visible }
        let school = scope.schoolId ?? -1
        let relevant = SQL(sql: """
            (\(alias).hostSchoolId = ? OR EXISTS (SELECT 1 FROM municipalEventSchool es WHERE es.eventId = \(alias).id AND es.schoolId = ?)
             OR (\(alias).hostSchoolId IS NULL AND NOT EXISTS (SELECT 1 FROM municipalEventSchool es WHERE es.eventId = \(alias).id)))
            """, arguments: [school, school])
        return "\(visible) AND \(relevant)"
    }
}
