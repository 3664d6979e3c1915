import Foundation
import GRDB

/// A school's results page: the chosen year's grid, the years with results, every result for the chart.
public struct SchoolResultsOverview: Sendable {
    public var school: School
    public var municipalityName: String
    /// The year shown (the asked one, else the latest with results, else the current school year).
    public var year: SchoolYear
    /// Years with at least one result, newest first.
    public var years: [SchoolYear]
    /// The chosen year's grid: current procedures and archived ones with a result.
    public var grid: ResultGrid
    /// Every result of the school, newest first.
    public var history: [(year: SchoolYear, procedure: Procedure, values: ResultValues)]
    /// The region's threshold of a low result (basis points: 3000 = 30 %).
    public var lowShareBasisPoints: Int
    /// The acting user may enter results for this school.
    public var canEdit: Bool
    /// The school year of today: with the year before, offered for entry even without results.
    public var currentYear: SchoolYear
}

/// One year of a municipality's figures: the count of low results among the analysed procedures in that
/// year, and the number of schools identified by the rule for the list of that year.
public struct MunicipalityResultYear: Sendable, Equatable {
    public var year: SchoolYear
    /// nil when the municipality has no results of that year.
    public var lowResults: Int?
    /// Results of the analysed procedures in that year (the denominator of `lowResults`).
    public var analysedResults: Int
    /// Schools identified by the region's rule for the list of that school year (from the two years before).
    public var identifiedSchools: Int
}

public struct MunicipalityResultsOverview: Sendable {
    public var municipality: Municipality
    /// Oldest first.
    public var years: [MunicipalityResultYear]
    /// Years that have results, newest first (for the export's year selector).
    public var resultYears: [SchoolYear]
    public var lowShareBasisPoints: Int
}

extension Results {
    /// The results page of a school; `year` nil picks the latest year with results.
    public func overview(_ scope: Scope, schoolId: Int64, year: SchoolYear?) throws -> SchoolResultsOverview {
        let (school, municipalityName, years, settings) = try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            guard let school = try School.fetchOne(db, cachedKey: schoolId) else { throw DomainError.notFound }
            let name = try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [school.municipalityId]) ?? ""
            let years = try Int.fetchAll(db, cachedSQL: "SELECT DISTINCT schoolYear FROM result WHERE schoolId = ? ORDER BY schoolYear DESC",
                                         arguments: [schoolId]).map(SchoolYear.init)
            return (school, name, years, try RegionSettings.load(db))
        }
        let current = SchoolYear.containing(database.now)
        let chosen = year ?? years.first ?? current
        return SchoolResultsOverview(
            school: school, municipalityName: municipalityName, year: chosen, years: years,
            grid: try grid(scope, schoolId: schoolId, year: chosen), history: try history(scope, schoolId: schoolId),
            lowShareBasisPoints: settings.lowShareBasisPoints,
            canEdit: Policy.mayEnterResults(scope, schoolMunicipalityId: school.municipalityId), currentYear: current)
    }

    /// The grid for the entry form: refused to those who may not enter the school's results.
    public func editableGrid(_ scope: Scope, schoolId: Int64, year: SchoolYear) throws -> (school: School, grid: ResultGrid) {
        let school = try database.read { db -> School in
            try Policy.requireManageSchool(scope, school: schoolId, db)
            guard let school = try School.fetchOne(db, cachedKey: schoolId) else { throw DomainError.notFound }
            return school
        }
        guard (2000...2100).contains(year.start) else { throw DomainError.notFound }
        return (school, try grid(scope, schoolId: schoolId, year: year))
    }

    /// A municipality's low results and identified schools per school year (region and its coordinator).
    public func municipalityOverview(_ scope: Scope, municipalityId: Int64) throws -> MunicipalityResultsOverview {
        try Policy.requireReadMunicipalityResults(scope, municipalityId: municipalityId)
        let (municipality, rows, settings) = try database.read { db in
            guard let m = try Municipality.fetchOne(db, cachedKey: municipalityId) else { throw DomainError.notFound }
            let s = try IdentificationSettings.current(db)
            let rows = try SQLRequest<Row>(literal: """
                SELECT r.schoolYear AS year, COUNT(*) AS total,
                       SUM(r.participants > 0 AND (CASE p.lowRule WHEN 'markTwo' THEN r.mark2 ELSE r.belowMinimum END) * 10000
                           >= \(s.lowShareBasisPoints) * r.participants) AS low
                FROM result r JOIN procedure p ON p.id = r.procedureId JOIN school ON school.id = r.schoolId
                WHERE school.municipalityId = \(municipalityId) AND school.archivedAt IS NULL
                  AND r.procedureId IN \(Array(s.procedureIds))
                GROUP BY r.schoolYear ORDER BY r.schoolYear
                """).fetchAll(db)
            let all = try Int.fetchAll(db, cachedSQL: """
                SELECT DISTINCT r.schoolYear FROM result r JOIN school ON school.id = r.schoolId
                WHERE school.municipalityId = ? ORDER BY r.schoolYear DESC
                """, arguments: [municipalityId])
            return (m, (rows, all), s)
        }
        let (counts, all) = rows
        var byYear: [Int: (Int, Int)] = [:]
        for row in counts { byYear[row["year"]] = (row["total"], row["low"] ?? 0) }
        var years: [MunicipalityResultYear] = []
        if let first = all.last, let last = all.first {
            // The list of year Y is drawn from the results of Y−1 and Y−2: one year past the last results.
            let identification = IdentificationService(database: database)
            for y in first...(last + 1) {
                let report = try identification.identify(scope, year: SchoolYear(y), municipalityId: municipalityId)
                let figures = byYear[y]
                years.append(MunicipalityResultYear(year: SchoolYear(y), lowResults: figures?.1,
                                                    analysedResults: figures?.0 ?? 0, identifiedSchools: report.identified.count))
            }
        }
        return MunicipalityResultsOverview(municipality: municipality, years: years, resultYears: all.map(SchoolYear.init),
                                           lowShareBasisPoints: settings.lowShareBasisPoints)
    }
}

