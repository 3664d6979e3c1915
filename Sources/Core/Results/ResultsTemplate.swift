import Foundation
import GRDB

/// The downloadable results template, prefilled: one row per school in scope and analysed procedure of the latest
/// school year whose results come in, so a coordinator fills in only the figures. Rows left without figures are
/// skipped by the importer.
public struct ResultsTemplate: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// The year whose results are the latest to come in (ВПР in spring, ГИА by July): the one that started last
    /// calendar year — 2025/2026 from January to December 2026.
    public var year: SchoolYear { SchoolYear(Calendar(identifier: .gregorian).component(.year, from: database.now) - 1) }

    /// The table with the header of `ResultsFile.header`: the scope's schools that are not archived, by municipality and
    /// name as people read them, times the analysed procedures in catalogue order (no ЕГЭ for a basic school, ООШ).
    public func table(_ scope: Scope) throws -> [[String]] {
        try database.read { db in
            let procedures = try Procedures.all(db, includeArchived: false).filter(\.isAnalysed)
            let rows = try SQLRequest<Row>(literal: """
                SELECT m.name AS municipalityName, m.id AS municipalityId, school.id, school.code, school.name, school.shortName, school.kind
                FROM school JOIN municipality m ON m.id = school.municipalityId
                WHERE school.archivedAt IS NULL AND \(Policy.visibleSchools(scope))
                ORDER BY m.name, m.id
                """).fetchAll(db)
            let order = NaturalSortKey.order(rows, group: { "\($0["municipalityId"] as Int64)" }, name: { $0["shortName"] }, id: { $0["id"] })
            let empty = Array(repeating: "", count: ResultsFile.header.count - 7)
            var table = [ResultsFile.header]
            for i in order {
                let row = rows[i]
                let isBasic = (row["kind"] as String?) == SchoolKind.oosh.rawValue
                for p in procedures where !(isBasic && p.family == .ege) {
                    table.append([row["municipalityName"], row["code"] ?? "", row["name"], year.title,
                                  p.family.title, ResultsFile.subject(p), p.grade.map(String.init) ?? ""] + empty)
                }
            }
            return table
        }
    }
}
