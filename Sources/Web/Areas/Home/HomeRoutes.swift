import Core
import HTTPServer
import Templating

enum HomeRoutes {
    static let routes: [Route] = [
        Route(.get, "/") { context in
            let scope = try context.scope
            let list = try context.services.schools.list(scope)
            let page = HomePage(chrome: context.chrome(title: "Главная", current: Paths.home),
                                greeting: scope.fullName, roleTitle: scope.role.title,
                                scopeText: scopeDescription(scope, count: list.items.count),
                                table: SchoolTable(list, showMunicipality: scope.municipalityId == nil))
            var out = HTMLWriter(capacity: page.table.renderCapacity)
            Templates.home(page, into: &out)
            return Responses.html(out.bytes)
        },
    ]

    static func scopeDescription(_ scope: Scope, count: Int) -> String {
        switch scope.role {
        case .admin, .regional: "Все школы региона: \(count)"
        case .municipal: "Школы вашего муниципалитета: \(count)"
        case .curator: "Закреплённые за вами школы: \(count)"
        case .director: "Ваша школа"
        }
    }
}

struct HomePage: Sendable {
    var chrome: Chrome
    var greeting: String
    var roleTitle: String
    var scopeText: String
    var table: SchoolTable
}
