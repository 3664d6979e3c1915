import GRDB

/// Where the acting user works: the questions navigation, home pages and forms ask instead of comparing roles.
extension Policy {
    /// The home page a user lands on.
    /// The region's overview, one municipality's dashboard, the schools assigned for review, the user's own school.
    public enum Home: Sendable, Equatable { case region, municipality(Int64), assignedSchools, ownSchool }

    public static func home(_ scope: Scope) -> Home {
        switch scope.role {
        case .admin, .regional: .region
        case .municipal: .municipality(scope.municipalityId ?? -1)
        case .curator: .assignedSchools
        case .director: .ownSchool
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
        mayReadRegion(scope) ? nil : scope.municipalityId
    }

    /// The school a director runs; nil for everyone else.
    public static func ownSchool(_ scope: Scope) -> Int64? { scope.role == .director ? scope.schoolId : nil }

    /// True for the school's side (its director): the author of its content, who hands it to review.
    public static func isSchoolSide(_ scope: Scope) -> Bool { scope.role == .director }

    /// The curator whose work the scope is (for their lists and queues); nil for everyone else.
    public static func ownCuratorship(_ scope: Scope) -> Int64? { scope.role == .curator ? (scope.userId ?? -1) : nil }

    /// What a manager's forms and imports are limited to, as an SQL condition on a municipality id `column`: every
    /// municipality for the admin, the own one for everyone else (none when they have none).
    public static func withinManagedMunicipality(_ scope: Scope, column: String) -> SQL {
        scope.role == .admin ? "1" : SQL(sql: "\(column) = ?", arguments: [scope.municipalityId ?? -1])
    }

    /// The same as a value: nil for the admin (the whole region), the own municipality otherwise.
    public static func managedMunicipality(_ scope: Scope) -> Int64? {
        scope.role == .admin ? nil : scope.municipalityId
    }

    /// Whether the forms list every municipality side by side (and so name each option's municipality): the admin.
    public static func managesEveryMunicipality(_ scope: Scope) -> Bool { scope.role == .admin }

    /// Admin and municipal coordinators: who sets up a municipality's programme (partner groups, assignments).
    public static func mayRunMunicipalProgramme(_ scope: Scope) -> Bool { scope.role == .admin || scope.role == .municipal }

    public static func requireRunMunicipalProgramme(_ scope: Scope) throws { try require(mayRunMunicipalProgramme(scope)) }

    /// Who reads the staff registry: the region and municipal coordinators.
    public static func mayReadStaffRegistry(_ scope: Scope) -> Bool { mayReadRegion(scope) || isFixedToMunicipality(scope) }
}
