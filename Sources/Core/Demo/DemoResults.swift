import Foundation
import GRDB

/// Deterministic demo results, consistent with the schools' lowResults statuses: for each school and
/// each year Y of results, the number of low analysed results L(Y) is chosen so that the rule of
/// seed 003 (≥ 2 low in Y, or ≥ 1 low in Y and in Y−1) holds exactly when the school is on the list
/// in Y+1. Going forward through the years, a valid choice always exists (0 when off the list, 2 when
/// on it); where the year before had a low result a school on the list sometimes gets just one
/// (the «two years in a row» rule), and a school off the list sometimes gets one isolated low result
/// after a clean year (a near miss that identifies nobody).
///
/// Schools with signs of non-objectivity in Y+1 get inflated ВПР in Y (many «4» and «5», many marks
/// that differ from the journal) while their ОГЭ/ЕГЭ stay weak, and their low results, if any, are
/// put on ОГЭ/ЕГЭ first.
///
/// Which procedures a school sits: ООШ no ЕГЭ and no 11th-grade ВПР; «other» kinds (primary
/// schools in the synthetic region) ВПР only; everyone else all of them. (Real 2019/2020 had no
/// spring ВПР and no ОГЭ because of the pandemic; the demo ignores that so that every year can
/// carry the statuses.)
public enum DemoResults {
    /// A procedure as the generator needs it.
    public struct Spec: Sendable {
        public var id: Int64
        public var family: ProcedureFamily
        public var subject: String
        public var grade: Int?
        public var variant: String
        public var lowRule: LowRule
        public var isAnalysed: Bool
        public init(_ p: Procedure) {
            id = p.id!; family = p.family; subject = p.subject; grade = p.grade; variant = p.variant
            lowRule = p.lowRule; isAnalysed = p.isAnalysed
        }
    }

    public struct Row: Sendable, Equatable {
        public var procedureId: Int64
        public var year: Int
        public var values: ResultValues
    }

    /// The school years of results for a region: from the year before its first status to the year before its last
    /// (the results of a school year arrive in its spring: the running year has none yet).
    public static func years(for region: DemoRegion) -> ClosedRange<Int> {
        var first = Int.max, last = Int.min
        for m in region.municipalities {
            for s in m.schools { for st in s.statuses { first = min(first, st.year); last = max(last, st.year) } }
        }
        if first == Int.max { first = SyntheticRegion.lastYear; last = SyntheticRegion.lastYear }
        return min(first - 1, last - 1)...(last - 1)
    }

    /// The results of one school. `procedures` in catalogue order; deterministic in (school key, seed).
    public static func generate(school: DemoSchool, years: ClosedRange<Int>, procedures: [Spec], seed: UInt64 = 0) -> [Row] {
        var rng = SplitMix64(seed: fnv1a(school.key) ^ seed)
        let sat = procedures.filter { sits(school.kind, $0) }
        let analysed = sat.filter(\.isAnalysed)
        // School size: pupils per grade.
        let cohort: Int
        switch school.kind {
        case .oosh: cohort = 6 + rng.int(below: 16)
        case .lyceum, .gymnasium: cohort = 50 + rng.int(below: 70)
        case .other: cohort = 10 + rng.int(below: 30)
        default: cohort = 22 + rng.int(below: 90)
        }
        // Quality: the usual share of «2» and of «4»+«5», in basis points.
        let strong = school.kind == .lyceum || school.kind == .gymnasium
        let usualLow = strong ? 100 + rng.int(below: 500) : 400 + rng.int(below: 1300)
        let usualHigh = strong ? 5500 + rng.int(below: 2000) : 3000 + rng.int(below: 2500)

        var rows: [Row] = []
        rows.reserveCapacity(years.count * sat.count)
        var previousLow = 0
        for y in years {
            let listedNext = school.has(.lowResults, in: y + 1)
            let inflated = school.has(.nonObjectiveSigns, in: y + 1)
            var lowCount: Int
            if listedNext {
                lowCount = previousLow >= 1 && rng.chance(0.4) ? 1 : (rng.chance(0.25) ? 3 : 2)
            } else {
                lowCount = previousLow == 0 && rng.chance(0.12) ? 1 : 0
            }
            lowCount = min(lowCount, analysed.count)
            // Which analysed procedures are low this year.
            var order = analysed.map(\.id)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.int(below: i + 1)) }
            if inflated {
                let exams = order.filter { id in analysed.first { $0.id == id }!.family != .vpr }
                order = exams + order.filter { !exams.contains($0) }
            }
            let low = Set(order.prefix(lowCount))
            previousLow = lowCount

