import GRDB

extension Policy {
    /// Entering a school's results by hand: the municipal coordinator of the school's municipality and admin.
    public static func mayEnterResults(_ scope: Scope, schoolMunicipalityId: Int64) -> Bool {
        mayManageMunicipality(scope, schoolMunicipalityId)
    }

    /// Figures of a whole municipality (its results over the years, the export of its results file):
    /// the region and the municipality's coordinator. With nil, the whole visible region.
    public static func requireReadMunicipalityResults(_ scope: Scope, municipalityId: Int64?) throws {
        try requireReadMunicipalityProgramme(scope, municipalityId: municipalityId)
    }
}
