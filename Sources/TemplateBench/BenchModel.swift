struct BenchRow {
    var name: String
    var city: String
    var address: String
    var director: String
    var phone: String
    var email: String
    var note: String
    var status: String
}

struct BenchPage {
    var title: String
    var rows: [BenchRow]

    /// 1,000 rows x 8 escaped Cyrillic fields (one with characters that need escaping).
    static func sample(rows count: Int = 1000) -> BenchPage {
        BenchPage(title: "Школы города — список", rows: (0..<count).map { i in
            BenchRow(name: "Школа № \(i) «Радуга»", city: "Казань", address: "ул. Ленина, д. \(i % 97)",
                     director: "Иванова Мария Петровна", phone: "+7 (843) 123-45-\(i % 100)",
                     email: "school\(i)@edu.ru", note: "Углублённое изучение <математики> & \"физики\"",
                     status: "аккредитована")
        })
    }
}
