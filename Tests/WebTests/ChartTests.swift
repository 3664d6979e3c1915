import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Web
import Templating

/// The SVG chart builder: escaping of every text, axis scaling, empty data, accessibility.
@Suite struct ChartTests {
    static let evil = "<script>alert(\"x\")</script> Школа «№ 1» & 'кавычки'"

    func data(series: [ChartSeries], categories: [String] = ["2020/2021", "2021/2022", "2022/2023"],
              title: String = "Доля", threshold: Double? = 30) -> ChartData {
        ChartData(id: "test-chart", title: title, description: "Описание \(title)", categories: categories, series: series,
                  valueLabel: "Доля низких результатов", format: .percent,
                  threshold: threshold.map { .init(value: $0, label: "Порог 30 %") })
    }

    /// The text content of every element named `name`, read back by an XML parser.
    final class Texts: NSObject, XMLParserDelegate {
        var wanted: String
        var texts: [String] = []
        var current: String? = nil
        var depth = 0
        init(_ wanted: String) { self.wanted = wanted }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == wanted { current = ""; depth = 0 } else if current != nil { depth += 1 }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if current != nil { current! += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == wanted, depth == 0, let c = current { texts.append(c); current = nil } else if current != nil { depth -= 1 }
        }
    }

    func parse(_ svg: String, texts element: String) -> (ok: Bool, texts: [String]) {
        let parser = XMLParser(data: Data(svg.utf8))
        let delegate = Texts(element)
        parser.delegate = delegate
        let ok = parser.parse()
        return (ok, delegate.texts)
    }

    func markup(_ view: ChartView) -> String {
        var writer = HTMLWriterProbe()
        return writer.render(view.svg)
    }

    @Test func namesWithMarkupAndQuotesAreEscapedInsideTheSVG() {
        for kind in [ChartView.Kind.line, .bar] {
            let view = ChartView(data(series: [ChartSeries(name: Self.evil, values: [12, nil, 34.5]),
                                               ChartSeries(name: "ВПР \"Математика\" 5 кл.", values: [40, 20, 10])],
                                      title: "Результаты: " + Self.evil), kind: kind)
            let svg = markup(view)
            #expect(!svg.contains("<script"))
            #expect(!svg.contains("\"x\")"))
            #expect(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            #expect(svg.contains("&#39;кавычки&#39;"))
            // The escaped SVG is well-formed XML and reads back as the original names.
            let titles = parse(svg, texts: "title")
            #expect(titles.ok)
            #expect(titles.texts.first == "Результаты: " + Self.evil)
            #expect(titles.texts.contains(Self.evil))
            #expect(parse(svg, texts: "text").texts.contains(Self.evil))
            // The table beside keeps the raw text: the template escapes it.
            #expect(view.rows[0].name == Self.evil)
        }
    }

