/// Curators' visits to schools: the form (with an optional file), its edit, the file's download.
enum VisitRoute: AreaRoute {
    case new(school: Int64)
    case create(school: Int64)
    case edit(Int64)
    case update(Int64)
    case download(Int64)

    static let shapes: [RouteShape<Self>] = [
        .get("/schools/{id}/visits/new") { .new(school: try $0.id()) },
        .post("/schools/{id}/visits", bodyLimit: DocumentRoutes.uploadBodyLimit, multipart: true) { .create(school: try $0.id()) },
        .get("/visits/{id}/edit") { .edit(try $0.id()) },
        .post("/visits/{id}/edit", bodyLimit: DocumentRoutes.uploadBodyLimit, multipart: true) { .update(try $0.id()) },
        .get("/visits/{id}/download") { .download(try $0.id()) },
    ]

    var path: String {
        switch self {
        case .new(let school): "/schools/\(school)/visits/new"
        case .create(let school): "/schools/\(school)/visits"
        case .edit(let id), .update(let id): "/visits/\(id)/edit"
        case .download(let id): "/visits/\(id)/download"
        }
    }
}
