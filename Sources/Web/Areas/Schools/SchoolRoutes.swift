import Core
import HTTPServer

enum SchoolRoutes {
    static let routes: [Route] = [
        Route(.get, "/schools") { context in
            let scope = try context.scope
            var filter = SchoolListFilter()
            filter.search = context.query["q"] ?? ""
            filter.municipalityId = context.query["municipality"].flatMap { Int64($0) }
            filter.kind = context.query["kind"].flatMap(SchoolKind.init(rawValue:))
            filter.flag = context.query["status"].flatMap(StatusFlag.init(rawValue:))
            filter.year = context.query["year"].flatMap { SchoolYear(parsing: $0) }
            let list = try context.services.schools.list(scope, filter: filter)
            let page = SchoolListPage(chrome: context.chrome(title: "Школы", current: Paths.schools),
                                      search: filter.search,
                                      table: SchoolTable(list, showMunicipality: scope.municipalityId == nil || scope.role == .curator),
                                      action: Paths.schools)
            return Responses.html(Templates.schoolList(page))
        },
        Route(.get, "/schools/{id}") { context in
            let card = try context.services.schools.card(try context.scope, id: try context.id("id"))
            return Responses.html(Templates.schoolCard(SchoolPage(card, chrome: context.chrome(title: card.school.shortName))))
        },
    ]
}