    @Test func chartsAreLabelledImagesWithTitleDescAndNoStyleOrScript() {
        let svg = markup(ChartView(data(series: [ChartSeries(name: "ВПР Математика 5 кл.", values: [12, 31, 20])]), kind: .line))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("aria-labelledby=\"test-chart-title test-chart-desc\""))
        #expect(svg.contains("<title id=\"test-chart-title\">Доля</title>"))
        #expect(svg.contains("<desc id=\"test-chart-desc\">Описание Доля</desc>"))
        #expect(!svg.contains("style"))
        #expect(!svg.contains("<script"))
        #expect(!svg.contains(" on"))
        // Russian labels: years on the axis, percentages with a space, the threshold.
        #expect(svg.contains(">2021/2022</text>"))
        #expect(svg.contains(">30 %</text>"))
        #expect(svg.contains(">Порог 30 %</text>"))
    }

    @Test func valueAxisIsNiceAndHoldsTheMaximum() {
        #expect(ValueAxis(maximum: 37.95, minimumTop: 10) == ValueAxis(top: 40, step: 10))
        #expect(ValueAxis(maximum: 7, integers: true) == ValueAxis(top: 8, step: 2))
        #expect(ValueAxis(maximum: 100) == ValueAxis(top: 100, step: 20))
        #expect(ValueAxis(maximum: 12, integers: true) == ValueAxis(top: 15, step: 5))
        #expect(ValueAxis(maximum: 0, integers: true) == ValueAxis(top: 1, step: 1))
        #expect(ValueAxis(maximum: 0.3, integers: true).step == 1)
        #expect(ValueAxis(maximum: 55, minimumTop: 10).ticks == [0, 20, 40, 60])
        #expect(ValueAxis(maximum: .nan, minimumTop: 10).top == 10)
    }

    @Test func pointsAndThresholdSitOnTheScale() {
        // Max 34.5 % → axis to 40 %; plot 220 px high from y = 20: 30 % at 240 − 165 = 75, 0 at 240.
        let svg = markup(ChartView(data(series: [ChartSeries(name: "A", values: [0, 34.5, nil])]), kind: .line))
        #expect(svg.contains("class=\"chart__threshold\" x1=\"64\" y1=\"75\""))
        #expect(svg.contains(">40 %</text>"))
        #expect(!svg.contains(">50 %</text>"))
        // The line has a gap where there is no data: one segment of two points, two markers.
        #expect(svg.contains("d=\"M156 240 L340 50.3\""))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 + 1)  // two points and the legend's marker
    }

    @Test func seriesDifferByDashAndMarkerAsWellAsColour() {
        let svg = markup(ChartView(data(series: [ChartSeries(name: "A", values: [1, 2, 3]), ChartSeries(name: "B", values: [3, 2, 1])],
                                        threshold: nil), kind: .line))
        #expect(svg.contains("stroke=\"\(ChartStyle.colour(0))\" stroke-width=\"2.5\" stroke-dasharray=\"none\""))
        #expect(svg.contains("stroke=\"\(ChartStyle.colour(1))\" stroke-width=\"2.5\" stroke-dasharray=\"\(ChartStyle.dash(1))\""))
        #expect(svg.contains("<rect x="))  // series B's square markers
        let bars = markup(ChartView(data(series: [ChartSeries(name: "A", values: [1, 2, 3]), ChartSeries(name: "B", values: [3, nil, 1])],
                                         threshold: nil), kind: .bar))
        #expect(bars.contains("<pattern id=\"test-chart-pattern-1\""))
        #expect(bars.contains("fill=\"url(#test-chart-pattern-1)\""))
        #expect(bars.contains(">—</text>"))  // the missing value
    }

    @Test func manySeriesNeverLookAlike() {
        let looks = (0..<40).map { "\(ChartStyle.colour($0))|\(ChartStyle.dash($0))|\(ChartStyle.marker($0))" }
        #expect(Set(looks).count == looks.count)
        // The data table gives shares with one decimal.
        let view = ChartView(data(series: [ChartSeries(name: "A", values: [8, 12.25, nil])]), kind: .line)
        #expect(view.rows[0].cells == ["8,0 %", "12,3 %", "нет данных"])
    }

    @Test func emptyDataGivesAnEmptyChartNotACrash() {
        for kind in [ChartView.Kind.line, .bar] {
            let none = ChartView(data(series: [], categories: []), kind: kind)
            let svg = markup(none)
            #expect(svg.contains("Нет данных"))
            #expect(parse(svg, texts: "title").ok)
            #expect(none.rows.isEmpty)
            let allMissing = ChartView(data(series: [ChartSeries(name: "A", values: [nil, nil, nil])]), kind: kind)
            #expect(markup(allMissing).contains("Нет данных"))
            #expect(allMissing.rows[0].cells == ["нет данных", "нет данных", "нет данных"])
        }
    }
}

/// Renders a `TrustedHTML` the way the templates do.
struct HTMLWriterProbe {
    mutating func render(_ html: TrustedHTML) -> String {
        var writer = HTMLWriter()
        writer.write(trusted: html)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
