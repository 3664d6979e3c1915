/// The schools: the list and its export, the new-school form, a school's card, its edit, archive and restore, its
/// yearly statuses. `/schools/new` and the exports come before `/schools/{id}`, which would match them too.
enum SchoolRoute: AreaRoute {
    case list
    case export(ExportFormat)
    case new
    case create
    case edit(Int64)
    case update(Int64)
    case confirmArchive(Int64)
    case archive(Int64)
    case confirmRestore(Int64)
    case restore(Int64)
    case statusForm(Int64)
    case changeStatus(Int64)
    case card(Int64)

    private static let listShapes: [RouteShape<Self>] =
        [.get("/schools") { _ in .list }] + RouteShape<Self>.exports("/schools") { _, format in .export(format) }

    private static let formShapes: [RouteShape<Self>] = [
        .get("/schools/new") { _ in .new },
        .post("/schools/new") { _ in .create },
        .get("/schools/{id}/edit") { .edit(try $0.id()) },
        .post("/schools/{id}/edit") { .update(try $0.id()) },
    ]

    private static let stateShapes: [RouteShape<Self>] = [
        .get("/schools/{id}/archive") { .confirmArchive(try $0.id()) },
        .post("/schools/{id}/archive") { .archive(try $0.id()) },
        .get("/schools/{id}/restore") { .confirmRestore(try $0.id()) },
        .post("/schools/{id}/restore") { .restore(try $0.id()) },
        .get("/schools/{id}/status") { .statusForm(try $0.id()) },
        .post("/schools/{id}/status") { .changeStatus(try $0.id()) },
        .get("/schools/{id}") { .card(try $0.id()) },
    ]

    static let shapes: [RouteShape<Self>] = listShapes + formShapes + stateShapes

    var path: String {
        switch self {
        case .list: "/schools"
        case .export(let format): Paths.exportPattern(Self.list.path, format)
        case .new, .create: "/schools/new"
        case .edit(let id), .update(let id): "/schools/\(id)/edit"
        case .confirmArchive(let id), .archive(let id): "/schools/\(id)/archive"
        case .confirmRestore(let id), .restore(let id): "/schools/\(id)/restore"
        case .statusForm(let id), .changeStatus(let id): "/schools/\(id)/status"
        case .card(let id): "/schools/\(id)"
        }
    }
}
