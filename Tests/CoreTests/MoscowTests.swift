import Foundation
import Testing
@testable import Core

/// «Today» is Moscow's day everywhere: a stored day, the running school year and a printed date agree at midnight.
@Suite struct MoscowTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func theDayTurnsAtMoscowMidnight() {
        #expect(Moscow.day(Self.utc("2026-12-06T20:59:59Z")) == "2026-12-06")
        #expect(Moscow.day(Self.utc("2026-12-06T21:00:00Z")) == "2026-12-07")
    }

    @Test func theSchoolYearTurnsOnTheFirstOfSeptemberInMoscow() {
        #expect(SchoolYear.containing(Self.utc("2026-08-31T20:59:59Z")) == SchoolYear(2025))
        #expect(SchoolYear.containing(Self.utc("2026-08-31T21:00:00Z")) == SchoolYear(2026))
    }

    @Test func aDayStartsAtMoscowMidnight() {
        #expect(Moscow.start(ofDay: "2026-12-07") == Self.utc("2026-12-06T21:00:00Z"))
        #expect(Moscow.start(ofDay: "07.12.2026") == nil)
        #expect(Moscow.day(Moscow.start(ofDay: "2027-03-01")!) == "2027-03-01")
    }

    @Test func theFallbackIsMoscowsOffset() {
        #expect(Moscow.timeZone.secondsFromGMT(for: Self.utc("2026-07-01T00:00:00Z")) == 3 * 3600)
    }
}
