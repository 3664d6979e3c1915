public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, regional, municipal, curator, director

    /// The name users see.
    public var title: String {
        switch self {
        case .admin: "Администратор"
        case .regional: "Региональный координатор"
        case .municipal: "Муниципальный координатор"
        case .curator: "Куратор"
        case .director: "Директор школы"
        }
    }
}
