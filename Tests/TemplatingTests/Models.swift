import Templating

struct EscapePage {
    var title: String
    var attr: String
    var note: String?
    var count: Int
    var ratio: Double
}

struct ListPage {
    struct Item {
        var name: String
        var done: Bool
        var tags: [String]
    }
    struct User {
        var name: String
    }
    var heading: String
    var items: [Item]
    var flag: Bool
    var user: User?
    var featured: Item
    var chart: TrustedHTML
}

struct Chrome {
    var siteName: String
}

struct SchoolListPage {
    var chrome: Chrome
    var city: String
    var schools: [String]
}
