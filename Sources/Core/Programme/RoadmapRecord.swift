import Foundation
import GRDB

/// A row of `roadmap`: a school's roadmap for a school year, or (schoolId nil) the municipality's plan.
struct RoadmapRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "roadmap"
    var id: Int64
    var municipalityId: Int64
    var schoolId: Int64?
    var schoolYear: Int
    var title: String
    var status: RoadmapStatus
    var revision: Int
    var createdAt: Date
    var updatedAt: Date

    enum Columns {
        static let schoolId = Column(CodingKeys.schoolId)
        static let schoolYear = Column(CodingKeys.schoolYear)
        static let municipalityId = Column(CodingKeys.municipalityId)
    }
}

extension DerivableRequest<RoadmapRecord> {
    /// The roadmap of a school for a school year (at most one).
    func of(school schoolId: Int64, year: Int) -> Self {
        filter(RoadmapRecord.Columns.schoolId == schoolId && RoadmapRecord.Columns.schoolYear == year)
    }
}
