/// Links of curators' visits to schools.
extension Paths {
    public static func newVisit(school id: Int64) -> String { "/schools/\(id)/visits/new" }
    public static func schoolVisits(_ id: Int64) -> String { "/schools/\(id)/visits" }
    public static func editVisit(_ id: Int64) -> String { "/visits/\(id)/edit" }
    public static func visitFile(_ id: Int64) -> String { "/visits/\(id)/download" }
}
