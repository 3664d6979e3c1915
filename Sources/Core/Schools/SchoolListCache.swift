import Synchronization

/// School lists by scope and filter, valid for one database generation (see `AppDatabase.generation`).
final class SchoolListCache: Sendable {
    struct Key: Hashable, Sendable {
        var role: Role
        var userId: Int64?
        var municipalityId: Int64?
        var schoolId: Int64?
        var filter: SchoolListFilter
        var runningYear: Int
        var generation: UInt64
    }

    private let entries = Mutex<[Key: SchoolList]>([:])
    static let capacity = 64

    func get(_ key: Key) -> SchoolList? { entries.withLock { $0[key] } }

    func put(_ key: Key, _ list: SchoolList) {
        entries.withLock { entries in
            // Entries of older generations can never be read again; a full cache simply starts over.
            if entries.count >= Self.capacity || entries.keys.contains(where: { $0.generation != key.generation }) {
                entries.removeAll(keepingCapacity: true)
            }
            entries[key] = list
        }
    }
}
