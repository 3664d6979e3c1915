import Foundation
import GRDB

/// One stored row: a school's pupils at risk in one grade and subject in one school year. Aggregates only.
public struct PupilsAtRiskRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "pupilsAtRisk"
    public var id: Int64?
    public var schoolId: Int64
    public var schoolYear: Int
    public var grade: Int
    public var subject: String
    public var pupils: Int
    public var atRisk: Int
    public var withSpecialNeeds: Int
    public var plan: String
    public var updatedAt: Date
    public var updatedBy: Int64?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var figures: PupilsAtRiskFigures {
        PupilsAtRiskFigures(pupils: pupils, atRisk: atRisk, withSpecialNeeds: withSpecialNeeds)
    }
    public var key: PupilsAtRiskKey { PupilsAtRiskKey(grade: grade, subject: subject) }
}

/// Grade and subject: a row of a school's table and a line of the municipal summary.
public struct PupilsAtRiskKey: Sendable, Hashable, Comparable {
    public var grade: Int
    public var subject: String
    public init(grade: Int, subject: String) { self.grade = grade; self.subject = subject }
    /// «9 класс, математика»
    public var title: String { "\(grade) класс, \(subject.lowercased())" }
    public static func < (a: Self, b: Self) -> Bool {
        a.grade != b.grade ? a.grade < b.grade : PupilsAtRiskSubjects.order(a.subject) < PupilsAtRiskSubjects.order(b.subject)
    }
}

/// The three counts; the share is computed, never stored.
public struct PupilsAtRiskFigures: Sendable, Equatable, Codable {
    public var pupils: Int
    public var atRisk: Int
    public var withSpecialNeeds: Int
    public init(pupils: Int, atRisk: Int, withSpecialNeeds: Int) {
        self.pupils = pupils; self.atRisk = atRisk; self.withSpecialNeeds = withSpecialNeeds
    }
    /// The share of pupils at risk, 0…1; nil without pupils.
    public var share: Double? { PupilsAtRiskMath.share(atRisk, of: pupils) }

    public static func + (a: Self, b: Self) -> Self {
        Self(pupils: a.pupils + b.pupils, atRisk: a.atRisk + b.atRisk, withSpecialNeeds: a.withSpecialNeeds + b.withSpecialNeeds)
    }
    public static let zero = Self(pupils: 0, atRisk: 0, withSpecialNeeds: 0)
}

/// The computations: the share, its change from the previous year, and their Russian text.
public enum PupilsAtRiskMath {
    /// `part / whole`, nil when the whole is not positive.
    public static func share(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    /// The change of the share in percentage points (12.5 means +12,5 п. п.), nil when either year has no share.
    public static func change(from previous: Double?, to current: Double?) -> Double? {
        guard let previous, let current else { return nil }
        return ((current - previous) * 1000).rounded() / 10
    }

    /// «12,5 %» (one decimal, decimal comma).
    public static func percent(_ share: Double) -> String {
        decimal(share * 100) + " %"
    }

    /// «+3,2 п. п.», «−1,0 п. п.», «без изменений».
    public static func changeText(_ points: Double) -> String {
        let rounded = (points * 10).rounded() / 10
        if rounded == 0 { return "без изменений" }
        return (rounded > 0 ? "+" : "−") + decimal(abs(rounded)) + " п. п."
    }

    public static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        // The sign stands apart: -0,5 has no whole part to carry it.
        return (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10),\(abs(tenths) % 10)"
    }
}

/// The subjects of the 9th and 11th grades the figures are kept for; names are stored as here.
public enum PupilsAtRiskSubjects {
    public static let all = ["Русский язык", "Математика", "Литература", "Физика", "Химия", "Биология", "География", "История",
                             "Обществознание", "Информатика", "Иностранный язык"]
    public static let grades = [9, 11]

    static func order(_ subject: String) -> Int { all.firstIndex(of: subject) ?? all.count }

