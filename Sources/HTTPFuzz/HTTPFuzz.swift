// Fuzz driver for the request parser, the form decoder and the multipart parser (FormFuzz.swift):
// an input's first byte picks the decoder (0, 1: request parser; 2: form; 3: multipart).
//
// libFuzzer (coverage-guided):
//   swift build -c release --product HTTPFuzz --scratch-path .build-fuzz \
//       -Xswiftc -sanitize=fuzzer -Xswiftc -DLIBFUZZER
//   mkdir -p fuzz-corpus && .build-fuzz/release/HTTPFuzz fuzz-corpus -max_total_time=60
//
// Without libFuzzer: a random-mutation runner for N seconds (default 10):
//   swift run -c release HTTPFuzz 30
import HTTPServer

#if LIBFUZZER
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

// SwiftPM links an executable's entry point as `<Target>_main`, so hand control to libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("HTTPFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { data, size in fuzzOne(data, size) }
}
#else
@main
struct HTTPFuzzMain {
    static func main() {
        let args = CommandLine.arguments
        let seconds = args.count > 1 ? Double(args[1]) ?? 10 : 10
        var state: UInt64 = args.count > 2 ? UInt64(args[2]) ?? 1 : 1
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let seeds: [[UInt8]] = [
            "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /x?y=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n0\r\nT: 1\r\n\r\n",
            "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.1\r\nHost: b\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        ].map { [0] + Array($0.utf8) } + [
            "\u{2}a=1&b=%D0%AF+x&c&=d",
            "\u{3}multipart/form-data; boundary=B\n--B\r\nContent-Disposition: form-data; name=\"a\\\"\"; filename=\"f\"\r\n\r\nv\r\n--B--",
        ].map { Array($0.utf8) }
        let tokens: [[UInt8]] = ["\r\n", "\r", "\n", ":", " ", "\0", "chunked", "Content-Length: 9", ";", ",", "0\r\n\r\n"].map { Array($0.utf8) }
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int(seconds * 1000))
        var runs = 0
        while clock.now < end {
            for _ in 0..<1000 {
                var b = seeds[Int(next() % UInt64(seeds.count))]
                for _ in 0..<(1 + Int(next() % 6)) {
                    let pos = b.isEmpty ? 0 : Int(next() % UInt64(b.count + 1))
                    switch next() % 5 {
                    case 0 where pos < b.count: b[pos] = UInt8(truncatingIfNeeded: next())
                    case 1 where pos < b.count: b.remove(at: pos)
                    case 2: b.insert(contentsOf: tokens[Int(next() % UInt64(tokens.count))], at: pos)
                    case 3: b.insert(UInt8(truncatingIfNeeded: next()), at: pos)
                    default: b.removeLast(min(b.count, Int(next() % 8)))
                    }
                }
                FuzzTarget.run(b)
                runs += 1
            }
        }
        print("HTTPFuzz: \(runs) inputs in \(seconds) s, no invariant violated")
    }
}
#endif
