import Foundation

// The summary report («итоговая справка», seed 003; seed 001's «Результаты проекта»): ONE model that the
// printable page and the XLSX workbook both render, so they cannot disagree. Every figure is computed from
// the data when the report is made. Names of people live only in columns marked `isPersonal` (a public
// rendering drops them); shares carry their denominator so that a public rendering can suppress small groups.

/// A share «count of total», e.g. pupils with «2» of participants, trained of a management team.
public struct SummaryShare: Sendable, Equatable {
    public var count: Int
    public var total: Int
    public init(_ count: Int, of total: Int) { self.count = count; self.total = total }

    /// Tenths of a percent, rounded half up; nil without a denominator.
    public var tenths: Int? { total > 0 ? Identification.tenths(count, of: total) : nil }
    /// 34.5 (for charts and number cells); nil without a denominator.
    public var percent: Double? { tenths.map { Double($0) / 10 } }
    /// «34,5 %», «—» without a denominator.
    public var text: String { tenths.map { Identification.percent(tenths: $0) } ?? "—" }
    /// A group too small to publish (fewer than `minimum` in the denominator).
    public func isSmall(minimum: Int = 10) -> Bool { total < minimum }
}

/// One cell of a summary table.
public enum SummaryCell: Sendable, Equatable {
    case text(String)
    case count(Int)
    case share(SummaryShare)
    /// No figure (e.g. no data for that school and year): «—».
    case none

    /// What the page prints.
    public var text: String {
        switch self {
        case .text(let s): s
        case .count(let n): String(n)
        case .share(let s): s.text
        case .none: "—"
        }
    }
}

public struct SummaryColumn: Sendable, Equatable {
    public var title: String
    /// A name of a person (organisers, responsible): left out of public renderings.
    public var isPersonal: Bool
    public var isNumeric: Bool
    public init(_ title: String, numeric: Bool = false, personal: Bool = false) {
        self.title = title; self.isNumeric = numeric; self.isPersonal = personal
    }
}

/// A table of a section: the page prints it as an HTML table and the workbook as rows of the section's sheet.
public struct SummaryTable: Sendable, Equatable {
    /// Unique in the report (the HTML id; tests find the table by it).
    public var id: String
    public var title: String
    public var columns: [SummaryColumn]
    public var rows: [[SummaryCell]]
    /// Printed instead of the table when there are no rows.
    public var emptyText: String
    public init(id: String, title: String, columns: [SummaryColumn], rows: [[SummaryCell]], emptyText: String) {
        self.id = id; self.title = title; self.columns = columns; self.rows = rows; self.emptyText = emptyText
    }
}

/// A line chart's data in Core terms (the page draws it with the Web charts, the workbook keeps its table).
public struct SummaryChart: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double?]
    }
    public var id: String
    public var title: String
    public var description: String
    public var categories: [String]
    public var series: [Series]
    public var valueLabel: String
    /// The threshold of a low result in percent (30).
    public var threshold: Double?
}

/// A numbered section: its paragraphs (computed sentences), tables and charts.
public struct SummarySection: Sendable, Equatable {
    public var number: Int
    public var title: String
    /// Short name of the workbook's sheet.
    public var sheetName: String
    public var paragraphs: [String]
    public var tables: [SummaryTable]
    public var charts: [SummaryChart]
}

/// The school of the programme in a school year: on the ШНОР list or a «500+» participant.
public struct SummarySchool: Sendable, Equatable, Hashable {
    public var id: Int64
    public var name: String
    public var shortName: String
}

public struct SummaryReport: Sendable, Equatable {
    public var municipalityId: Int64
    public var municipalityName: String
    public var from: SchoolYear
    public var to: SchoolYear
    public var generatedAt: Date
    /// «2021/2022–2022/2023» (one title when from == to).
    public var rangeTitle: String {
        from == to ? from.title : "\(from.title)–\(to.title)"
    }
    public var title: String {
        "Итоговая справка о реализации мер поддержки школ с низкими образовательными результатами: \(municipalityName), \(rangeTitle) учебные годы"
    }
    /// 1. identification, 2. dynamics, 3. support measures, 4. events, 5. staff, 6. exits, 7. decisions.
    public var sections: [SummarySection]
    /// «Выводы»: sentences computed from the figures of the sections.
    public var conclusions: [String]

    // The key figures behind the conclusions, for tests and other renderings.
    /// Schools of the programme in any year of the range, in name order.
    public var programmeSchools: [SummarySchool]
    /// Per school year of the range: the schools on the ШНОР list.
    public var listedByYear: [SchoolYear: [SummarySchool]]
    /// Per school year Y of the range: the schools identified by the rules for Y (results of Y−1 and Y−2).
    public var identifiedByYear: [SchoolYear: [SummarySchool]]
    /// Per school year Y of the range: the schools that left the list after Y (on it in Y, not in Y+1).
    public var exitsByYear: [SchoolYear: [SummarySchool]]

    public func section(_ number: Int) -> SummarySection? { sections.first { $0.number == number } }
    public func table(_ id: String) -> SummaryTable? {
        for s in sections { if let t = s.tables.first(where: { $0.id == id }) { return t } }
        return nil
    }
}
