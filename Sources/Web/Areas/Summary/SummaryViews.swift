import Core
import Foundation

/// The form: municipality (fixed for a municipal coordinator) and the first and last school years.
struct SummaryFormPage: Sendable {
    var chrome: Chrome
    var action = Paths.summary
    var municipalities: [SelectOption]
    var showMunicipality: Bool
    var fixedMunicipality: String?
    var fixedMunicipalityId: String?
    var range: YearRangeFields
    var errors: FormErrors
    var municipalityError: String? { errors.message("municipality") }

    init(chrome: Chrome, municipalities: [(id: Int64, name: String)], selected: Int64?, years: [SchoolYear],
         from: SchoolYear?, to: SchoolYear?, fixed: Bool, errors: FormErrors) {
        self.chrome = chrome
        self.errors = errors
        self.municipalities = [SelectOption(value: "", title: "Выберите муниципалитет", isSelected: selected == nil)]
            + municipalities.map { SelectOption(value: "\($0.id)", title: $0.name, isSelected: $0.id == selected) }
        showMunicipality = !fixed
        let own = fixed ? municipalities.first { $0.id == selected } : nil
        fixedMunicipality = own?.name
        fixedMunicipalityId = own.map { "\($0.id)" }
        range = YearRangeFields(years: years, from: from, to: to, errors: errors)
    }
}

/// The report's numbered sections and «Выводы», as the report's page and the public page both show them.
struct SummaryBody: Sendable {
    var sections: [SummaryPage.Section]
    var conclusions: [String]
    /// 2 on the report's own page; 3 on the public page, where the report is one part under its own heading.
    var headingLevel: Int
    var subheadingLevel: Int { headingLevel + 1 }
}

/// The printable report: numbered sections with their paragraphs, charts and tables, then «Выводы».
struct SummaryPage: Sendable {
    struct Cell: Sendable { var text: String; var isNumeric: Bool }
    struct Column: Sendable { var title: String; var isNumeric: Bool }
    struct Row: Sendable { var cells: [Cell] }
    struct Table: Sendable {
        var id: String
        var title: String
        var columns: [Column]
        var rows: [Row]
        var emptyText: String
    }
    struct Section: Sendable {
        var number: Int
        var title: String
        var anchor: String
        var href: String
        var paragraphs: [String]
        var charts: [ChartView]
        var tables: [Table]
    }
    var chrome: Chrome
    var title: String
    var municipalityName: String
    var municipalityHref: String
    var rangeTitle: String
    var generatedOn: String
    var changeHref: String
    var xlsxHref: String
    var docxHref: String
    var sections: [Section]
    var conclusions: [String]
    var body: SummaryBody { SummaryBody(sections: sections, conclusions: conclusions, headingLevel: 2) }
    /// The public page and its settings (issue 9), where the reader may follow them.
    var publicLinks: [NavigationItem] = []

    init(_ report: SummaryReport, chrome: Chrome) {
        self.chrome = chrome
        title = report.title
        municipalityName = report.municipalityName
        municipalityHref = Paths.municipality(report.municipalityId)
        rangeTitle = report.rangeTitle
        generatedOn = RussianDate.format(report.generatedAt)
        changeHref = Paths.summary(municipality: report.municipalityId, from: report.from.start, to: report.to.start)
        xlsxHref = Paths.municipalitySummaryXLSX(report.municipalityId, from: report.from.start, to: report.to.start)
        docxHref = Paths.municipalitySummaryDOCX(report.municipalityId, from: report.from.start, to: report.to.start)
        sections = report.sections.map(SummaryPage.section)
        conclusions = report.conclusions
    }

    /// One numbered section as both the coordinator's page and the public page show it.
    static func section(_ s: SummarySection) -> Section {
        Section(number: s.number, title: s.title, anchor: "section-\(s.number)", href: "#section-\(s.number)",
                paragraphs: s.paragraphs, charts: s.charts.map(SummaryPage.chart), tables: s.tables.map(SummaryPage.table))
    }

    static func table(_ t: SummaryTable) -> Table {
        Table(id: t.id, title: t.title, columns: t.columns.map { Column(title: $0.title, isNumeric: $0.isNumeric) },
              rows: t.rows.map { row in
                  Row(cells: row.enumerated().map { i, cell in
                      Cell(text: cell.text, isNumeric: i < t.columns.count && t.columns[i].isNumeric)
                  })
              }, emptyText: t.emptyText)
    }

    static func chart(_ c: SummaryChart) -> ChartView {
        let data = ChartData(id: c.id, title: c.title, description: c.description, categories: c.categories,
                             series: c.series.map { ChartSeries(name: $0.name, values: $0.values) },
                             valueLabel: c.valueLabel, format: .percent,
                             threshold: c.threshold.map { ChartData.Threshold(value: $0, label: "Порог низкого результата: \(ChartNumber.percent($0))") })
        return ChartView(data, kind: .line)
    }
}
