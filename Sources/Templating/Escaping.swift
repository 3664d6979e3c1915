extension HTMLWriter {
    /// Appends UTF-8 bytes escaping `& < > " '`; clean runs are appended in bulk.
    @inlinable
    public mutating func writeEscaped(utf8 buf: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var i = 0
        let n = buf.count
        while i < n {
            let b = buf[i]
            // All five special bytes are <= 0x3E; anything above (letters, Cyrillic) is clean.
            if b <= 0x3E {
                let entity: StaticString?
                switch b {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: entity = nil
                }
                if let entity {
                    if i > runStart {
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<i]))
                    }
                    write(entity)
                    runStart = i + 1
                }
            }
            i += 1
        }
        if runStart == 0 {
            bytes.append(contentsOf: buf)
        } else if runStart < n {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<n]))
        }
    }
}
