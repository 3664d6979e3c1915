/// The same page as bench_page.html, written by hand with direct byte appends (the baseline).
enum Handwritten {
    static func render(_ page: BenchPage) -> [UInt8] {
        var b: [UInt8] = []
        b.reserveCapacity(16384)
        lit(&b, "<!doctype html>\n<html lang=\"ru\">\n<head><meta charset=\"utf-8\"><title>")
        esc(&b, page.title)
        lit(&b, "</title></head>\n<body>\n<table class=\"schools\">\n")
        for r in page.rows {
            lit(&b, "  <tr data-city=\"")
            esc(&b, r.city)
            lit(&b, "\"><td>")
            esc(&b, r.name)
            lit(&b, "</td><td>")
            esc(&b, r.address)
            lit(&b, "</td><td>")
            esc(&b, r.director)
            lit(&b, "</td><td>")
            esc(&b, r.phone)
            lit(&b, "</td><td>")
            esc(&b, r.email)
            lit(&b, "</td><td>")
            esc(&b, r.note)
            lit(&b, "</td><td>")
            esc(&b, r.status)
            lit(&b, "</td></tr>\n")
        }
        lit(&b, "</table>\n</body>\n</html>\n")
        return b
    }

    @inline(__always)
    private static func lit(_ b: inout [UInt8], _ s: StaticString) {
        s.withUTF8Buffer { b.append(contentsOf: $0) }
    }

    @inline(__always)
    private static func esc(_ b: inout [UInt8], _ s: String) {
        var s = s
        s.withUTF8 { buf in
            var start = 0
            for i in 0..<buf.count {
                let rep: StaticString
                switch buf[i] {
                case UInt8(ascii: "&"): rep = "&amp;"
                case UInt8(ascii: "<"): rep = "&lt;"
                case UInt8(ascii: ">"): rep = "&gt;"
                case UInt8(ascii: "\""): rep = "&quot;"
                case UInt8(ascii: "'"): rep = "&#39;"
                default: continue
                }
                b.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i]))
                rep.withUTF8Buffer { b.append(contentsOf: $0) }
                start = i + 1
            }
            b.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<buf.count]))
        }
    }
}
