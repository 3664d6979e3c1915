/// A key that orders names as people read them: «СШ № 2» before «СШ № 11», letters case-insensitively.
/// Computed once per name, so sorting 2,000 schools costs microseconds, not a collator call per comparison.
public struct NaturalSortKey: Comparable, Sendable {
    enum Part: Comparable, Sendable {
        case number(Int)
        case text(String)

        static func < (a: Part, b: Part) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): x < y
            case let (.text(x), .text(y)): x < y
            case (.number, .text): true
            case (.text, .number): false
            }
        }
    }

    let parts: [Part]

    public init(_ name: String) {
        var parts: [Part] = []
        var text = String.UnicodeScalarView(), number = 0, inNumber = false
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                if !text.isEmpty { parts.append(.text(String(text))); text = String.UnicodeScalarView() }
                number = min(number &* 10 &+ Int(scalar.value - 0x30), Int.max / 100)
                inNumber = true
                continue
            }
            if inNumber { parts.append(.number(number)); number = 0; inNumber = false }
            if scalar.properties.isAlphabetic {
                text.append(Self.folded(scalar))
            } else if let last = text.last, last != " " {
                text.append(" ")
            }
        }
        if inNumber { parts.append(.number(number)) }
        if !text.isEmpty { parts.append(.text(String(text))) }
        self.parts = parts
    }

    /// Lower case with ё read as е; ASCII and Cyrillic by arithmetic, the rest through Unicode's mapping.
    private static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x41...0x5A, 0x410...0x42F: return Unicode.Scalar(scalar.value + 0x20)!
        case 0x401, 0x451: return "е"
        case 0x61...0x7A, 0x430...0x44F: return scalar
        default: return scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
        }
    }

    public static func < (a: NaturalSortKey, b: NaturalSortKey) -> Bool {
        a.parts.lexicographicallyPrecedes(b.parts)
    }
}
