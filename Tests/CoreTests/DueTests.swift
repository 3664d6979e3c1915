import Testing
@testable import Core

@Suite struct DueTests {
    @Test(arguments: [
        ("15.03.2024", Due.Kind.date, "2024-03-15", "2024-03-15"),
        ("март", .month, "2024-03-01", "2024-03-31"),
        ("октябрь", .month, "2023-10-01", "2023-10-31"),
        ("Февраль", .month, "2024-02-01", "2024-02-29"),
        ("сентябрь–декабрь", .monthRange, "2023-09-01", "2023-12-31"),
        ("ноябрь - март", .monthRange, "2023-11-01", "2024-03-31"),
        ("май 2024", .month, "2024-05-01", "2024-05-31"),
        ("03.2024", .month, "2024-03-01", "2024-03-31"),
        ("09.2023–12.2023", .monthRange, "2023-09-01", "2023-12-31"),
    ])
    func datesResolveWithinTheSchoolYear(_ text: String, _ kind: Due.Kind, _ from: String, _ to: String) throws {
        let due = try #require(Due(parsing: text, schoolYear: 2023))
        #expect(due.kind == kind)
        #expect(due.from == from)
        #expect(due.to == to)
    }

    @Test func standingTermsAreNeverOverdue() throws {
        for text in ["в течение года", "По запросу", "по плану", "В течение учебного года"] {
            let due = try #require(Due(parsing: text, schoolYear: 2023))
            #expect(due.kind == .standing)
            #expect(!due.isOverdue(today: "2030-01-01", done: false))
        }
    }

    @Test func overdueOnlyAfterTheLastDayAndUnlessDone() throws {
        let march = try #require(Due(parsing: "март", schoolYear: 2023))
        #expect(!march.isOverdue(today: "2024-03-31", done: false))
        #expect(march.isOverdue(today: "2024-04-01", done: false))
        #expect(!march.isOverdue(today: "2024-04-01", done: true))
    }

    @Test func nonsenseIsRejected() {
        #expect(Due(parsing: "", schoolYear: 2023) == nil)
        #expect(Due(parsing: "когда-нибудь", schoolYear: 2023) == nil)
        #expect(Due(parsing: "31.02.2024", schoolYear: 2023) == nil)
    }
}