    /// The subject's name as stored, from what a user or a file wrote («русский», «Математика (профильная)», «английский язык»).
    public static func canonical(_ text: String) -> String? {
        let name = ImportText.subject(text).name
        if name.isEmpty { return nil }
        for s in all where ImportText.basic(s) == name { return s }
        if ["английский язык", "немецкий язык", "французский язык", "английский", "немецкий", "французский", "иностранный"].contains(name) {
            return "Иностранный язык"
        }
        if ["русский", "рус яз", "русск яз"].contains(name) { return "Русский язык" }
        let matches = all.filter { ImportText.basic($0).hasPrefix(name + " ") || (name.count >= 4 && ImportText.basic($0).hasPrefix(name)) }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// A row of a school's table as entered: text fields as typed, validated by `PupilsAtRisk.save`.
public struct PupilsAtRiskInput: Sendable, Equatable {
    /// The stored row, nil for a new one.
    public var id: Int64?
    public var grade: String
    public var subject: String
    public var pupils: String
    public var atRisk: String
    public var withSpecialNeeds: String
    public var plan: String
    public var measureIds: [Int64]
    public init(id: Int64?, grade: String, subject: String, pupils: String, atRisk: String, withSpecialNeeds: String, plan: String,
                measureIds: [Int64] = []) {
        self.id = id; self.grade = grade; self.subject = subject; self.pupils = pupils; self.atRisk = atRisk
        self.withSpecialNeeds = withSpecialNeeds; self.plan = plan; self.measureIds = measureIds
    }
    /// The suffix of the row's form fields: the id, or «new».
    public var fieldKey: String { id.map(String.init) ?? "new" }
    /// A new row left blank is not a row.
    public var isBlank: Bool {
        [grade, subject, pupils, atRisk, withSpecialNeeds, plan].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
            && measureIds.isEmpty
    }
}

/// A roadmap measure a row may link to.
public struct PupilsAtRiskMeasure: Sendable, Equatable {
    public var id: Int64
    public var title: String
}

/// A row of a school's year with the previous year's figures of the same grade and subject.
public struct PupilsAtRiskLine: Sendable, Equatable {
    public var record: PupilsAtRiskRecord
    public var measures: [PupilsAtRiskMeasure]
    public var previous: PupilsAtRiskFigures?
    public var share: Double? { record.figures.share }
    /// Percentage points, nil without a previous year.
    public var change: Double? { PupilsAtRiskMath.change(from: previous?.share, to: share) }
}

/// A school's figures for one school year.
public struct SchoolPupilsAtRisk: Sendable {
    public var schoolId: Int64
    public var schoolName: String
    public var municipalityId: Int64
    public var year: SchoolYear
    public var lines: [PupilsAtRiskLine]
    /// Years with figures, newest first.
    public var years: [SchoolYear]
    /// Measures of the school's roadmap of the year, to link rows to.
    public var measures: [PupilsAtRiskMeasure]
    public var canEdit: Bool
    public var total: PupilsAtRiskFigures { lines.map(\.record.figures).reduce(.zero, +) }
}

/// One line of the municipal summary: a grade and subject over the municipality's schools.
public struct PupilsAtRiskSummaryLine: Sendable, Equatable {
    public var key: PupilsAtRiskKey
    public var schoolCount: Int
    public var figures: PupilsAtRiskFigures
    /// Totals of the previous year over the schools with the grade and subject in both years.
    public var previous: PupilsAtRiskFigures?
    /// This year's totals over those same schools (the change compares like with like).
    public var compared: PupilsAtRiskFigures?
    public var share: Double? { figures.share }
    public var change: Double? { PupilsAtRiskMath.change(from: previous?.share, to: compared?.share) }
}

/// Per-subject totals of a municipality for a year, with the change from the previous year.
public struct PupilsAtRiskSummary: Sendable, Equatable {
    public var municipalityId: Int64
    public var year: SchoolYear
    public var lines: [PupilsAtRiskSummaryLine]
}

/// One school's line in the municipal table.
public struct PupilsAtRiskSchoolLine: Sendable, Equatable {
    public var schoolId: Int64
    public var schoolName: String
    public var key: PupilsAtRiskKey
    public var figures: PupilsAtRiskFigures
    public var previous: PupilsAtRiskFigures?
    public var plan: String
    public var share: Double? { figures.share }
    public var change: Double? { PupilsAtRiskMath.change(from: previous?.share, to: share) }
}

/// The municipal page: every school's lines and the per-subject summary.
public struct PupilsAtRiskMunicipalTable: Sendable {
    public var municipalityId: Int64
    public var municipalityName: String
    public var year: SchoolYear
    public var years: [SchoolYear]
    public var schools: [PupilsAtRiskSchoolLine]
    public var summary: PupilsAtRiskSummary
}
