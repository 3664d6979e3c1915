#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer with a read and a write index over malloc'd storage; reused across requests.
final class ByteBuffer {
    private(set) var storage: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var readIndex = 0
    private(set) var writeIndex = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }
    deinit { storage.deallocate() }

    @inline(__always) var readable: Int { writeIndex - readIndex }
    @inline(__always) var readPointer: UnsafeMutablePointer<UInt8> { storage + readIndex }
    @inline(__always) var writePointer: UnsafeMutablePointer<UInt8> { storage + writeIndex }
    @inline(__always) var writable: Int { capacity - writeIndex }

    /// Makes room for at least `n` more bytes, compacting before growing.
    func reserveWritable(_ n: Int) {
        if capacity - writeIndex >= n { return }
        if readIndex > 0 {
            let count = readable
            if count > 0 { memmove(storage, storage + readIndex, count) }
            readIndex = 0
            writeIndex = count
            if capacity - writeIndex >= n { return }
        }
        var newCapacity = capacity
        while newCapacity - writeIndex < n { newCapacity *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        if writeIndex > 0 { fresh.update(from: storage, count: writeIndex) }
        storage.deallocate()
        storage = fresh
        capacity = newCapacity
    }

    @inline(__always) func commit(_ n: Int) { writeIndex += n }

    @inline(__always) func consume(_ n: Int) {
        readIndex += n
        if readIndex == writeIndex { readIndex = 0; writeIndex = 0 }
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserveWritable(bytes.count)
        memcpy(writePointer, bytes.baseAddress!, bytes.count)
        commit(bytes.count)
    }

    func append<C: Collection>(contentsOf bytes: C) where C.Element == UInt8 {
        let n = bytes.count
        guard n > 0 else { return }
        reserveWritable(n)
        var p = writePointer
        for b in bytes { p.pointee = b; p += 1 }
        commit(n)
    }

    /// Drops everything and shrinks an oversized buffer back.
    func clear() {
        readIndex = 0; writeIndex = 0
        if capacity > 256 * 1024 {
            storage.deallocate()
            capacity = 4096
            storage = .allocate(capacity: capacity)
        }
    }
}
