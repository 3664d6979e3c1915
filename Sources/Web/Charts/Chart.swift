import Templating

/// One line or one kind of bar: a value per category, nil where there is no data.
struct ChartSeries: Sendable, Equatable {
    var name: String
    var values: [Double?]
}

/// What a chart shows; the same data fill the SVG and the table beside it for screen readers.
struct ChartData: Sendable {
    enum Format: Sendable { case percent, count }
    struct Threshold: Sendable { var value: Double; var label: String }

    /// The prefix of the element ids inside the SVG (unique on the page).
    var id: String
    var title: String
    var description: String
    /// Labels of the horizontal axis (school years).
    var categories: [String]
    var series: [ChartSeries]
    /// The vertical axis' name: «Доля низких результатов, %».
    var valueLabel: String
    var format: Format = .count
    var threshold: Threshold? = nil

    func text(_ value: Double?) -> String {
        guard let value else { return "нет данных" }
        return format == .percent ? ChartNumber.percentTenths(value) : ChartNumber.plain(value)
    }

    var isEmpty: Bool { categories.isEmpty || series.allSatisfy { $0.values.allSatisfy { $0 == nil } } }
    var maximum: Double { series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0 }
}

/// A chart ready for a template: the SVG (`{{trusted svg}}`) and its data as a table.
struct ChartView: Sendable {
    struct Row: Sendable { var name: String; var cells: [String] }
    var svg: TrustedHTML
    var caption: String
    var columns: [String]
    var rows: [Row]

    init(_ data: ChartData, kind: Kind) {
        svg = kind == .line ? Chart.line(data) : Chart.bar(data)
        caption = data.title
        columns = data.categories
        rows = data.series.map { s in Row(name: s.name, cells: data.categories.indices.map { data.text($0 < s.values.count ? s.values[$0] : nil) }) }
    }
    enum Kind: Sendable { case line, bar }
}

/// Line and bar charts as inline SVG: axes, ticks, Russian labels, a threshold line, a legend; a
/// `<title>` and a `<desc>` named by `aria-labelledby`. Presentation attributes only (the CSP forbids
/// inline styles), no script.
enum Chart {
    static let width = 640.0
    static let plotLeft = 64.0, plotRight = 24.0, plotTop = 20.0, plotHeight = 220.0
    static let legendRow = 20.0

    struct Frame {
        let data: ChartData
        let axis: ValueAxis
        var plotWidth: Double { Chart.width - Chart.plotLeft - Chart.plotRight }
        var bottom: Double { Chart.plotTop + Chart.plotHeight }
        func y(_ value: Double) -> Double { bottom - value / axis.top * Chart.plotHeight }
        /// The centre of category `i`'s band.
        func x(_ i: Int) -> Double {
            let band = plotWidth / Double(max(data.categories.count, 1))
            return Chart.plotLeft + band * (Double(i) + 0.5)
        }
        var band: Double { plotWidth / Double(max(data.categories.count, 1)) }
        var legendTop: Double { bottom + 44 }
        var height: Double { legendTop + Double((data.series.count + 1) / 2) * Chart.legendRow + (data.threshold == nil ? 0 : Chart.legendRow) + 8 }
    }

    static func frame(_ data: ChartData) -> Frame {
        let top = max(data.maximum, data.threshold?.value ?? 0)
        let axis = data.format == .percent
            ? ValueAxis(maximum: min(max(top * 1.1, 10), 100), minimumTop: 10)
            : ValueAxis(maximum: top, minimumTop: 1, integers: true)
        return Frame(data: data, axis: axis)
    }

    static func line(_ data: ChartData) -> TrustedHTML {
        let f = frame(data)
        var svg = SVGBuilder()
        begin(&svg, f)
        for (i, s) in data.series.enumerated() {
            let colour = ChartStyle.colour(i), dash = ChartStyle.dash(i)
            var path = ""
            var pen = false
            for (j, value) in s.values.enumerated() where j < data.categories.count {
                guard let value else { pen = false; continue }
                path += (pen ? " L" : (path.isEmpty ? "M" : " M")) + SVGBuilder.number(f.x(j)) + " " + SVGBuilder.number(f.y(value))
                pen = true
            }
            svg.open("g", ["class": "chart__series", "data-series": .text(s.name)])
            svg.element("title", text: s.name)
            if !path.isEmpty {
                svg.element("path", ["d": .text(path), "fill": "none", "stroke": .text(colour), "stroke-width": 2.5,
                                     "stroke-dasharray": .text(dash.isEmpty ? "none" : dash), "stroke-linejoin": "round"])
            }
            for (j, value) in s.values.enumerated() where j < data.categories.count {
                guard let value else { continue }
                marker(&svg, ChartStyle.marker(i), x: f.x(j), y: f.y(value), colour: colour, label: "\(s.name), \(data.categories[j]): \(data.text(value))")
            }
            svg.close("g")
        }
        finish(&svg, f, swatch: { svg, i, x, y in
            svg.element("line", ["x1": .number(x), "y1": .number(y), "x2": .number(x + 28), "y2": .number(y),
                                 "stroke": .text(ChartStyle.colour(i)), "stroke-width": 2.5,
                                 "stroke-dasharray": .text(ChartStyle.dash(i).isEmpty ? "none" : ChartStyle.dash(i))])
            marker(&svg, ChartStyle.marker(i), x: x + 14, y: y, colour: ChartStyle.colour(i), label: nil)
        })
        return svg.trusted
    }

