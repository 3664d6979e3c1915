import Foundation
import HTTPServer

/// Files from `Public/`, with ETag and Cache-Control, never outside the folder.
struct StaticFiles: Sendable {
    let root: String

    init(root: String) {
        self.root = (URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path)
    }

    static let types: [String: String] = [
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml",
        "png": "image/png", "jpg": "image/jpeg", "ico": "image/x-icon", "woff2": "font/woff2", "txt": "text/plain; charset=utf-8",
    ]

    func response(for relativePath: String, headers: HTTPHeaders) -> HTTPResponse {
        let notFound = HTTPResponse(status: .notFound, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]),
                                    body: .bytes(Array("Файл не найден\n".utf8)))
        let parts = relativePath.split(separator: "/")
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") || $0.contains("\\") }) else {
            return notFound
        }
        let candidate = URL(fileURLWithPath: root).appendingPathComponent(parts.joined(separator: "/"))
            .standardizedFileURL.resolvingSymlinksInPath().path
        guard candidate.hasPrefix(root + "/"),
              let attributes = try? FileManager.default.attributesOfItem(atPath: candidate),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = (attributes[.size] as? NSNumber)?.intValue
        else { return notFound }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let etag = "\"\(String(size, radix: 16))-\(String(Int(modified), radix: 16))\""
        var responseHeaders = HTTPHeaders()
        responseHeaders.add("ETag", etag)
        responseHeaders.add("Cache-Control", "public, max-age=3600")
        if let match = headers["If-None-Match"], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: " ") == etag }) {
            return HTTPResponse(status: .notModified, headers: responseHeaders, body: .bytes([]))
        }
        let ext = (candidate as NSString).pathExtension.lowercased()
        responseHeaders.add("Content-Type", Self.types[ext] ?? "application/octet-stream")
        return HTTPResponse(status: .ok, headers: responseHeaders, body: .file(path: candidate, count: size))
    }
}
