import Foundation

/// The region after its documented years (the living demo, issue 14): each school year from the one after the
/// region's last statuses to the running one continues the ШНОР list by a chain per school (a school on the list
/// stays with probability 0.7; one off it enters with probability 0.15, 0.2 for an ООШ, 0.03 for a lyceum or a
/// gymnasium), keeps ШНСУ, lets some newcomers join «500+» for two years, gives every school of the list a curator
/// (its most recent one where there was one, else the least loaded of the municipality's curators, under a yearly
/// order of the municipality) and partners of stable results (last year's where they are still off the list). Deterministic
/// in the school keys; nothing before the first new year changes.
extension DemoRegion {
    /// The school year of the region's last status records (2023 for the seeds).
    public var lastYear: Int {
        municipalities.flatMap(\.schools).flatMap(\.statuses).map(\.year).max() ?? SyntheticRegion.lastYear
    }

    public func continued(through runningYear: Int) -> DemoRegion {
        let first = lastYear + 1
        guard first <= runningYear else { return self }
        return DemoRegion(municipalities: municipalities.map { $0.continued(years: first...runningYear) })
    }
}

extension DemoMunicipality {
    fileprivate func continued(years: ClosedRange<Int>) -> DemoMunicipality {
        var out = self
        for y in years {
            var low: [Int] = []
            for i in out.schools.indices {
                var rng = SplitMix64(seed: DemoResults.fnv1a("living/\(out.schools[i].key)/\(y)"))
                let s = out.schools[i]
                let wasLow = s.has(.lowResults, in: y - 1)
                let isLow = rng.chance(wasLow ? 0.7 : Self.entryRate(s.kind))
                var added: [DemoStatusChange] = []
                if isLow {
                    low.append(i)
                    added.append(DemoStatusChange(year: y, flag: .lowResults, isSet: true, isExit: false, cohortYear: nil,
                                                  reason: "Выявлена по критериям перечня ШНОР на \(y)/\(y + 1) учебный год"))
                    let cohort = s.statuses.first { $0.year == y - 1 && $0.flag == .programmeParticipant && $0.isSet }?.cohortYear
                    if let cohort, y - cohort < 2 {
                        added.append(DemoStatusChange(year: y, flag: .programmeParticipant, isSet: true, isExit: false, cohortYear: cohort,
                                                      reason: "Участник проекта «500+» с \(cohort) года"))
                    } else if !wasLow && rng.chance(0.4) {
                        added.append(DemoStatusChange(year: y, flag: .programmeParticipant, isSet: true, isExit: false, cohortYear: y,
                                                      reason: "Участник проекта адресной методической помощи «500+» с \(y) года"))
                    }
                } else if wasLow {
                    added.append(DemoStatusChange(year: y, flag: .lowResults, isSet: false, isExit: true, cohortYear: nil,
                                                  reason: "Выход из перечня ШНОР на \(y)/\(y + 1) учебный год"))
                }
                if let conditions = s.statuses.first(where: { $0.year == y - 1 && $0.flag == .unfavourableConditions && $0.isSet }) {
                    added.append(DemoStatusChange(year: y, flag: .unfavourableConditions, isSet: true, isExit: false, cohortYear: nil,
                                                  reason: conditions.reason))
                }
                out.schools[i].statuses += added
            }
            out.assignCurators(year: y, low: low)
            out.pairPartners(year: y, low: low)
        }
        return out
    }

    private static func entryRate(_ kind: SchoolKind) -> Double {
        switch kind {
        case .lyceum, .gymnasium: 0.03
        case .oosh: 0.2
        default: 0.15
        }
    }

    private mutating func assignCurators(year y: Int, low: [Int]) {
        guard !curators.isEmpty, !low.isEmpty else { return }
        let hash = DemoResults.fnv1a("order/\(key)/\(y)")
        let orderNumber = String(200 + Int(hash % 400))
        let orderDate = "\(y)-08-\(25 + Int(hash / 400 % 5))"
        var load = Array(repeating: 0, count: curators.count)
        var pending: [String] = []
        for i in low {
            let key = schools[i].key
            // The school's most recent curator, if any.
            let recent = curators.indices.compactMap { c in
                curators[c].assignments.filter { $0.schoolKey == key && $0.year < y }.map(\.year).max().map { (c, $0) }
            }.max { ($0.1, -$0.0) < ($1.1, -$1.0) }?.0
            if let c = recent {
                load[c] += 1
                curators[c].assignments.append(DemoAssignment(schoolKey: key, year: y, orderNumber: orderNumber, orderDate: orderDate))
            } else {
                pending.append(key)
            }
        }
        for key in pending {
            let c = load.indices.min { (load[$0], $0) < (load[$1], $1) }!
            load[c] += 1
            curators[c].assignments.append(DemoAssignment(schoolKey: key, year: y, orderNumber: orderNumber, orderDate: orderDate))
        }
    }

    private mutating func pairPartners(year y: Int, low: [Int]) {
        let lowKeys = Set(low.map { schools[$0].key })
        // Schools of stable results: off the list this year and last; lyceums and gymnasiums first.
        let stable = schools.indices.filter { i in
            !lowKeys.contains(schools[i].key) && !schools[i].has(.lowResults, in: y - 1)
        }.sorted { a, b in
            let strongA = schools[a].kind == .lyceum || schools[a].kind == .gymnasium
            let strongB = schools[b].kind == .lyceum || schools[b].kind == .gymnasium
            return strongA != strongB ? strongA : a < b
        }.map { schools[$0].key }
        guard !stable.isEmpty else { return }
        var flagged = Set<String>()
        for (n, i) in low.enumerated() {
            let key = schools[i].key
            let last = partnerships.first { $0.year == y - 1 && $0.lowResultsSchoolKey == key }
            var partners = (last?.partnerSchoolKeys ?? []).filter { stable.contains($0) }
            if partners.isEmpty { partners = [stable[n % stable.count]] }
            partnerships.append(DemoPartnership(year: y, lowResultsSchoolKey: key, partnerSchoolKeys: partners,
                                                forms: last?.forms ?? Self.partnerForms))
            flagged.formUnion(partners)
        }
        for i in schools.indices where flagged.contains(schools[i].key) {
            schools[i].statuses.append(DemoStatusChange(year: y, flag: .partner, isSet: true, isExit: false, cohortYear: nil,
                                                        reason: "Школа со стабильными результатами в паре со ШНОР в \(y)/\(y + 1) учебном году"))
        }
    }

    private static let partnerForms = "сетевое взаимодействие с педагогами школ, имеющих стабильно высокие результаты; педагогические пары, наставничество"
}
