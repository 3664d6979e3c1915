import Foundation
import Testing
@testable import Core

@Suite("Demo region drawn from the seeds")
struct DemoRegionTests {
    let region = DemoRegion.seeded

    @Test func isConsistent() {
        #expect(region.problems() == [])
        #expect(region.municipalities.map(\.key) == ["kamensk-uralsky", "kirovsky", "kemerovsky", "goryachy-klyuch"])
    }

    @Test func schoolKeysAreUniqueAcrossTheRegion() {
        let keys = region.municipalities.flatMap { $0.schools.map(\.key) }
        #expect(Set(keys).count == keys.count)
    }

    @Test func everyAssignmentAndPartnershipReferencesASchoolOfItsMunicipality() {
        for m in region.municipalities {
            let keys = Set(m.schools.map(\.key))
            for c in m.curators {
                for a in c.assignments {
                    #expect(keys.contains(a.schoolKey), "\(m.key): \(c.fullName) → \(a.schoolKey)")
                }
            }
            for p in m.partnerships {
                #expect(keys.contains(p.lowResultsSchoolKey), "\(m.key): \(p.lowResultsSchoolKey)")
                for k in p.partnerSchoolKeys {
                    #expect(keys.contains(k), "\(m.key): \(k)")
                }
            }
        }
    }

    // Seed 001: «Все 7 школ (Средние школы №№ 1, 17, 35, 38, 51, 60 и Лицей № 9) участники
    // проекта «500+» в 2022 году вышли из ШНОР».
    @Test func kamenskUralskyParticipantsOf2022AllLeftTheList() throws {
        let m = try #require(region.municipality(key: "kamensk-uralsky"))
        let participants = m.schools(with: .programmeParticipant, in: 2022)
        #expect(Set(participants.map(\.shortName)) == [
            "Средняя школа № 1", "Средняя школа № 17", "СШ № 35", "СШ № 38", "СШ № 51", "СШ № 60", "Лицей № 9",
        ])
        #expect(participants.contains { $0.name == "Средняя школа № 1 с углублённым изучением отдельных предметов" })
        for s in participants {
            #expect(s.has(.lowResults, in: 2022), "\(s.name)")
            #expect(!s.has(.lowResults, in: 2023), "\(s.name)")
            #expect(s.exits.map(\.year) == [2023], "\(s.name)")
            #expect(s.exits.allSatisfy { $0.reason.contains("Вышла из ШНОР") })
            #expect(s.statuses.contains { $0.flag == .programmeParticipant && $0.cohortYear == 2022 })
        }
        let lyceum = try #require(m.school(key: "KU-L09"))
        #expect(lyceum.kind == .lyceum)
    }

    @Test func kamenskUralskyCoordinatorsCuratorsAnd2023List() throws {
        let m = try #require(region.municipality(key: "kamensk-uralsky"))
        #expect(m.coordinators.count == 2)
        #expect(m.coordinators.allSatisfy { $0.orderNumber == "48" && $0.orderDate == "2021-02-19" })
        #expect(m.curators.count == 6)
        // Each curator works at another school and supports one or two participants in 2022.
        for c in m.curators {
            #expect((1...2).contains(c.assignments.count), "\(c.fullName)")
            for a in c.assignments {
                #expect(a.year == 2022)
                #expect(m.school(key: a.schoolKey)?.name != c.workplace)
            }
        }
        // Every 2022 participant has a curator.
        let assigned = Set(m.curators.flatMap(\.assignments).map(\.schoolKey))
        #expect(Set(m.schools(with: .programmeParticipant, in: 2022).map(\.key)).isSubset(of: assigned))
        // The 2023 federal list: №№ 2, 7, 11, 14, 19, 21, 27, 39, 40 and ЦО «Аксиома».
        let list2023 = m.schools(with: .lowResults, in: 2023)
        #expect(list2023.count == 10)
        #expect(list2023.contains { $0.kind == .educationCentre && $0.shortName == "ЦО «Аксиома»" })
        #expect(m.school(key: "KU-27")?.kind == .oosh)
        #expect(m.school(key: "KU-GIM")?.kind == .gymnasium)
    }

    @Test func kirovskyLowResultsSchoolsAndPairs() throws {
        let m = try #require(region.municipality(key: "kirovsky"))
        let low = Set(m.schools(with: .lowResults, in: 2020).map(\.shortName))
        #expect(low == ["Отрадненская СОШ № 3", "Синявинская СОШ", "Путиловская ООШ", "Назиевская СОШ"])
        #expect(m.school(key: "KR-PUT")?.kind == .oosh)
        #expect(m.partnerships.count == 4)
        for p in m.partnerships {
            #expect(m.school(key: p.lowResultsSchoolKey)?.has(.lowResults, in: p.year) == true)
            for k in p.partnerSchoolKeys {
                #expect(m.school(key: k)?.has(.partner, in: p.year) == true)
            }
        }
        #expect(m.coordinators.allSatisfy { $0.orderNumber == "149" && $0.orderDate == "2020-08-27" })
    }

    @Test func kemerovskyNineSchoolsOfTheFinalReport() throws {
        let m = try #require(region.municipality(key: "kemerovsky"))
        #expect(m.schools.count == 9)
        #expect(m.schools.filter { $0.kind == .oosh }.count == 5)
        #expect(m.schools.filter { $0.kind == .sosh }.count == 4)
        for y in DemoRegion.seededYears {
            #expect(m.schools(with: .lowResults, in: y).count == 9)
        }
    }

    // Seed 000: «в 2022 году в число ШНОР входило 11 ОО. В 2023 году число снизилось до 7-ми»;
    // 1 participant of «500+» in 2020, 5 in 2021, 4 joined in 2022.
    @Test func goryachyKlyuchCounts() throws {
        let m = try #require(region.municipality(key: "goryachy-klyuch"))
        #expect(m.schools(with: .lowResults, in: 2022).count == 11)
        #expect(m.schools(with: .lowResults, in: 2023).count == 7)
        #expect(m.schools.filter { $0.exits.contains { $0.year == 2023 } }.count == 4)
        let cohorts = m.schools.compactMap { s in
            s.statuses.first { $0.flag == .programmeParticipant && $0.isSet }?.cohortYear
        }
        #expect(cohorts.filter { $0 == 2020 }.count == 1)
        #expect(cohorts.filter { $0 == 2021 }.count == 5)
        #expect(cohorts.filter { $0 == 2022 }.count == 4)
        // Every ШНОР school of 2023 has a curator that year.
        let assigned2023 = Set(m.curators.flatMap(\.assignments).filter { $0.year == 2023 }.map(\.schoolKey))
        #expect(Set(m.schools(with: .lowResults, in: 2023).map(\.key)) == assigned2023)
    }

    @Test func peopleHaveThreePartNames() {
        var names: [String] = []
        for m in region.municipalities {
            names += m.coordinators.map(\.fullName) + m.curators.map(\.fullName) + m.schools.map(\.directorName)
        }
        for n in names {
            #expect(n.split(separator: " ").count == 3, "\(n)")
        }
    }

    @Test func contactsAreExampleStyle() {
        for m in region.municipalities {
            for s in m.schools {
                #expect(s.email?.hasSuffix("@example.ru") == true)
                #expect(s.phone?.hasPrefix("+7 (") == true)
            }
        }
    }
}

