/// Links of the organisation area: municipalities, curators and their assignments, partner groups.
extension Paths {
    public static let municipalities = "/municipalities"
    public static let newMunicipality = "/municipalities/new"
    public static func municipality(_ id: Int64) -> String { "/municipalities/\(id)" }
    public static func editMunicipality(_ id: Int64) -> String { "/municipalities/\(id)/edit" }
    public static func archiveMunicipality(_ id: Int64) -> String { "/municipalities/\(id)/archive" }
    public static func restoreMunicipality(_ id: Int64) -> String { "/municipalities/\(id)/restore" }
    public static func appointment(municipality id: Int64, user userId: Int64) -> String {
        "/municipalities/\(id)/coordinators/\(userId)"
    }

    public static let curators = "/curators"
    public static func curators(municipality id: Int64?) -> String { id.map { "/curators?municipality=\($0)" } ?? curators }
    public static func curator(_ id: Int64) -> String { "/curators/\(id)" }
    public static func editCurator(_ id: Int64) -> String { "/curators/\(id)/edit" }
    public static func assignCurator(_ id: Int64) -> String { "/curators/\(id)/assignments" }
    /// «Снять закрепление»: the confirmation page (GET) and the action (POST).
    public static func unassignCurator(_ id: Int64, school: Int64, year: Int) -> String {
        "/curators/\(id)/schools/\(school)/\(year)/remove"
    }

    public static let partnerships = "/partnerships"
    public static func partnerships(year: Int?, municipality: Int64?) -> String {
        let parts = [year.map { "year=\($0)" }, municipality.map { "municipality=\($0)" }].compactMap { $0 }
        return parts.isEmpty ? partnerships : partnerships + "?" + parts.joined(separator: "&")
    }
    public static let newPartnership = "/partnerships/new"
    public static func newPartnership(municipality id: Int64) -> String { "/partnerships/new?municipality=\(id)" }
    public static func editPartnership(_ id: Int64) -> String { "/partnerships/\(id)/edit" }
    public static func deletePartnership(_ id: Int64) -> String { "/partnerships/\(id)/delete" }
}

extension Paths {
    /// A municipality's schools with their curators in a year, and the «Закрепить куратора» form.
    public static func municipalityAssignments(_ id: Int64) -> String { "/municipalities/\(id)/assignments" }
    public static func municipalityAssignments(_ id: Int64, year: Int) -> String { "/municipalities/\(id)/assignments?year=\(year)" }
}

extension Paths {
    /// GET: «Новый учебный год» — what setting up the next school year would create; POST: applies it.
    public static func newSchoolYear(municipality id: Int64) -> String { "/municipalities/\(id)/new-year" }
}
