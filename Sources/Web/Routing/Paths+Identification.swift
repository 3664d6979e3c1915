/// Links of the identification area: the list of low-results schools, its confirmation, the signals of
/// non-objective results, the region's settings and the procedure catalogue.
extension Paths {
    public static let identification = "/identification"
    public static func identification(query items: [(String, String?)]) -> String { withQuery(identification, items) }
    public static let identificationExportCSV = "/identification/export.csv"
    public static func identificationExportCSV(query items: [(String, String?)]) -> String { withQuery(identificationExportCSV, items) }
    public static let identificationExportXLSX = "/identification/export.xlsx"
    public static func identificationExportXLSX(query items: [(String, String?)]) -> String { withQuery(identificationExportXLSX, items) }
    /// GET: the check-your-answers page for the selection; POST: the confirmation.
    public static let identificationConfirm = "/identification/confirm"
    public static let signals = "/signals"
    public static func signals(query items: [(String, String?)]) -> String { withQuery(signals, items) }
    public static let identificationSettings = "/settings/identification"

    public static let procedures = "/procedures"
    public static let proceduresWithArchived = "/procedures?archived=1"
    public static let newProcedure = "/procedures/new"
    public static func editProcedure(_ id: Int64) -> String { "/procedures/\(id)/edit" }
    public static func archiveProcedure(_ id: Int64) -> String { "/procedures/\(id)/archive" }
    public static func restoreProcedure(_ id: Int64) -> String { "/procedures/\(id)/restore" }
    public static func procedureMinimumScore(_ id: Int64) -> String { "/procedures/\(id)/minimum-score" }
}
