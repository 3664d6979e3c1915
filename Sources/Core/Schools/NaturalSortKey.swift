/// A key that orders names as people read them: «СШ № 2» before «СШ № 11», letters case-insensitively, ё as е.
/// Computed once per name as integers, so sorting 2,000 schools compares arrays of numbers, not strings.
public struct NaturalSortKey: Comparable, Sendable {
    /// A number is `numberMark, value`; letters are their folded scalar values above `letterBase`; runs of
    /// anything else become one `separator`. Numbers sort before letters.
    private let codes: [UInt64]
    private static let numberMark: UInt64 = 1
    private static let separator: UInt64 = 2
    private static let letterBase: UInt64 = 16

    public init(_ name: String) {
        var codes: [UInt64] = []
        codes.reserveCapacity(name.utf8.count)
        var number: UInt64 = 0, inNumber = false, endsWithSeparator = true
        for scalar in name.unicodeScalars {
            let value = scalar.value
            if value >= 0x30 && value <= 0x39 {
                number = min(number &* 10 &+ UInt64(value - 0x30), UInt64(Int64.max) / 100)
                inNumber = true
                continue
            }
            if inNumber {
                codes.append(Self.numberMark); codes.append(number)
                number = 0; inNumber = false; endsWithSeparator = false
            }
            if let letter = Self.folded(scalar) {
                codes.append(Self.letterBase + UInt64(letter))
                endsWithSeparator = false
            } else if !endsWithSeparator {
                codes.append(Self.separator)
                endsWithSeparator = true
            }
        }
        if inNumber { codes.append(Self.numberMark); codes.append(number) }
        else if endsWithSeparator && !codes.isEmpty { codes.removeLast() }
        self.codes = codes
    }

    /// The folded letter, or nil for anything that is not a letter; ASCII and Cyrillic without table look-ups.
    private static func folded(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x41...0x5A, 0x410...0x42F: return scalar.value + 0x20
        case 0x401, 0x451: return 0x435
        case 0x61...0x7A, 0x430...0x44F: return scalar.value
        case 0...0x7F: return nil
        default:
            guard scalar.properties.isAlphabetic else { return nil }
            return (scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar).value
        }
    }

    public static func < (a: NaturalSortKey, b: NaturalSortKey) -> Bool {
        a.codes.lexicographicallyPrecedes(b.codes)
    }
}

extension NaturalSortKey {
    /// The indices of `items` in the order of their groups' first appearance (a list already sorted by municipality),
    /// then by name as people read it, then by id: one key per name, computed once.
    public static func order<T>(_ items: [T], group: (T) -> String = { _ in "" }, name: (T) -> String, id: (T) -> Int64) -> [Int] {
        var rank: [String: Int] = [:]
        let groups = items.map { item -> Int in
            let g = group(item)
            if let r = rank[g] { return r }
            rank[g] = rank.count
            return rank[g]!
        }
        let keys = items.map { NaturalSortKey(name($0)) }
        let ids = items.map(id)
        return items.indices.sorted { (groups[$0], keys[$0], ids[$0]) < (groups[$1], keys[$1], ids[$1]) }
    }
}
