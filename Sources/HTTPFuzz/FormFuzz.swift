// Fuzz checks for the application's own decoders: FormData (urlencoded forms and queries) and the
// multipart parser. They live in the HTTPForms library Web depends on, so this target fuzzes the very
// code the app runs without building the database layer under the sanitizers.
import HTTPForms
import HTTPServer

/// Which decoder an input goes to: its first byte chooses, the rest is the input.
enum FuzzTarget {
    static func run(_ data: [UInt8]) {
        guard let selector = data.first else { return }
        let rest = Array(data.dropFirst())
        switch selector % 4 {
        case 0, 1: HTTPParserFuzzDriver.run(rest)
        case 2: FormFuzz.run(rest)
        default: MultipartFuzz.run(rest)
        }
    }
}

enum FormFuzz {
    /// Decoding never crashes; what decodes re-encodes to the same fields.
    static func run(_ data: [UInt8]) {
        guard let form = FormData(urlEncoded: data) else { return }
        precondition(form.fields.count <= FormData.maximumFields, "too many fields")
        let encoded = form.fields.map { PercentDecoding.encode($0.name) + "=" + PercentDecoding.encode($0.value) }.joined(separator: "&")
        guard let again = FormData(urlEncoded: Array(encoded.utf8)) else { preconditionFailure("re-encoded form refused") }
        precondition(again.fields.map(\.name) == form.fields.map(\.name) && again.fields.map(\.value) == form.fields.map(\.value),
                     "form round trip changed the fields")
        _ = FormData(query: String(decoding: data, as: UTF8.self))
    }
}

enum MultipartFuzz {
    /// Input: a Content-Type line, LF, then the body. Parsing never crashes; what parses, written
    /// out again with the same boundary, parses to the same names, file names and bodies.
    static func run(_ data: [UInt8]) {
        let lf = data.firstIndex(of: 10) ?? data.count
        let contentType = String(decoding: data[..<lf], as: UTF8.self)
        let body = lf < data.count ? Array(data[(lf + 1)...]) : []
        guard case .success(let parts) = Multipart.parse(body: body, contentType: contentType) else { return }
        precondition(parts.count <= Multipart.maximumParts, "too many parts")
        precondition(parts.reduce(0) { $0 + $1.body.count } <= body.count, "parts larger than the body")
        guard case .success(let boundary) = Multipart.boundary(contentType: contentType) else {
            preconditionFailure("parsed without a boundary")
        }
        var out: [UInt8] = []
        for part in parts {
            var header = "Content-Disposition: form-data; name=\"" + quoted(part.name) + "\""
            if let fileName = part.fileName { header += "; filename*=UTF-8''" + PercentDecoding.encode(fileName) }
            if header.utf8.count > Multipart.maximumHeaderBytes - 8 { return } // re-encoding may grow a name past the limit
            out += [45, 45] + boundary + [13, 10] + Array(header.utf8) + [13, 10, 13, 10] + part.body + [13, 10]
        }
        out += [45, 45] + boundary + [45, 45]
        guard case .success(let again) = Multipart.parse(body: out, contentType: contentType) else {
            preconditionFailure("re-written multipart refused")
        }
        precondition(again.map(\.name) == parts.map(\.name), "multipart round trip changed names")
        precondition(again.map(\.fileName) == parts.map(\.fileName), "multipart round trip changed file names")
        precondition(again.map(\.body) == parts.map(\.body), "multipart round trip changed bodies")
    }

    static func quoted(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return String(out)
    }
}

enum HTTPParserFuzzDriver {
    static func run(_ data: [UInt8]) { HTTPParserFuzz.run(data: data) }
}
