/// The people the authorization matrix tries every route as.
enum Actor: String, CaseIterable, Sendable, CustomStringConvertible {
    case admin, regional, municipalA, municipalB, curatorAssigned, curatorOther, directorX, directorY, anonymous

    /// School X is the demo director's school, to which `curator-ku` is assigned; Y is another school of
    /// the same municipality (A = Каменск-Уральский); B is Кировский район.
    var login: String? {
        switch self {
        case .admin: "admin"
        case .regional: "region"
        case .municipalA: "mun-ku"
        case .municipalB: "mun-kirovsky"
        case .curatorAssigned: "curator-ku"
        case .curatorOther: "curator-ku-3"
        case .directorX: "director-ku"
        case .directorY: "director-ku-02"
        case .anonymous: nil
        }
    }

    var description: String { rawValue }

    static let everyone = Set(allCases)
    static let signedIn = everyone.subtracting([.anonymous])
    static let region: Set<Actor> = [.admin, .regional]
    /// Those who may read school X.
    static let readersOfX: Set<Actor> = [.admin, .regional, .municipalA, .curatorAssigned, .directorX]
    /// Those who run the programme in municipality A.
    static let managersOfA: Set<Actor> = [.admin, .municipalA]
}
