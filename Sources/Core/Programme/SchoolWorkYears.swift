import Foundation
import GRDB

/// The school years of one school's working cycle, for year navigation: per area, the years with something there
/// (a risk profile, a roadmap, a report), and the running year, where «заполнить» / «составить» is offered.
/// A navigation never links to a year with nothing there other than the running one.
public struct SchoolWorkYears: Sendable, Equatable {
    public var running: SchoolYear
    /// Newest first, each including the running year.
    public var riskProfiles: [SchoolYear]
    public var roadmaps: [SchoolYear]
    public var reports: [SchoolYear]
    /// Every year any area offers, newest first.
    public var all: [SchoolYear] { Array(Set(riskProfiles + roadmaps + reports)).sorted(by: >) }
}

extension Roadmaps {
    /// The years of the school's risk profiles, roadmaps and reports, with the running year (the school's readers).
    public func workYears(_ scope: Scope, school schoolId: Int64) throws -> SchoolWorkYears {
        let running = SchoolYear.containing(database.now)
        return try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            func years(_ sql: String) throws -> [SchoolYear] {
                let found = try Int.fetchAll(db, cachedSQL: sql, arguments: [schoolId])
                return Array(Set(found + [running.start])).sorted(by: >).map(SchoolYear.init)
            }
            return SchoolWorkYears(
                running: running,
                riskProfiles: try years("SELECT schoolYear FROM riskProfile WHERE schoolId = ?"),
                roadmaps: try years("SELECT schoolYear FROM roadmap WHERE schoolId = ?"),
                reports: try years("SELECT DISTINCT r.schoolYear FROM report rep JOIN roadmap r ON r.id = rep.roadmapId WHERE r.schoolId = ?"))
        }
    }
}
