/// Growable byte buffer the compiled templates render into.
public struct HTMLWriter: Sendable {
    public var bytes: [UInt8]

    @inlinable
    public init(capacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Static template text: copied verbatim, no escaping.
    @inlinable
    public mutating func write(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Any value: HTML-escaped (valid in text and in quoted attributes).
    @inlinable
    public mutating func write<T: HTMLEscapable>(escaping value: T) {
        value.writeEscaped(into: &self)
    }

    /// Program-generated HTML (e.g. SVG charts): the only raw-output path.
    @inlinable
    public mutating func write(trusted html: TrustedHTML) {
        var s = html.html
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Raw bytes already known to be safe (used by the escaper and number formatting).
    @inlinable
    public mutating func writeRaw(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }
}
