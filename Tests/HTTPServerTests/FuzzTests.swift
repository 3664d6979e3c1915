import Testing
@testable import HTTPServer

/// A small deterministic PRNG (SplitMix64) so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Byte strings that matter to the grammar, spliced in by the mutator.
let interestingTokens: [[UInt8]] = [
    "\r\n", "\r", "\n", "\r\n\r\n", ":", " ", "\t", "\0", "Content-Length: ", "Transfer-Encoding: chunked",
    "Host: a", "0\r\n\r\n", "FFFFFFFFFFFFFFFFFF", ";", ",", "HTTP/1.1", "HTTP/2.0", "Expect: 100-continue", "-1", "+5",
].map { Array($0.utf8) }

func mutate(_ input: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
    var b = input
    for _ in 0..<Int.random(in: 1...4, using: &rng) {
        switch Int.random(in: 0..<7, using: &rng) {
        case 0 where !b.isEmpty: b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        case 1 where !b.isEmpty: b.remove(at: Int.random(in: 0..<b.count, using: &rng))
        case 2: b.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...b.count, using: &rng))
        case 3: b.insert(contentsOf: interestingTokens.randomElement(using: &rng)!, at: Int.random(in: 0...b.count, using: &rng))
        case 4 where b.count > 2:
            let i = Int.random(in: 0..<b.count, using: &rng)
            let j = Int.random(in: i...min(b.count, i + 64), using: &rng)
            b.insert(contentsOf: b[i..<j], at: Int.random(in: 0...b.count, using: &rng)) // duplicate a slice
        case 5 where !b.isEmpty: b.removeLast(Int.random(in: 0...min(b.count, 16), using: &rng)) // truncate
        default:
            let other = parserCases.randomElement(using: &rng)!.raw.prefix(512)
            b.append(contentsOf: other) // pipeline another case
        }
    }
    return b
}

@Suite struct FuzzTests {
    /// 20,000 mutated table requests: no crash, no hang, split-independent outcomes, and every input ends
    /// in requests followed by at most one error status or an incomplete request.
    @Test(.timeLimit(.minutes(2))) func randomCorpus() {  // a guard against a hang, not a speed check
        var rng = SplitMix(state: 0x0907A)
        let seeds = parserCases.map { Array($0.raw.prefix(2048)) }
        var counts = [String: Int]()
        for i in 0..<20_000 {
            let input = mutate(seeds[i % seeds.count], &rng)
            HTTPParserFuzz.run(data: input) // preconditions inside: a violation crashes the test run
            let outcome = HTTPParserFuzz.decode([input], limits: HTTPParserFuzz.fuzzLimits, bodyLimit: 512)
            let key: String
            switch outcome.last {
            case .request?: key = "request"
            case .error(let s)?: key = "\(s)"
            case .incomplete?: key = "incomplete"
            case nil: key = "nothing"
            }
            counts[key, default: 0] += 1
        }
        // The mutator must reach both accepted requests and several error statuses.
        #expect((counts["request"] ?? 0) > 100)
        #expect((counts["400"] ?? 0) > 100)
        #expect(counts.keys.count >= 5, "\(counts)")
    }
}
