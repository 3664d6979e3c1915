/// A value a template may print with `{{path}}`; it writes itself HTML-escaped.
/// Bool deliberately does not conform: booleans are for `{{#if}}`.
public protocol HTMLEscapable {
    func writeEscaped(into out: inout HTMLWriter)
}

extension String: HTMLEscapable {
    @inlinable
    public func writeEscaped(into out: inout HTMLWriter) {
        var s = self
        s.withUTF8 { out.writeEscaped(utf8: $0) }
    }
}

extension Substring: HTMLEscapable {
    @inlinable
    public func writeEscaped(into out: inout HTMLWriter) {
        var s = self
        s.withUTF8 { out.writeEscaped(utf8: $0) }
    }
}

extension Int: HTMLEscapable {
    @inlinable
    public func writeEscaped(into out: inout HTMLWriter) { out.writeDecimal(Int64(self)) }
}

extension Int64: HTMLEscapable {
    @inlinable
    public func writeEscaped(into out: inout HTMLWriter) { out.writeDecimal(self) }
}

extension Int32: HTMLEscapable {
    @inlinable
    public func writeEscaped(into out: inout HTMLWriter) { out.writeDecimal(Int64(self)) }
}

extension Double: HTMLEscapable {
    public func writeEscaped(into out: inout HTMLWriter) {
        var s = plainDecimal(self)
        s.withUTF8 { out.writeRaw($0) }
    }
}

extension Optional: HTMLEscapable where Wrapped: HTMLEscapable {
    @inlinable
    public func writeEscaped(into out: inout HTMLWriter) {
        if let value = self { value.writeEscaped(into: &out) }
    }
}

extension HTMLWriter {
    /// Decimal digits without going through String (digits never need escaping).
    @inlinable
    public mutating func writeDecimal(_ value: Int64) {
        if value == 0 { bytes.append(0x30); return }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { tmp in
            var i = 20
            while magnitude > 0 {
                i -= 1
                tmp[i] = 0x30 &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            }
            if value < 0 { bytes.append(0x2D) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: tmp[i..<20]))
        }
    }
}

/// Swift's shortest round-trip digits, but with the exponent expanded: 1e-05 -> 0.00001, 1e+16 -> 10000000000000000.0.
func plainDecimal(_ d: Double) -> String {
    let s = d.description
    guard d.isFinite, let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return s }
    var mantissa = s[..<e]
    let exponent = Int(String(s[s.index(after: e)...].filter { $0 != "+" })) ?? 0
    var sign = ""
    if mantissa.hasPrefix("-") { sign = "-"; mantissa = mantissa.dropFirst() }
    let point = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
    var digits = Array(mantissa.filter { $0 != "." })
    var newPoint = point + exponent
    if newPoint <= 0 {
        digits = Array(repeating: "0", count: -newPoint + 1) + digits
        newPoint = 1
    } else if newPoint >= digits.count {
        digits += Array(repeating: "0", count: newPoint - digits.count)
    }
    var intPart = String(digits[..<newPoint])
    var frac = String(digits[newPoint...])
    while frac.hasSuffix("0") { frac.removeLast() }
    if frac.isEmpty { frac = "0" }
    if intPart.isEmpty { intPart = "0" }
    return sign + intPart + "." + frac
}
