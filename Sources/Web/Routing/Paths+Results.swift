/// Links of the results pages: a school's results and their entry by hand, a municipality's figures and export.
extension Paths {
    public static func schoolResults(_ id: Int64) -> String { "/schools/\(id)/results" }
    public static func schoolResults(_ id: Int64, year: Int) -> String { "/schools/\(id)/results?year=\(year)" }
    public static func editSchoolResults(_ id: Int64, year: Int) -> String { "/schools/\(id)/results/\(year)/edit" }
    public static func municipalityResults(_ id: Int64) -> String { "/municipalities/\(id)/results" }
    public static func municipalityResultsCSV(_ id: Int64) -> String { "/municipalities/\(id)/results/export.csv" }
    public static func municipalityResultsXLSX(_ id: Int64) -> String { "/municipalities/\(id)/results/export.xlsx" }
}
