/// Links of the bank of practices.
extension Paths {
    public static let practices = "/practices"
    public static func practices(query items: [(String, String?)]) -> String { withQuery(practices, items) }
    public static let newPractice = "/practices/new"
    public static func newPractice(school: Int64?) -> String { withQuery(newPractice, [("school", school.map(String.init))]) }
    public static func practice(_ id: Int64) -> String { "/practices/\(id)" }
    public static func editPractice(_ id: Int64) -> String { "/practices/\(id)/edit" }
    public static func proposePractice(_ id: Int64) -> String { "/practices/\(id)/propose" }
    public static func publishPractice(_ id: Int64) -> String { "/practices/\(id)/publish" }
    public static func returnPractice(_ id: Int64) -> String { "/practices/\(id)/return" }
    public static func practiceMaterials(_ id: Int64) -> String { "/practices/\(id)/materials" }
    public static func practiceMaterialDownload(_ id: Int64) -> String { "/practice-materials/\(id)/download" }
    public static func removePracticeMaterial(_ id: Int64) -> String { "/practice-materials/\(id)/remove" }
    public static func schoolPractices(_ schoolId: Int64) -> String { withQuery(practices, [("school", String(schoolId))]) }
}
