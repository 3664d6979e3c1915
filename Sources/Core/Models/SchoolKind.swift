public enum SchoolKind: String, Codable, Sendable, CaseIterable {
    case sosh, oosh, lyceum, gymnasium, educationCentre, other

    public var title: String {
        switch self {
        case .sosh: "СОШ"
        case .oosh: "ООШ"
        case .lyceum: "Лицей"
        case .gymnasium: "Гимназия"
        case .educationCentre: "Центр образования"
        case .other: "Другое"
        }
    }
}