            for p in sat {
                let n = participants(p, cohort: cohort, rng: &rng)
                let isLow = low.contains(p.id)
                var lowBp: Int
                if isLow {
                    lowBp = 3000 + rng.int(below: 1800)
                } else if inflated && p.family != .vpr {
                    lowBp = 2000 + rng.int(below: 900)
                } else if inflated {
                    lowBp = rng.int(below: 300)
                } else if !p.isAnalysed {
                    lowBp = min(4500, usualLow + rng.int(below: 1500))
                } else if rng.chance(0.08) {
                    lowBp = 2200 + rng.int(below: 700)  // a near miss below the threshold
                } else {
                    lowBp = max(0, usualLow - 300 + rng.int(below: 700))
                }
                var count2 = (n * lowBp + 9999) / 10000
                if p.isAnalysed {
                    if isLow {
                        while !Identification.isLow(count: count2, participants: n, basisPoints: 3000) { count2 += 1 }
                    } else {
                        while count2 > 0 && Identification.isLow(count: count2, participants: n, basisPoints: 3000) { count2 -= 1 }
                    }
                }
                count2 = min(count2, n)
                rows.append(Row(procedureId: p.id, year: y,
                                values: values(p, n: n, count2: count2, highBp: inflated && p.family == .vpr ? 7600 + rng.int(below: 1400) : usualHigh,
                                               inflated: inflated, rng: &rng)))
            }
        }
        return rows
    }

    static func sits(_ kind: SchoolKind, _ p: Spec) -> Bool {
        switch kind {
        case .oosh: return p.family != .ege && (p.grade ?? 0) <= 9
        case .other: return p.family == .vpr
        default: return true
        }
    }

    private static func participants(_ p: Spec, cohort: Int, rng: inout SplitMix64) -> Int {
        let base: Int
        switch (p.family, p.subject, p.variant) {
        case (.vpr, _, _): base = cohort * (85 + rng.int(below: 20)) / 100
        case (.oge, "Математика", _), (.oge, "Русский язык", _): base = cohort * (88 + rng.int(below: 12)) / 100
        case (.oge, _, _): base = cohort * (10 + rng.int(below: 35)) / 100
        case (.ege, "Русский язык", _): base = cohort * (40 + rng.int(below: 20)) / 100
        case (.ege, "Математика", "базовая"): base = cohort * (22 + rng.int(below: 15)) / 100
        case (.ege, "Математика", _): base = cohort * (15 + rng.int(below: 15)) / 100
        case (.ege, _, _): base = cohort * (5 + rng.int(below: 25)) / 100
        default: base = cohort / 2
        }
        return max(p.isAnalysed ? 3 : 1, base)
    }

    private static func values(_ p: Spec, n: Int, count2: Int, highBp: Int, inflated: Bool, rng: inout SplitMix64) -> ResultValues {
        let rest = n - count2
        let high = min(rest, (n * highBp) / 10000)
        let m5 = high * (20 + rng.int(below: 25)) / 100
        let m4 = high - m5, m3 = rest - high
        let mean = n > 0 ? (Double(2 * count2 + 3 * m3 + 4 * m4 + 5 * m5) / Double(n) * 100).rounded() / 100 : nil
        switch p.family {
        case .vpr, .niko, .other:
            // Marks that differ from the journal: 12–27 % usually, 35–50 % where results are inflated.
            let mismatch = n * (inflated ? 3500 + rng.int(below: 1500) : 1200 + rng.int(below: 1500)) / 10000
            let lowered = mismatch * (inflated ? 15 + rng.int(below: 20) : 55 + rng.int(below: 30)) / 100
            return ResultValues(participants: n, mark2: count2, mark3: m3, mark4: m4, mark5: m5, meanScore: mean,
                                lowered: lowered, confirmed: n - mismatch, raised: mismatch - lowered)
        case .oge:
            return ResultValues(participants: n, mark2: count2, mark3: m3, mark4: m4, mark5: m5, belowMinimum: count2, meanScore: mean)
        case .ege where p.variant == "базовая":
            return ResultValues(participants: n, mark2: count2, mark3: m3, mark4: m4, mark5: m5, belowMinimum: count2, meanScore: mean)
        case .ege:
            let score = Double(38 + rng.int(below: 35) - (count2 * 30) / max(1, n))
            return ResultValues(participants: n, belowMinimum: count2, meanScore: score)
        }
    }

    /// FNV-1a over the UTF-8 of a key: stable across runs and platforms (unlike `Hasher`).
    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Inserts the results of every school of `region` (ids by school key) with one prepared statement,
    /// in the caller's transaction; one audit entry summarises them. Returns the number of rows.
    @discardableResult
    static func insert(_ db: Database, _ scope: Scope, region: DemoRegion, schoolIds: [String: Int64],
                       procedureLimit: Int = 25, at day: DemoDay) throws -> Int {
        let catalogue = try Procedures.all(db, includeArchived: false)
        let specs = Array(catalogue.prefix(procedureLimit)).map(Spec.init)
        let years = years(for: region)
        let statement = try db.makeStatement(sql: """
            INSERT INTO result (schoolId, procedureId, schoolYear, participants, mark2, mark3, mark4, mark5, belowMinimum,
                                meanScore, lowered, confirmed, raised, importId, updatedAt, updatedBy)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL)
            """)
        // The results of a school year arrive in its summer (ОГЭ and ЕГЭ last).
        let stamps = Dictionary(uniqueKeysWithValues: years.map { ($0, DemoDay.utc("\($0 + 1)-07-10").databaseValue) })
        var total = 0
        for m in region.municipalities {
            for s in m.schools {
                guard let schoolId = schoolIds[s.key] else { continue }
                for row in generate(school: s, years: years, procedures: specs) {
                    let v = row.values
                    statement.setUncheckedArguments([schoolId, row.procedureId, row.year, v.participants, v.mark2, v.mark3, v.mark4,
                                                     v.mark5, v.belowMinimum, v.meanScore, v.lowered, v.confirmed, v.raised, stamps[row.year]])
                    try statement.execute()
                    total += 1
                }
            }
        }
        try AuditLog.record(db, scope, action: "demo", entity: "result", id: nil, before: String?.none,
                            after: ["rows": total, "firstYear": years.lowerBound, "lastYear": years.upperBound],
                            at: day.at("\(years.upperBound + 1)-07-10"))
        return total
    }
}
