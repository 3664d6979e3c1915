import Foundation
import GRDB

/// The rules of what the new school year takes over from the last one.
extension YearRollover {
    /// Flags that carry into the next year unless the coordinator decided otherwise for it:
    /// ШНСУ (social conditions change slowly), a «500+» cohort still running, a partner school not itself on the new list.
    /// ШНОР comes only from the confirmed identification; signs of non-objectivity are judged from each year's results.
    public static let carriedFlags: [StatusFlag] = [.unfavourableConditions, .programmeParticipant, .partner]

    static func propose(_ db: Database, _ scope: Scope, municipalityId: Int64, target: SchoolYear) throws -> RolloverProposal {
        let last = target.start - 1
        let name = try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [municipalityId]) ?? ""
        let schools = try Curators.schoolOptions(db, municipalityId: municipalityId)
        let byId = Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0) })
        func flagged(_ year: Int, _ flag: StatusFlag) throws -> Set<Int64> {
            try Int64.fetchSet(db, cachedSQL: """
                SELECT st.schoolId FROM schoolStatus st JOIN school s ON s.id = st.schoolId
                WHERE s.municipalityId = ? AND st.schoolYear = ? AND st.flag = ?
                """, arguments: [municipalityId, year, flag])
        }
        let confirmedIds = try flagged(target.start, .lowResults).filter { byId[$0] != nil }
        var proposal = RolloverProposal(
            municipalityId: municipalityId, municipalityName: name, year: SchoolYear(last), target: target,
            canApply: Policy.mayYearRollover(scope, municipalityId: municipalityId),
            confirmed: schools.filter { confirmedIds.contains($0.id) }, onList: [])

        let existingPeriods = try Int.fetchSet(db, cachedSQL: "SELECT half FROM reportPeriod WHERE municipalityId = ? AND schoolYear = ?",
                                               arguments: [municipalityId, target.start])
        proposal.kept.periods = existingPeriods.count
        proposal.periods = [1, 2].filter { !existingPeriods.contains($0) }
            .map { ProposedPeriod(half: $0, dueDate: ReportPeriods.defaultDueDate(year: target, half: $0)) }
        // Without the confirmed list of the new year there is nothing to carry the schools' work to.
        guard proposal.isIdentificationConfirmed else { return proposal }

        // Statuses: a decision already recorded for the new year (set or cleared) is the coordinator's and stays.
        let decided = try Set(Row.fetchAll(db, cachedSQL: """
            SELECT DISTINCT c.schoolId, c.flag FROM schoolStatusChange c JOIN school s ON s.id = c.schoolId
            WHERE s.municipalityId = ? AND c.schoolYear = ?
            """, arguments: [municipalityId, target.start]).map { "\($0["schoolId"] as Int64)/\($0["flag"] as String)" })
        let exited = try Int64.fetchSet(db, cachedSQL: """
            SELECT c.schoolId FROM schoolStatusChange c JOIN school s ON s.id = c.schoolId
            WHERE s.municipalityId = ? AND c.schoolYear = ? AND c.flag = 'lowResults' AND c.isExit = 1
            """, arguments: [municipalityId, target.start])
        let lastFlags = try Row.fetchAll(db, cachedSQL: """
            SELECT st.schoolId, st.flag, st.cohortYear FROM schoolStatus st JOIN school s ON s.id = st.schoolId
            WHERE s.municipalityId = ? AND st.schoolYear = ? AND st.flag IN ('unfavourableConditions', 'programmeParticipant', 'partner')
            """, arguments: [municipalityId, last])
        var participants = try flagged(target.start, .programmeParticipant)
        for row in lastFlags {
            let schoolId: Int64 = row["schoolId"]
            guard let school = byId[schoolId], let flag = StatusFlag(rawValue: row["flag"]) else { continue }
            if decided.contains("\(schoolId)/\(flag.rawValue)") { proposal.kept.statuses += 1; continue }
            let cohort: Int? = row["cohortYear"]
            let reason: String
            switch flag {
            case .programmeParticipant:
                guard let cohort, target.start - cohort < cohortYears, !exited.contains(schoolId) else { continue }
                reason = "Участник проекта «500+» (набор \(cohort) года): сопровождение продолжается в \(target.title) учебном году"
                participants.insert(schoolId)
            case .partner:
                guard !confirmedIds.contains(schoolId) else { continue }
                reason = "Школа-партнёр в \(SchoolYear(last).title) учебном году: статус перенесён на \(target.title)"
            default:
                reason = "ШНСУ в \(SchoolYear(last).title) учебном году: статус перенесён на \(target.title)"
            }
            proposal.statuses.append(ProposedStatus(school: school, flag: flag, cohortYear: flag == .programmeParticipant ? cohort : nil,
                                                    reason: reason))
        }
        let order = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($0.element.id, $0.offset) })
        proposal.statuses.sort { (order[$0.school.id]!, $0.flag.rawValue) < (order[$1.school.id]!, $1.flag.rawValue) }

        // The list of the new year, as partner groups read it (`Partnerships.lowResultsFlags`).
        let onList = confirmedIds.union(participants.filter { byId[$0] != nil })
        proposal.onList = schools.filter { onList.contains($0.id) }

        // Assignments: a school that already has a curator for the new year keeps what the coordinator chose.
        let assignedNow = try Int64.fetchSet(db, cachedSQL: """
            SELECT DISTINCT a.schoolId FROM curatorAssignment a JOIN school s ON s.id = a.schoolId
            WHERE s.municipalityId = ? AND a.schoolYear = ?
            """, arguments: [municipalityId, target.start])
        proposal.kept.assignedSchools = assignedNow.intersection(onList).count
        let lastAssignments = try Row.fetchAll(db, cachedSQL: """
            SELECT a.schoolId, u.id AS curatorId, u.fullName FROM curatorAssignment a JOIN school s ON s.id = a.schoolId
            JOIN user u ON u.id = a.curatorId
            WHERE s.municipalityId = ? AND a.schoolYear = ? AND u.isActive AND u.municipalityId = s.municipalityId
            ORDER BY u.fullName, u.id
            """, arguments: [municipalityId, last])
        for row in lastAssignments {
            let schoolId: Int64 = row["schoolId"]
            guard let school = byId[schoolId], onList.contains(schoolId), !assignedNow.contains(schoolId) else { continue }
            proposal.assignments.append(ProposedAssignment(school: school, curatorId: row["curatorId"], curatorName: row["fullName"]))
        }
        proposal.assignments.sort { (order[$0.school.id]!, $0.curatorName) < (order[$1.school.id]!, $1.curatorName) }

        // Partner groups of schools still on the list, for review.
        let groupedNow = try Int64.fetchSet(db, cachedSQL: """
            SELECT p.lowResultsSchoolId FROM partnership p JOIN school s ON s.id = p.lowResultsSchoolId
            WHERE s.municipalityId = ? AND p.schoolYear = ?
            """, arguments: [municipalityId, target.start])
        proposal.kept.partnerships = groupedNow.count
        let groups = try Row.fetchAll(db, cachedSQL: """
            SELECT p.id, p.lowResultsSchoolId, p.forms FROM partnership p JOIN school s ON s.id = p.lowResultsSchoolId
            WHERE s.municipalityId = ? AND p.schoolYear = ?
            """, arguments: [municipalityId, last])
        for row in groups {
            let lowId: Int64 = row["lowResultsSchoolId"]
            guard let low = byId[lowId], onList.contains(lowId), !groupedNow.contains(lowId) else { continue }
            let members = try Int64.fetchAll(db, cachedSQL: "SELECT partnerSchoolId FROM partnershipMember WHERE partnershipId = ?",
                                             arguments: [row["id"] as Int64]).compactMap { byId[$0] }
            let partners = members.filter { !onList.contains($0.id) }
            guard !partners.isEmpty else { continue }
            proposal.partnerships.append(ProposedPartnership(
                lowResultsSchool: low, partners: SchoolOption.naturallySorted(partners),
                dropped: SchoolOption.naturallySorted(members.filter { onList.contains($0.id) }), forms: row["forms"]))
        }
        proposal.partnerships.sort { order[$0.lowResultsSchool.id]! < order[$1.lowResultsSchool.id]! }

        // Draft roadmaps: «копировать из прошлого года» with last year's unfinished measures.
        let withRoadmap = try Int64.fetchSet(db, cachedSQL: """
            SELECT r.schoolId FROM roadmap r JOIN school s ON s.id = r.schoolId WHERE s.municipalityId = ? AND r.schoolYear = ?
            """, arguments: [municipalityId, target.start])
        proposal.kept.roadmaps = withRoadmap.intersection(onList).count
        for school in proposal.onList where !withRoadmap.contains(school.id) {
            let (source, candidates) = try Roadmaps.lastYearCandidates(db, school: school.id, year: target)
            proposal.roadmaps.append(ProposedRoadmap(school: school, sourceRoadmapId: source,
                                                     measureIds: candidates.filter { !$0.isFinished }.map(\.measureId),
                                                     finishedCount: candidates.filter(\.isFinished).count))
        }
        return proposal
    }
}
