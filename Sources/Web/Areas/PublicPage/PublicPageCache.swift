import Core
import Foundation
import HTTPServer
import Synchronization

/// Rendered public pages, valid for one database generation and one day (the page prints its date): each page is
/// rendered once per change of the data, then served from memory with an ETag.
final class PublicPageCache: Sendable {
    struct Key: Hashable, Sendable {
        /// 0: the list of municipalities; otherwise the municipality's id.
        var page: Int64
        var generation: UInt64
        /// The Moscow day (UTC+3) since 1970.
        var day: Int
    }
    struct Entry: Sendable {
        var body: [UInt8]
        var etag: String
    }

    private let entries = Mutex<[Key: Entry]>([:])
    static let capacity = 256

    func get(_ key: Key) -> Entry? { entries.withLock { $0[key] } }

    func put(_ key: Key, _ body: [UInt8]) -> Entry {
        let entry = Entry(body: body, etag: "\"p\(key.page)-\(String(Self.fnv1a(body), radix: 16))\"")
        entries.withLock { entries in
            // Entries of older generations can never be read again; a full cache simply starts over.
            if entries.count >= Self.capacity || entries.keys.contains(where: { $0.generation != key.generation || $0.day != key.day }) {
                entries.removeAll(keepingCapacity: true)
            }
            entries[key] = entry
        }
        return entry
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// The cached page (rendered by `render` when the data changed), as 200 or, for a matching If-None-Match, 304.
    /// Public and cacheable: the page carries no session, no CSRF token and nothing personal.
    func response(_ context: RequestContext, page: Int64, render: () throws -> [UInt8]) throws -> HTTPResponse {
        let database = context.services.database
        let key = Key(page: page, generation: database.generation, day: Int((database.now.timeIntervalSince1970 + 3 * 3600) / 86400))
        let entry = try get(key) ?? put(key, render())
        var headers = HTTPHeaders()
        headers.add("ETag", entry.etag)
        // Stored by browsers and proxies but revalidated each time (a cheap 304): switching the page off takes effect at once.
        headers.add("Cache-Control", "public, no-cache")
        if let match = context.request.headers["If-None-Match"],
           match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == entry.etag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return HTTPResponse(status: .notModified, headers: headers, body: .bytes([]))
        }
        headers.add("Content-Type", "text/html; charset=utf-8")
        return HTTPResponse(status: .ok, headers: headers, body: .bytes(entry.body))
    }
}
