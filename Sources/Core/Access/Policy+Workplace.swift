/// Where the acting user works: the questions navigation, home pages and forms ask instead of comparing roles.
extension Policy {
    /// The home page a user lands on.
    public enum Home: Sendable, Equatable { case region, municipality(Int64), curator, school }

    public static func home(_ scope: Scope) -> Home {
        switch scope.role {
        case .admin, .regional: .region
        case .municipal: .municipality(scope.municipalityId ?? -1)
        case .curator: .curator
        case .director: .school
        }
    }

    /// True for a municipal coordinator: their lists and forms are fixed to their municipality (no choice of it).
    public static func isFixedToMunicipality(_ scope: Scope) -> Bool { scope.role == .municipal }

    /// The municipality a municipal coordinator works in; nil for everyone else.
    public static func coordinatedMunicipality(_ scope: Scope) -> Int64? {
        isFixedToMunicipality(scope) ? scope.municipalityId : nil
    }

    /// The municipality a page or form is about: a municipal coordinator's own, otherwise the one asked for.
    public static func municipalityInFocus(_ scope: Scope, asked: Int64?) -> Int64? {
        isFixedToMunicipality(scope) ? scope.municipalityId : asked
    }

    /// The municipality a user outside the region's offices belongs to; nil for admin and the regional coordinator.
    public static func ownMunicipality(_ scope: Scope) -> Int64? {
        canReadRegion(scope) ? nil : scope.municipalityId
    }

    /// The school a director runs; nil for everyone else.
    public static func ownSchool(_ scope: Scope) -> Int64? { scope.role == .director ? scope.schoolId : nil }

    /// Admin and municipal coordinators: who sets up a municipality's programme (partner groups, assignments).
    public static func runsMunicipalProgramme(_ scope: Scope) -> Bool { scope.role == .admin || scope.role == .municipal }

    /// Who has a queue of things to review: curators, municipal coordinators and the admin.
    public static func hasReviewQueue(_ scope: Scope) -> Bool {
        scope.role == .curator || scope.role == .municipal || scope.role == .admin
    }

    /// Who reads the staff registry: the region and municipal coordinators.
    public static func readsStaffRegistry(_ scope: Scope) -> Bool { canReadRegion(scope) || isFixedToMunicipality(scope) }
}
