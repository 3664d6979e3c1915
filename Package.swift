// swift-tools-version:6.1
// TRIMMED for the `http` branch: only the HTTPServer targets. The lead merges the full manifest by hand.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Opora",
    platforms: [.macOS(.v14)],
    targets: [
        // Our own HTTP/1.1 server on POSIX sockets; knows nothing of the domain.
        // Linux calls Swift's Glibc module does not expose (epoll, eventfd, accept4, sendfile).
        .target(name: "CHTTPShims"),
        .target(name: "HTTPServer", dependencies: ["CHTTPShims"], swiftSettings: strict),
        // Random-corpus / libFuzzer driver for the request parser.
        .executableTarget(name: "HTTPFuzz", dependencies: ["HTTPServer"], swiftSettings: strict),
        // Tiny server for benchmarking (wrk) and manual poking.
        .executableTarget(name: "HTTPBench", dependencies: ["HTTPServer"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"], swiftSettings: strict),
    ]
)
