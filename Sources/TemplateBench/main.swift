// `make bench`: median render time of the compiled template vs the hand-written baseline.
// Usage: TemplateBench [iterations]  (run the release build: swift build -c release)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func nowNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func medianMillis(iterations: Int, _ body: () -> Int) -> (ms: Double, sink: Int) {
    var times: [UInt64] = []
    var sink = 0
    for _ in 0..<5 { sink &+= body() }  // warm-up
    for _ in 0..<iterations {
        let t0 = nowNanos()
        sink &+= body()
        times.append(nowNanos() - t0)
    }
    times.sort()
    return (Double(times[times.count / 2]) / 1e6, sink)
}

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200 : 200
let page = BenchPage.sample()

let compiled = Templates.benchPage(page)
let handwritten = Handwritten.render(page)
guard compiled == handwritten else {
    print("error: outputs differ (\(compiled.count) vs \(handwritten.count) bytes)")
    exit(1)
}

// Interleave the two so frequency scaling and cache effects hit both alike.
var templateRuns: [Double] = [], handRuns: [Double] = []
var sink = 0
for _ in 0..<5 {
    let t = medianMillis(iterations: iterations / 5) { Templates.benchPage(page).count }
    let h = medianMillis(iterations: iterations / 5) { Handwritten.render(page).count }
    templateRuns.append(t.ms); handRuns.append(h.ms)
    sink &+= t.sink &+ h.sink
}
templateRuns.sort(); handRuns.sort()
let tm = templateRuns[2], hm = handRuns[2]
print("rows=1000 fields=8 bytes=\(compiled.count) iterations=\(iterations)")
print("template_ms=\((tm * 1000).rounded() / 1000) handwritten_ms=\((hm * 1000).rounded() / 1000) ratio=\(((tm / hm) * 100).rounded() / 100)")
if sink == 42 { print("") }  // keep results alive