@Suite("Synthetic region")
struct SyntheticRegionTests {
    @Test func isDeterministic() {
        let a = SyntheticRegion.make(schools: 300, years: 4, seed: 42)
        let b = SyntheticRegion.make(schools: 300, years: 4, seed: 42)
        let c = SyntheticRegion.make(schools: 300, years: 4, seed: 43)
        #expect(a == b)
        #expect(a != c)
    }

    @Test(arguments: [0, 1, 37, 120, 2000])
    func yieldsTheRequestedCount(schools: Int) {
        let r = SyntheticRegion.make(schools: schools, years: 4, seed: 7)
        #expect(r.schoolCount == schools)
        #expect(r.problems() == [])
    }

    @Test func shapeOf2000Schools() {
        let r = SyntheticRegion.make(schools: 2000, years: 4, seed: 2024)
        #expect(r.municipalities.count == 40)
        #expect(Set(r.municipalities.map(\.name)).count == 40)
        let schools = r.municipalities.flatMap(\.schools)
        #expect(Set(schools.map(\.key)).count == 2000)
        #expect(Set(SchoolKind.allCases).isSubset(of: Set(schools.map(\.kind))))
        for y in 2020...2023 {
            let share = Double(schools.filter { $0.has(.lowResults, in: y) }.count) / 2000
            #expect((0.10...0.20).contains(share), "year \(y): \(share)")
        }
        #expect(schools.contains { $0.exits.contains { $0.year == 2023 } })
        #expect(schools.flatMap(\.statuses).map(\.year).min() == 2020)
        #expect(schools.flatMap(\.statuses).map(\.year).max() == 2023)
        for m in r.municipalities {
            for y in 2020...2023 {
                let low = m.schools(with: .lowResults, in: y).count
                let curatorsThisYear = m.curators.filter { $0.assignments.contains { $0.year == y } }.count
                #expect(curatorsThisYear == (low + 2) / 3)
                #expect(m.partnerships.filter { $0.year == y }.count == low)
                #expect(m.curators.allSatisfy { c in c.assignments.filter { $0.year == y }.count <= 3 })
            }
        }
    }
}
