import Core

/// The figures of a result as the pages show them.
enum ResultFormat {
    static func count(_ v: Int?) -> String { v.map(String.init) ?? "—" }
    static func mean(_ v: Double?) -> String { v.map(ResultsFile.mean) ?? "—" }
    /// Low share of a grid row: «34,5 %» (tenths rounded half up), «—» without data.
    static func share(_ values: ResultValues?, _ rule: LowRule) -> String {
        guard let values, let count = values.lowCount(rule), values.participants > 0 else { return "—" }
        return Identification.percent(tenths: Identification.tenths(count, of: values.participants))
    }
    /// «30 %» from basis points.
    static func threshold(_ basisPoints: Int) -> String { ChartNumber.percent(Double(basisPoints) / 100) }
}

struct SchoolResultsPage: Sendable {
    struct Row: Sendable {
        var procedure: String
        var ruleTitle: String
        var participants: String
        var mark2: String, mark3: String, mark4: String, mark5: String
        var belowMinimum: String
        var share: String
        var isLow: Bool
        var mean: String
        var lowered: String, confirmed: String, raised: String
    }
    var chrome: Chrome
    var schoolName: String
    var schoolHref: String
    var municipalityName: String
    var yearTitle: String
    var yearOptions: [SelectOption]
    var formAction: String
    var threshold: String
    var rows: [Row]
    var editHref: String?
    var chart: ChartView?

    init(_ o: SchoolResultsOverview, chrome: Chrome) {
        self.chrome = chrome
        let id = o.school.id ?? 0
        schoolName = o.school.name
        schoolHref = Paths.school(id)
        municipalityName = o.municipalityName
        yearTitle = o.year.title
        // Years with results, the one shown, and for those who enter results the current and the previous year.
        var offered = Set(o.years + [o.year])
        if o.canEdit { offered.formUnion([o.currentYear, SchoolYear(o.currentYear.start - 1)]) }
        let years = offered.sorted(by: >)
        yearOptions = years.map { SelectOption(value: "\($0.start)", title: $0.title, isSelected: $0 == o.year) }
        formAction = Paths.schoolResults(id)
        threshold = ResultFormat.threshold(o.lowShareBasisPoints)
        rows = o.grid.rows.compactMap { r in
            guard let v = r.values else { return nil }
            return Row(procedure: r.procedure.title, ruleTitle: r.procedure.lowRule.title, participants: "\(v.participants)",
                       mark2: ResultFormat.count(v.mark2), mark3: ResultFormat.count(v.mark3), mark4: ResultFormat.count(v.mark4),
                       mark5: ResultFormat.count(v.mark5), belowMinimum: ResultFormat.count(v.belowMinimum),
                       share: ResultFormat.share(v, r.procedure.lowRule), isLow: r.isLow, mean: ResultFormat.mean(v.meanScore),
                       lowered: ResultFormat.count(v.lowered), confirmed: ResultFormat.count(v.confirmed), raised: ResultFormat.count(v.raised))
        }
        editHref = o.canEdit ? Paths.editSchoolResults(id, year: o.year.start) : nil
        chart = Self.chart(o)
    }

    /// The share of low results per analysed procedure over the years, with the threshold line.
    static func chart(_ o: SchoolResultsOverview) -> ChartView? {
        let analysed = o.history.filter { $0.procedure.isAnalysed && $0.procedure.archivedAt == nil }
        if analysed.isEmpty { return nil }
        let years = Array(Set(analysed.map(\.year))).sorted()
        var procedures: [Procedure] = []
        for entry in analysed where !procedures.contains(where: { $0.id == entry.procedure.id }) { procedures.append(entry.procedure) }
        procedures.sort { ($0.sortOrder, $0.id ?? 0) < ($1.sortOrder, $1.id ?? 0) }
        let series = procedures.map { p in
            ChartSeries(name: p.title, values: years.map { y in
                guard let v = analysed.first(where: { $0.year == y && $0.procedure.id == p.id })?.values,
                      let count = v.lowCount(p.lowRule), v.participants > 0 else { return nil }
                return Double(Identification.tenths(count, of: v.participants)) / 10
            })
        }
        let threshold = ResultFormat.threshold(o.lowShareBasisPoints)
        let data = ChartData(
            id: "school-results-chart", title: "Доля низких результатов по годам: \(o.school.shortName)",
            description: "Линейный график: по горизонтали учебные годы \(years.first!.title)–\(years.last!.title), по вертикали доля " +
                "участников с отметкой «2» (ВПР) или ниже минимального порога (ОГЭ, ЕГЭ) по каждой анализируемой процедуре; " +
                "горизонтальная линия — порог низкого результата \(threshold). Те же данные — в таблице под графиком.",
            categories: years.map(\.title), series: series, valueLabel: "Доля низких результатов",
            format: .percent, threshold: .init(value: Double(o.lowShareBasisPoints) / 100, label: "Порог \(threshold)"))
        return ChartView(data, kind: .line)
    }
}

/// The entry grid: one line per analysed procedure and per procedure with a result; the others folded.
struct ResultGridPage: Sendable {
    struct Cell: Sendable {
        var id: String
        var label: String
        var value: String
        var error: String?
        var applies: Bool
        var isDecimal: Bool
    }
    struct Line: Sendable {
        var id: String
        var procedure: String
        var ruleTitle: String
        var cells: [Cell]
        var hasError: Bool
    }
    var chrome: Chrome
    var schoolName: String
    var yearTitle: String
    var action: String
    var cancelHref: String
    var errors: FormErrors
    var columns: [String]
    var main: [Line]
    var others: [Line]
    var othersOpen: Bool