    static func bar(_ data: ChartData) -> TrustedHTML {
        let f = frame(data)
        var svg = SVGBuilder()
        begin(&svg, f)
        let count = max(data.series.count, 1)
        let groupWidth = f.band * 0.7
        let barWidth = groupWidth / Double(count)
        for (i, s) in data.series.enumerated() {
            svg.open("g", ["class": "chart__series", "data-series": .text(s.name)])
            svg.element("title", text: s.name)
            for (j, value) in s.values.enumerated() where j < data.categories.count {
                let x = f.x(j) - groupWidth / 2 + barWidth * Double(i)
                guard let value else {
                    svg.element("text", ["x": .number(x + barWidth / 2), "y": .number(f.bottom - 4), "text-anchor": "middle",
                                         "font-size": 11, "fill": .text(ChartStyle.axis)], text: "—")
                    continue
                }
                let y = f.y(value)
                svg.open("rect", ["x": .number(x + 1), "y": .number(y), "width": .number(max(barWidth - 2, 1)),
                                  "height": .number(max(f.bottom - y, 0)), "fill": .text(fill(i, data)),
                                  "stroke": .text(ChartStyle.colour(i)), "stroke-width": 1.5,
                                  "stroke-dasharray": .text(ChartStyle.dash(i).isEmpty ? "none" : ChartStyle.dash(i))])
                svg.element("title", text: "\(s.name), \(data.categories[j]): \(data.text(value))")
                svg.close("rect")
                svg.element("text", ["x": .number(x + barWidth / 2), "y": .number(y - 4), "text-anchor": "middle",
                                     "font-size": 11, "fill": .text(ChartStyle.axis)], text: data.text(value))
            }
            svg.close("g")
        }
        finish(&svg, f, swatch: { svg, i, x, y in
            svg.element("rect", ["x": .number(x), "y": .number(y - 7), "width": 28, "height": 14, "fill": .text(fill(i, data)),
                                 "stroke": .text(ChartStyle.colour(i)), "stroke-width": 1.5,
                                 "stroke-dasharray": .text(ChartStyle.dash(i).isEmpty ? "none" : ChartStyle.dash(i))])
        })
        return svg.trusted
    }

    /// Series 0 solid; the others hatched at different angles (patterns in `<defs>`).
    static func fill(_ i: Int, _ data: ChartData) -> String {
        i == 0 ? ChartStyle.colour(0) : "url(#\(data.id)-pattern-\(i))"
    }

