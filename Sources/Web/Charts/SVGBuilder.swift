import Templating

/// A tiny writer of SVG markup. Every text and attribute value goes through `escape`; element and
/// attribute names are fixed by the chart code. The only producer of the charts' `TrustedHTML`.
struct SVGBuilder {
    private(set) var markup = ""

    /// Escapes `& < > " '` for text and double-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab/newline are not allowed in XML.
                if c.value < 0x20 && c != "\t" && c != "\n" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A coordinate or length: at most one decimal, a dot, no exponent.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let a = abs(tenths)
        return a % 10 == 0 ? "\(sign)\(a / 10)" : "\(sign)\(a / 10).\(a % 10)"
    }

    enum Value {
        case text(String)
        case number(Double)
    }

    private mutating func attributes(_ attrs: KeyValuePairs<String, Value>) {
        for (name, value) in attrs {
            markup += " \(name)=\""
            switch value {
            case .text(let t): markup += Self.escape(t)
            case .number(let n): markup += Self.number(n)
            }
            markup += "\""
        }
    }

    mutating func open(_ name: String, _ attrs: KeyValuePairs<String, Value> = [:]) {
        markup += "<\(name)"
        attributes(attrs)
        markup += ">"
    }

    mutating func close(_ name: String) { markup += "</\(name)>" }

    /// An empty element: `<line … />`.
    mutating func element(_ name: String, _ attrs: KeyValuePairs<String, Value>) {
        markup += "<\(name)"
        attributes(attrs)
        markup += "/>"
    }

    /// An element with escaped text content: `<text …>content</text>`.
    mutating func element(_ name: String, _ attrs: KeyValuePairs<String, Value> = [:], text: String) {
        open(name, attrs)
        markup += Self.escape(text)
        close(name)
    }

    var trusted: TrustedHTML { TrustedHTML(programGenerated: markup) }
}

extension SVGBuilder.Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(floatLiteral value: Double) { self = .number(value) }
}

/// Colours (Okabe–Ito, safe for colour-blind readers) paired with dash patterns and marker shapes, so
/// that series differ in more than colour, also when printed in black and white.
enum ChartStyle {
    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#7F6000"]
    static let dashes = ["", "8 4", "2 3", "10 3 2 3", "5 5", "1 2", "12 2 2 2 2 2", "4 2"]
    enum Marker: CaseIterable { case circle, square, triangle, diamond }

    static func colour(_ i: Int) -> String { colours[i % colours.count] }
    /// Past the colours, the dash and the marker shift so that no two of the first 64 series look the same.
    static func dash(_ i: Int) -> String { dashes[(i + i / colours.count) % dashes.count] }
    static func marker(_ i: Int) -> Marker { Marker.allCases[(i + i / colours.count) % Marker.allCases.count] }
    static let threshold = "#B10E1E"
    static let axis = "#0B0C0C"
    static let grid = "#B1B4B6"
}
