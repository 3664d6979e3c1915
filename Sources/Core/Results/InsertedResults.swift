import Foundation

/// The results an import inserted, packed into one BLOB of the import (`resultImport.insertedResults`) instead of
/// a change row each: per result its key (school, procedure, school year) and the figures the import wrote, so a
/// rollback can check that each is still as imported and delete it. Varints (zigzag), a nil as 0 and a value v as
/// v + 1; the mean score as a presence byte and its 8 bytes (IEEE 754, little-endian). A leading format byte (1).
struct InsertedResults {
    struct Entry: Equatable {
        var schoolId: Int64
        var procedureId: Int64
        var schoolYear: Int
        var values: ResultValues
    }

    private(set) var bytes: [UInt8] = [1]
    private(set) var count = 0

    init() { bytes.reserveCapacity(1 << 16) }

    mutating func append(schoolId: Int64, procedureId: Int64, schoolYear: Int, _ v: ResultValues) {
        put(schoolId); put(procedureId); put(Int64(schoolYear)); put(Int64(v.participants))
        for o in [v.mark2, v.mark3, v.mark4, v.mark5, v.belowMinimum, v.lowered, v.confirmed, v.raised] { put(o.map { Int64($0) + 1 } ?? 0) }
        if let m = v.meanScore {
            bytes.append(1)
            var bits = m.bitPattern
            for _ in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits)); bits >>= 8 }
        } else {
            bytes.append(0)
        }
        count += 1
    }

    private mutating func put(_ value: Int64) {
        var z = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while z >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: z) | 0x80); z >>= 7 }
        bytes.append(UInt8(z))
    }

    struct Damaged: Error {}

    /// The entries of a packed BLOB; throws on bytes that are not this format.
    static func decode(_ data: [UInt8]) throws -> [Entry] {
        guard data.first == 1 else { throw Damaged() }
        var i = 1
        func get() throws -> Int64 {
            var z: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard i < data.count, shift < 64 else { throw Damaged() }
                let b = data[i]; i += 1
                z |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)
        }
        func optional() throws -> Int? { let v = try get(); return v == 0 ? nil : Int(v - 1) }
        var entries: [Entry] = []
        while i < data.count {
            let school = try get(), procedure = try get(), year = Int(try get())
            var v = ResultValues(participants: Int(try get()))
            v.mark2 = try optional(); v.mark3 = try optional(); v.mark4 = try optional(); v.mark5 = try optional()
            v.belowMinimum = try optional(); v.lowered = try optional(); v.confirmed = try optional(); v.raised = try optional()
            guard i < data.count else { throw Damaged() }
            let flag = data[i]; i += 1
            if flag == 1 {
                guard i + 8 <= data.count else { throw Damaged() }
                var bits: UInt64 = 0
                for k in 0..<8 { bits |= UInt64(data[i + k]) << (8 * UInt64(k)) }
                i += 8
                v.meanScore = Double(bitPattern: bits)
            } else if flag != 0 {
                throw Damaged()
            }
            entries.append(Entry(schoolId: school, procedureId: procedure, schoolYear: year, values: v))
        }
        return entries
    }
}