    private static func begin(_ svg: inout SVGBuilder, _ f: Frame) {
        let data = f.data
        svg.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "class": "chart", "role": "img",
                         "aria-labelledby": .text("\(data.id)-title \(data.id)-desc"),
                         "viewBox": .text("0 0 \(SVGBuilder.number(width)) \(SVGBuilder.number(f.height))"),
                         "width": .number(width), "height": .number(f.height),
                         "font-family": "Arial, Helvetica, sans-serif", "font-size": 12])
        svg.element("title", ["id": .text("\(data.id)-title")], text: data.title)
        svg.element("desc", ["id": .text("\(data.id)-desc")], text: data.description)
        svg.open("defs")
        for i in data.series.indices where i > 0 {
            svg.open("pattern", ["id": .text("\(data.id)-pattern-\(i)"), "width": 6, "height": 6, "patternUnits": "userSpaceOnUse",
                                 "patternTransform": .text("rotate(\([45, -45, 0, 90][(i - 1) % 4]))")])
            svg.element("rect", ["width": 6, "height": 6, "fill": "#FFFFFF"])
            svg.element("line", ["x1": 0, "y1": 0, "x2": 0, "y2": 6, "stroke": .text(ChartStyle.colour(i)), "stroke-width": 3])
            svg.close("pattern")
        }
        svg.close("defs")
        // Grid lines and the value axis' ticks.
        for tick in f.axis.ticks {
            let y = f.y(tick)
            svg.element("line", ["x1": .number(plotLeft), "y1": .number(y), "x2": .number(width - plotRight), "y2": .number(y),
                                 "stroke": .text(tick == 0 ? ChartStyle.axis : ChartStyle.grid), "stroke-width": tick == 0 ? 1.5 : 0.75])
            svg.element("text", ["x": .number(plotLeft - 6), "y": .number(y + 4), "text-anchor": "end", "fill": .text(ChartStyle.axis)],
                        text: data.format == .percent ? ChartNumber.percent(tick) : ChartNumber.plain(tick))
        }
        svg.element("line", ["x1": .number(plotLeft), "y1": .number(plotTop), "x2": .number(plotLeft), "y2": .number(f.bottom),
                             "stroke": .text(ChartStyle.axis), "stroke-width": 1.5])
        svg.element("text", ["x": 14, "y": .number(plotTop + plotHeight / 2), "text-anchor": "middle", "fill": .text(ChartStyle.axis),
                             "transform": .text("rotate(-90 14 \(SVGBuilder.number(plotTop + plotHeight / 2)))")], text: data.valueLabel)
        for (j, category) in data.categories.enumerated() {
            svg.element("line", ["x1": .number(f.x(j)), "y1": .number(f.bottom), "x2": .number(f.x(j)), "y2": .number(f.bottom + 5),
                                 "stroke": .text(ChartStyle.axis)])
            // Narrow bands (many years) get smaller labels so that «2019/2020» do not run into each other.
            svg.element("text", ["x": .number(f.x(j)), "y": .number(f.bottom + 20), "text-anchor": "middle",
                                 "font-size": f.band < 66 ? 9.5 : 12, "fill": .text(ChartStyle.axis)], text: category)
        }
        if data.isEmpty {
            svg.element("text", ["x": .number(plotLeft + f.plotWidth / 2), "y": .number(plotTop + plotHeight / 2), "text-anchor": "middle",
                                 "font-size": 14, "fill": .text(ChartStyle.axis)], text: "Нет данных")
        }
    }

    private static func finish(_ svg: inout SVGBuilder, _ f: Frame, swatch: (inout SVGBuilder, Int, Double, Double) -> Void) {
        let data = f.data
        if let t = data.threshold {
            let y = f.y(t.value)
            svg.element("line", ["class": "chart__threshold", "x1": .number(plotLeft), "y1": .number(y), "x2": .number(width - plotRight),
                                 "y2": .number(y), "stroke": .text(ChartStyle.threshold), "stroke-width": 2, "stroke-dasharray": "12 4 2 4"])
            svg.element("text", ["x": .number(width - plotRight), "y": .number(y - 5), "text-anchor": "end", "font-weight": "bold",
                                 "fill": .text(ChartStyle.threshold)], text: t.label)
        }
        // The legend: two columns under the axis.
        for (i, s) in data.series.enumerated() {
            let x = plotLeft + Double(i % 2) * 290, y = f.legendTop + Double(i / 2) * legendRow
            swatch(&svg, i, x, y)
            svg.element("text", ["x": .number(x + 36), "y": .number(y + 4), "fill": .text(ChartStyle.axis)], text: s.name)
        }
        if let t = data.threshold {
            let y = f.legendTop + Double((data.series.count + 1) / 2) * legendRow
            svg.element("line", ["x1": .number(plotLeft), "y1": .number(y), "x2": .number(plotLeft + 28), "y2": .number(y),
                                 "stroke": .text(ChartStyle.threshold), "stroke-width": 2, "stroke-dasharray": "12 4 2 4"])
            svg.element("text", ["x": .number(plotLeft + 36), "y": .number(y + 4), "fill": .text(ChartStyle.axis)], text: t.label)
        }
        svg.close("svg")
    }

    private static func marker(_ svg: inout SVGBuilder, _ shape: ChartStyle.Marker, x: Double, y: Double, colour: String, label: String?) {
        let r = 4.5
        switch shape {
        case .circle:
            svg.open("circle", ["cx": .number(x), "cy": .number(y), "r": .number(r), "fill": .text(colour)])
            if let label { svg.element("title", text: label) }
            svg.close("circle")
        case .square:
            svg.open("rect", ["x": .number(x - r), "y": .number(y - r), "width": .number(2 * r), "height": .number(2 * r), "fill": .text(colour)])
            if let label { svg.element("title", text: label) }
            svg.close("rect")
        case .triangle:
            let points = "\(SVGBuilder.number(x)),\(SVGBuilder.number(y - r - 1)) \(SVGBuilder.number(x - r - 1)),\(SVGBuilder.number(y + r)) \(SVGBuilder.number(x + r + 1)),\(SVGBuilder.number(y + r))"
            svg.open("polygon", ["points": .text(points), "fill": .text(colour)])
            if let label { svg.element("title", text: label) }
            svg.close("polygon")
        case .diamond:
            let points = "\(SVGBuilder.number(x)),\(SVGBuilder.number(y - r - 1)) \(SVGBuilder.number(x - r - 1)),\(SVGBuilder.number(y)) \(SVGBuilder.number(x)),\(SVGBuilder.number(y + r + 1)) \(SVGBuilder.number(x + r + 1)),\(SVGBuilder.number(y))"
            svg.open("polygon", ["points": .text(points), "fill": "#FFFFFF", "stroke": .text(colour), "stroke-width": 2])
            if let label { svg.element("title", text: label) }
            svg.close("polygon")
        }
    }
}
