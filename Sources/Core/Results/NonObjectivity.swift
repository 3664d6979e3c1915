import Foundation
import GRDB

/// A count over participants, with its share.
public struct Share: Sendable, Equatable {
    public var count: Int
    public var participants: Int
    public init(count: Int, participants: Int) { self.count = count; self.participants = participants }
    /// Tenths of a percent, rounded half up; 0 without participants.
    public var tenths: Int { Identification.tenths(count, of: participants) }
    public var percent: String { Identification.percent(tenths: tenths) }
    /// «78,5 % (51 из 65)»
    public var text: String { "\(percent) (\(count) из \(participants))" }
    /// self − other ≥ margin (basis points), exactly, in integers.
    func exceeds(_ other: Share, byBasisPoints margin: Int) -> Bool {
        guard participants > 0, other.participants > 0 else { return false }
        let a = Int64(count) * Int64(other.participants) * 10000
        let b = Int64(other.count) * Int64(participants) * 10000
        return a - b >= Int64(margin) * Int64(participants) * Int64(other.participants)
    }
    /// self ≥ other as shares.
    func isAtLeast(_ other: Share) -> Bool {
        guard participants > 0, other.participants > 0 else { return false }
        return Int64(count) * Int64(other.participants) >= Int64(other.count) * Int64(participants)
    }
}

/// An ОГЭ/ЕГЭ result in the subject of a ВПР, beside the municipality's.
public struct ExamComparison: Sendable, Equatable {
    public var procedureId: Int64
    public var procedureTitle: String
    public var belowMinimum: Share
    public var municipalBelowMinimum: Share
    /// «ОГЭ Математика: ниже минимума 24,1 % (7 из 29), по муниципалитету 12,0 % (30 из 250)»
    public var text: String {
        "\(procedureTitle): ниже минимума \(belowMinimum.text), по муниципалитету \(municipalBelowMinimum.text)"
    }
}

public enum NonObjectivityKind: String, Sendable, Equatable, CaseIterable {
    /// ВПР well above the municipality at a school that is not a lyceum or gymnasium, not backed by ОГЭ/ЕГЭ.
    case aboveMunicipal
    /// A high share of ВПР marks that differ from journal marks.
    case journalMismatch

    public var title: String {
        switch self {
        case .aboveMunicipal: "Результаты ВПР значительно выше муниципальных и не подтверждаются ОГЭ/ЕГЭ"
        case .journalMismatch: "Высокая доля несовпадения отметок ВПР с журнальными"
        }
    }
}

/// A signal of possibly non-objective results: figures for the coordinator to judge, never applied.
public struct NonObjectivitySignal: Sendable, Equatable {
    public var kind: NonObjectivityKind
    public var schoolId: Int64
    public var schoolShortName: String
    public var municipalityId: Int64
    public var municipalityName: String
    public var procedureId: Int64
    public var procedureTitle: String
    public var year: SchoolYear
    /// aboveMunicipal: share of «4» and «5» at the school and in the municipality.
    public var highMarks: Share?
    public var municipalHighMarks: Share?
    /// aboveMunicipal: the school's ОГЭ/ЕГЭ in the subject that year, none better than the municipality.
    public var exams: [ExamComparison]
    /// journalMismatch: lowered + raised over participants.
    public var mismatch: Share?
    public var lowered: Int?
    public var raised: Int?

    public var text: String {
        switch kind {
        case .aboveMunicipal:
            var s = "\(procedureTitle), \(year.title): «4» и «5» — \(highMarks?.text ?? "—"), по муниципалитету \(municipalHighMarks?.text ?? "—")"
            if !exams.isEmpty { s += "; " + exams.map(\.text).joined(separator: "; ") }
            return s
        case .journalMismatch:
            return "\(procedureTitle), \(year.title): не совпали с журнальными \(mismatch?.text ?? "—") (понизили \(lowered ?? 0), повысили \(raised ?? 0))"
        }
    }
}

