/// The public page of a municipality (issue 9).
extension Policy {
    /// Switching the page on or off and publishing the summary's range: the municipality's coordinator (and admin).
    public static func mayManagePublicPage(_ scope: Scope, municipalityId: Int64) -> Bool {
        mayManageMunicipality(scope, municipalityId)
    }

    public static func requireManagePublicPage(_ scope: Scope, municipalityId: Int64) throws {
        try require(mayManagePublicPage(scope, municipalityId: municipalityId))
    }
}
