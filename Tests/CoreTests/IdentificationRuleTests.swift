import Foundation
import Testing
@testable import Core

/// The rule of seed 003 as a pure function, at its edges.
@Suite struct IdentificationRuleTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let procedures: [Int64: Procedure] = [
        1: Procedure(id: 1, family: .vpr, subject: "Математика", grade: 5, lowRule: .markTwo, isAnalysed: true, sortOrder: 10, createdAt: now, updatedAt: now),
        2: Procedure(id: 2, family: .oge, subject: "Русский язык", grade: 9, lowRule: .belowMinimum, isAnalysed: true, sortOrder: 20, createdAt: now, updatedAt: now),
        3: Procedure(id: 3, family: .vpr, subject: "История", grade: 5, lowRule: .markTwo, isAnalysed: false, sortOrder: 30, createdAt: now, updatedAt: now),
    ]
    static let defaults = IdentificationSettings(procedureIds: [1, 2])
    let target = SchoolYear(2023)  // the list for 2023/2024, from 2022/2023 and 2021/2022

    func r(_ school: Int64, _ procedure: Int64, _ year: Int, _ count: Int?, of participants: Int) -> ResultAggregate {
        ResultAggregate(schoolId: school, procedureId: procedure, year: year, participants: participants, lowCount: count)
    }

    func evaluate(_ results: [ResultAggregate], _ settings: IdentificationSettings = defaults) -> [Int64: SchoolEvaluation] {
        Identification.evaluate(target: target, results: results, settings: settings, procedures: Self.procedures)
    }

    @Test func lowIsAtLeastTheShareComparedInIntegers() {
        #expect(Identification.isLow(count: 3, participants: 10, basisPoints: 3000))        // exactly 30 %
        #expect(Identification.isLow(count: 300, participants: 1000, basisPoints: 3000))
        #expect(!Identification.isLow(count: 299, participants: 1000, basisPoints: 3000))   // 29,9 %
        #expect(!Identification.isLow(count: 2, participants: 7, basisPoints: 3000))        // 28,6 %
        #expect(Identification.isLow(count: 1, participants: 3, basisPoints: 3000))         // 33,3 %
        #expect(!Identification.isLow(count: 0, participants: 0, basisPoints: 3000))        // no participants: no data
        #expect(!Identification.isLow(count: 0, participants: 0, basisPoints: 1))
    }

    @Test func exactlyThirtyPercentInTwoProceduresIdentifies() {
        let e = evaluate([r(1, 1, 2022, 3, of: 10), r(1, 2, 2022, 30, of: 100)])
        #expect(e[1]?.identified == true)
        #expect(e[1]?.rules == [.twoInLastYear])
        #expect(e[1]?.reasons.map(\.sharePercent) == ["30,0 %", "30,0 %"])
    }

    @Test func twentyNineNineIsNotLow() {
        let e = evaluate([r(1, 1, 2022, 299, of: 1000), r(1, 2, 2022, 300, of: 1000)])
        #expect(e[1]?.identified == false)
        #expect(e[1]?.reasons.count == 1)
        #expect(e[1]?.reasons.first?.procedureId == 2)
    }

    @Test func twoProceduresInTheLastYear() {
        let e = evaluate([r(7, 1, 2022, 19, of: 55), r(7, 2, 2022, 9, of: 29)])
        #expect(e[7]?.rules == [.twoInLastYear])
        #expect(e[7]?.reasons.map(\.text) == [
            "ВПР Математика 5 кл., 2022/2023: 34,5 % «2» (19 из 55)",
            "ОГЭ Русский язык, 2022/2023: 31,0 % ниже минимума (9 из 29)",
        ])
        #expect(e[7]?.reasonText.hasPrefix("Выявлена по критериям ШНОР (не менее двух процедур") == true)
    }

    @Test func twoProceduresInTheYearBeforeOnlyDoNotIdentify() {
        let e = evaluate([r(1, 1, 2021, 5, of: 10), r(1, 2, 2021, 5, of: 10)])
        #expect(e[1]?.identified == false)
    }

    @Test func oneInEachOfTwoYears() {
        let e = evaluate([r(1, 1, 2022, 4, of: 10), r(1, 2, 2021, 4, of: 10)])
        #expect(e[1]?.rules == [.consecutiveYears])
        // The last year first.
        #expect(e[1]?.reasons.map(\.year) == [SchoolYear(2022), SchoolYear(2021)])
    }

    @Test func bothRulesCanFire() {
        let e = evaluate([r(1, 1, 2022, 4, of: 10), r(1, 2, 2022, 4, of: 10), r(1, 1, 2021, 4, of: 10)])
        #expect(e[1]?.rules == [.twoInLastYear, .consecutiveYears])
    }

    @Test func gapYearDoesNotCountAsConsecutive() {
        // Low in 2020/2021 (Y−2), nothing in 2021/2022 (Y−1), one in 2022/2023 (Y): not identified for 2023.
        let e = evaluate([r(1, 1, 2020, 5, of: 10), r(1, 2, 2021, 1, of: 10), r(1, 1, 2022, 5, of: 10)])
        #expect(e[1]?.identified == false)
        #expect(e[1]?.reasons.count == 1)
    }

    @Test func schoolWithoutResultsOrWithZeroParticipants() {
        #expect(evaluate([]).isEmpty)
        let e = evaluate([r(1, 1, 2022, 0, of: 0), r(1, 2, 2022, 0, of: 0), r(1, 2, 2021, 0, of: 0)])
        #expect(e[1] == nil)
        // A missing count is no data either.
        #expect(evaluate([r(2, 1, 2022, nil, of: 10), r(2, 2, 2022, nil, of: 10)]).isEmpty)
    }

    @Test func proceduresOutsideTheSettingsAreIgnored() {
        let e = evaluate([r(1, 3, 2022, 9, of: 10), r(1, 1, 2022, 9, of: 10)])
        #expect(e[1]?.identified == false)
        var all = Self.defaults
        all.procedureIds = [1, 2, 3]
        #expect(evaluate([r(1, 3, 2022, 9, of: 10), r(1, 1, 2022, 9, of: 10)], all)[1]?.identified == true)
    }

    @Test func settingsVariations() {
        let results = [r(1, 1, 2022, 27, of: 100), r(1, 2, 2022, 26, of: 100), r(2, 1, 2022, 5, of: 10), r(2, 1, 2021, 5, of: 10),
                       r(3, 1, 2022, 5, of: 10), r(3, 2, 2022, 5, of: 10)]
        let base = evaluate(results)
        #expect(base[1] == nil)
        #expect(base[2]?.rules == [.consecutiveYears])
        #expect(base[3]?.rules == [.twoInLastYear])

        var share25 = Self.defaults
        share25.lowShareBasisPoints = 2500
        #expect(evaluate(results, share25)[1]?.rules == [.twoInLastYear])
        #expect(evaluate(results, share25)[1]?.reasons.map(\.sharePercent) == ["27,0 %", "26,0 %"])

        var noTwo = Self.defaults
        noTwo.ruleTwoInLastYear = false
        #expect(evaluate(results, noTwo)[3]?.identified == false)
        #expect(evaluate(results, noTwo)[2]?.identified == true)

        var noConsecutive = Self.defaults
        noConsecutive.ruleConsecutiveYears = false
        #expect(evaluate(results, noConsecutive)[2]?.identified == false)
        #expect(evaluate(results, noConsecutive)[3]?.identified == true)
    }

    @Test func sharesAreShownRoundedToATenth() {
        func low(_ count: Int, _ participants: Int) -> String {
            LowResult(procedureId: 1, procedureTitle: "ВПР Математика 5 кл.", lowRule: .markTwo, year: SchoolYear(2022),
                      lowCount: count, participants: participants).sharePercent
        }
        #expect(low(19, 55) == "34,5 %")
        #expect(low(5, 12) == "41,7 %")
        #expect(low(3, 10) == "30,0 %")
        #expect(low(1, 1) == "100,0 %")
        #expect(Identification.percent(tenths: 5) == "0,5 %")
    }
}