    static let fields: [(String, String)] = [
        ("participants", "Участников"), ("mark2", "«2»"), ("mark3", "«3»"), ("mark4", "«4»"), ("mark5", "«5»"),
        ("belowMinimum", "Ниже минимума"), ("meanScore", "Средний балл"), ("lowered", "Понизили"), ("confirmed", "Подтвердили"),
        ("raised", "Повысили"),
    ]

    init(school: School, grid: ResultGrid, submitted: FormData?, errors: FormErrors, chrome: Chrome) {
        self.chrome = chrome
        let id = school.id ?? 0
        schoolName = school.shortName
        yearTitle = grid.year.title
        action = Paths.editSchoolResults(id, year: grid.year.start)
        cancelHref = Paths.schoolResults(id, year: grid.year.start)
        self.errors = errors
        columns = Self.fields.map(\.1)
        var main: [Line] = [], others: [Line] = []
        for row in grid.rows {
            let p = row.procedure, pid = p.id ?? 0
            let v = row.values
            let stored: [String: String] = [
                "participants": v.map { "\($0.participants)" } ?? "", "mark2": v?.mark2.map(String.init) ?? "",
                "mark3": v?.mark3.map(String.init) ?? "", "mark4": v?.mark4.map(String.init) ?? "", "mark5": v?.mark5.map(String.init) ?? "",
                "belowMinimum": v?.belowMinimum.map(String.init) ?? "", "meanScore": v?.meanScore.map(ResultsFile.mean) ?? "",
                "lowered": v?.lowered.map(String.init) ?? "", "confirmed": v?.confirmed.map(String.init) ?? "",
                "raised": v?.raised.map(String.init) ?? "",
            ]
            var cells: [Cell] = []
            for (field, label) in Self.fields {
                let key = "p\(pid).\(field)"
                let value = submitted.map { $0[key] ?? "" } ?? stored[field] ?? ""
                let applies: Bool
                switch field {
                case "belowMinimum": applies = p.lowRule == .belowMinimum
                case "lowered", "confirmed", "raised": applies = p.family == .vpr
                default: applies = true
                }
                cells.append(Cell(id: key, label: "\(p.title): \(label)", value: value, error: errors.message(key),
                                  applies: applies || !value.isEmpty, isDecimal: field == "meanScore"))
            }
            let line = Line(id: "p\(pid)", procedure: p.title, ruleTitle: p.lowRule.title, cells: cells,
                            hasError: cells.contains { $0.error != nil } || errors.message("p\(pid)") != nil)
            let filled = cells.contains { !$0.value.isEmpty }
            if (p.isAnalysed && p.archivedAt == nil) || v != nil || filled { main.append(line) } else { others.append(line) }
        }
        self.main = main
        self.others = others
        othersOpen = others.contains(where: \.hasError)
    }
}

struct MunicipalityResultsPage: Sendable {
    struct Year: Sendable { var title: String; var lowResults: String; var analysed: String; var identified: String }
    var chrome: Chrome
    var name: String
    var municipalityHref: String
    var threshold: String
    var years: [Year]
    var chart: ChartView?
    var exportAction: String
    var exportCSVAction: String
    var exportYears: [SelectOption]

    init(_ o: MunicipalityResultsOverview, chrome: Chrome) {
        self.chrome = chrome
        let id = o.municipality.id ?? 0
        name = o.municipality.name
        municipalityHref = Paths.municipality(id)
        threshold = ResultFormat.threshold(o.lowShareBasisPoints)
        years = o.years.map {
            Year(title: $0.year.title, lowResults: $0.lowResults.map(String.init) ?? "нет результатов",
                 analysed: "\($0.analysedResults)", identified: "\($0.identifiedSchools)")
        }
        exportAction = Paths.municipalityResultsXLSX(id)
        exportCSVAction = Paths.municipalityResultsCSV(id)
        exportYears = o.resultYears.enumerated().map { SelectOption(value: "\($1.start)", title: $1.title, isSelected: $0 == 0) }
        if o.years.isEmpty { chart = nil; return }
        let data = ChartData(
            id: "municipality-results-chart", title: "Низкие результаты и выявленные ШНОР по годам: \(o.municipality.shortName)",
            description: "Столбчатая диаграмма: по горизонтали учебные годы, по вертикали число низких результатов анализируемых " +
                "процедур (доля не меньше \(threshold)) в учебном году и число школ, выявленных по критериям ШНОР на учебный год " +
                "(по результатам двух предыдущих лет). Те же данные — в таблице под диаграммой.",
            categories: o.years.map(\.year.title),
            series: [ChartSeries(name: "Низких результатов в году", values: o.years.map { $0.lowResults.map(Double.init) }),
                     ChartSeries(name: "Выявлено ШНОР на год", values: o.years.map { Double($0.identifiedSchools) })],
            valueLabel: "Число", format: .count)
        chart = ChartView(data, kind: .bar)
    }
}

/// The results section in the navigation: a municipal coordinator's municipality figures, a director's school results.
enum ResultsNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        if let municipality = Policy.coordinatedMunicipality(scope) { return [NavigationItem(title: "Результаты", href: Paths.municipalityResults(municipality))] }
        if let school = Policy.ownSchool(scope) { return [NavigationItem(title: "Результаты школы", href: Paths.schoolResults(school))] }
        return []
    }
}