/// Signals of non-objective results for a school year, within the scope.
public struct NonObjectivitySignals: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// Without `settings`, the region's saved margin and mismatch threshold.
    public func signals(_ scope: Scope, year: SchoolYear, municipalityId: Int64? = nil,
                        settings: RegionSettings? = nil) throws -> [NonObjectivitySignal] {
        try database.read { db in
            let s = try settings ?? RegionSettings.load(db)
            return try Self.signals(db, scope, year: year, municipalityId: municipalityId, settings: s)
        }
    }

    static func signals(_ db: Database, _ scope: Scope, year: SchoolYear, municipalityId: Int64?,
                        settings: RegionSettings) throws -> [NonObjectivitySignal] {
        let procedures = Dictionary(uniqueKeysWithValues: try Procedures.all(db).map { ($0.id!, $0) })
        // Municipal figures over every school of the municipality, whatever the scope sees.
        struct Key: Hashable { var municipality: Int64; var procedure: Int64 }
        var municipalHigh: [Key: Share] = [:], municipalBelow: [Key: Share] = [:]
        for row in try Row.fetchAll(db, cachedSQL: """
            SELECT school.municipalityId, r.procedureId,
                   SUM(CASE WHEN r.mark4 IS NOT NULL AND r.mark5 IS NOT NULL THEN r.mark4 + r.mark5 END) AS high,
                   SUM(CASE WHEN r.mark4 IS NOT NULL AND r.mark5 IS NOT NULL THEN r.participants END) AS highParticipants,
                   SUM(CASE WHEN r.belowMinimum IS NOT NULL THEN r.belowMinimum END) AS below,
                   SUM(CASE WHEN r.belowMinimum IS NOT NULL THEN r.participants END) AS belowParticipants
            FROM result r JOIN school ON school.id = r.schoolId
            WHERE r.schoolYear = ? AND school.archivedAt IS NULL
            GROUP BY school.municipalityId, r.procedureId
            """, arguments: [year.start]) {
            let key = Key(municipality: row["municipalityId"], procedure: row["procedureId"])
            if let h: Int = row["high"], let p: Int = row["highParticipants"] { municipalHigh[key] = Share(count: h, participants: p) }
            if let b: Int = row["below"], let p: Int = row["belowParticipants"] { municipalBelow[key] = Share(count: b, participants: p) }
        }
        var conditions: [SQL] = [Policy.visibleSchools(scope), "school.archivedAt IS NULL", "r.schoolYear = \(year.start)", "r.participants > 0"]
        if let municipalityId { conditions.append("school.municipalityId = \(municipalityId)") }
        let rows = try SQLRequest<Row>(literal: """
            SELECT r.schoolId, r.procedureId, r.participants, r.mark4, r.mark5, r.belowMinimum, r.lowered, r.raised,
                   school.kind, school.shortName, school.municipalityId, m.name AS municipalityName
            FROM result r JOIN school ON school.id = r.schoolId JOIN municipality m ON m.id = school.municipalityId
            WHERE \(conditions.joined(operator: .and))
            ORDER BY m.name, school.shortName, school.id
            """).fetchAll(db)
        // The school's ОГЭ/ЕГЭ by subject.
        var exams: [Int64: [String: [ExamComparison]]] = [:]
        for row in rows {
            guard let p = procedures[row["procedureId"]], p.family == .oge || p.family == .ege,
                  let below: Int = row["belowMinimum"] else { continue }
            let key = Key(municipality: row["municipalityId"], procedure: p.id!)
            guard let municipal = municipalBelow[key] else { continue }
            exams[row["schoolId"], default: [:]][p.subject.lowercased(), default: []].append(
                ExamComparison(procedureId: p.id!, procedureTitle: p.title,
                               belowMinimum: Share(count: below, participants: row["participants"]), municipalBelowMinimum: municipal))
        }
        var out: [NonObjectivitySignal] = []
        for row in rows {
            guard let p = procedures[row["procedureId"]], p.family == .vpr else { continue }
            let schoolId: Int64 = row["schoolId"]
            let participants: Int = row["participants"]
            let base = NonObjectivitySignal(kind: .aboveMunicipal, schoolId: schoolId, schoolShortName: row["shortName"],
                                            municipalityId: row["municipalityId"], municipalityName: row["municipalityName"],
                                            procedureId: p.id!, procedureTitle: p.title, year: year, exams: [])
            let kind = SchoolKind(rawValue: row["kind"]) ?? .other
            if kind != .lyceum && kind != .gymnasium, let m4: Int = row["mark4"], let m5: Int = row["mark5"],
               let municipal = municipalHigh[Key(municipality: row["municipalityId"], procedure: p.id!)] {
                let high = Share(count: m4 + m5, participants: participants)
                let backing = exams[schoolId]?[p.subject.lowercased()] ?? []
                // Not backed: the school has ОГЭ/ЕГЭ in the subject and none is better than the municipality.
                if high.exceeds(municipal, byBasisPoints: settings.nonObjectiveMarginBasisPoints),
                   !backing.isEmpty, backing.allSatisfy({ $0.belowMinimum.isAtLeast($0.municipalBelowMinimum) }) {
                    var signal = base
                    signal.highMarks = high; signal.municipalHighMarks = municipal; signal.exams = backing
                    out.append(signal)
                }
            }
            if let lowered: Int = row["lowered"], let raised: Int = row["raised"],
               Identification.isLow(count: lowered + raised, participants: participants, basisPoints: settings.journalMismatchBasisPoints) {
                var signal = base
                signal.kind = .journalMismatch
                signal.mismatch = Share(count: lowered + raised, participants: participants)
                signal.lowered = lowered; signal.raised = raised
                out.append(signal)
            }
        }
        return out
    }
}