/// The results file of DESIGN.md (import, export, template): one row per school, procedure and year.
public enum ResultsFile {
    public static let header = ["Муниципалитет", "Код школы", "Школа", "Учебный год", "Процедура", "Предмет", "Класс", "Участников",
                                "«2»", "«3»", "«4»", "«5»", "Ниже минимума", "Средний балл", "Понизили", "Подтвердили", "Повысили"]

    /// «Математика (профильная)»: the subject with the variant, as the file names it.
    public static func subject(_ p: Procedure) -> String { p.variant.isEmpty ? p.subject : "\(p.subject) (\(p.variant))" }

    /// The mean as stored, with a decimal comma («3,8766666666666665»): an export re-imported changes nothing.
    public static func storedMean(_ value: Double) -> String {
        (value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)).replacingOccurrences(of: ".", with: ",")
    }

    /// «3,85»: a mean score with a decimal comma, at most two decimals, no trailing zeros.
    public static func mean(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        var s = "\(hundredths / 100)"
        let fraction = hundredths % 100
        if fraction != 0 {
            s += "," + (fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)"))
        }
        return s
    }
}

/// Exports of results in the file format: CSV on the web page, XLSX, `opora export-results`.
public struct ResultsExport: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// The results of a municipality (nil: every municipality the scope reads) in a school year (nil: every
    /// year) as a table: the header row of `ResultsFile.header`, then one row per result, by municipality,
    /// school, year and catalogue order. Region, and a municipal coordinator for their municipality.
    public func table(_ scope: Scope, municipalityId: Int64?, year: SchoolYear?) throws -> [[String]] {
        try Policy.requireReadMunicipalityResults(scope, municipalityId: municipalityId)
        return try database.read { db in
            if let municipalityId, try Municipality.fetchOne(db, cachedKey: municipalityId) == nil { throw DomainError.notFound }
            let procedures = Dictionary(uniqueKeysWithValues: try Procedures.all(db).map { ($0.id!, $0) })
            var conditions: [SQL] = [Policy.visibleSchools(scope)]
            if let municipalityId { conditions.append("school.municipalityId = \(municipalityId)") }
            if let year { conditions.append("r.schoolYear = \(year.start)") }
            let rows = try SQLRequest<Row>(literal: """
                SELECT m.name AS municipalityName, school.code, school.name AS schoolName, r.*
                FROM result r JOIN school ON school.id = r.schoolId JOIN municipality m ON m.id = school.municipalityId
                JOIN procedure p ON p.id = r.procedureId
                WHERE \(conditions.joined(operator: .and))
                ORDER BY m.name, school.name, school.id, r.schoolYear, p.sortOrder, p.id
                """).fetchAll(db)
            var table = [ResultsFile.header]
            table.reserveCapacity(rows.count + 1)
            for row in rows {
                let r = try ResultRecord(row: row)
                guard let p = procedures[r.procedureId] else { continue }
                func n(_ v: Int?) -> String { v.map(String.init) ?? "" }
                table.append([
                    row["municipalityName"], row["code"] ?? "", row["schoolName"], SchoolYear(r.schoolYear).title,
                    p.family.title, ResultsFile.subject(p), p.grade.map(String.init) ?? "", "\(r.participants)",
                    n(r.mark2), n(r.mark3), n(r.mark4), n(r.mark5), n(r.belowMinimum), r.meanScore.map(ResultsFile.storedMean) ?? "",
                    n(r.lowered), n(r.confirmed), n(r.raised),
                ])
            }
            return table
        }
    }
}
