// swift-tools-version:6.1
import PackageDescription

// MemberImportVisibility: a file uses another module's members only when it imports that module itself
// (so GRDB's `fetchAll` and friends cannot leak into Web through Core).
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6), .enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "Opora",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "opora", targets: ["opora"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Our own HTTP/1.1 server on POSIX sockets; knows nothing of the domain.
        // Linux calls Swift's Glibc module does not expose (epoll, eventfd, accept4, sendfile).
        .target(name: "CHTTPShims"),
        .target(name: "HTTPServer", dependencies: ["CHTTPShims"], swiftSettings: strict),
        // The application's form decoders (urlencoded forms and queries, multipart): Web's, and fuzzed on their own.
        .target(name: "HTTPForms", swiftSettings: strict),
        // Random-corpus / libFuzzer driver for the request parser and the form decoders (`make fuzz`).
        .executableTarget(name: "HTTPFuzz", dependencies: ["HTTPServer", "HTTPForms"], swiftSettings: strict),
        // A bare server answering `ok`, to compare the server alone with nginx (`HTTPBench [port] [workers] [loops]`).
        .executableTarget(name: "HTTPBench", dependencies: ["HTTPServer"], swiftSettings: strict),
        // Runtime of the compiled templates: byte writer, escaping, trusted HTML.
        .target(name: "Templating", swiftSettings: strict),
        // Build-time code generator: HTML templates -> Swift over typed view models; Migrations/*.sql embedded into Core.
        .executableTarget(name: "Codegen", exclude: ["TEMPLATES.md"], swiftSettings: strict),
        .plugin(name: "CodegenPlugin", capability: .buildTool(),
                dependencies: ["Codegen"], path: "Sources/CodegenPlugin"),
        // XLSX and CSV reading and writing, with no domain knowledge. Reading inflates with zlib directly:
        // ZIPFoundation 0.9.20 hangs on some damaged deflate streams; it still writes.
        .systemLibrary(name: "CSpreadsheetZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Spreadsheet", dependencies: [
            "CSpreadsheetZlib", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], swiftSettings: strict),
        .executableTarget(name: "SpreadsheetBench", dependencies: ["Spreadsheet"], swiftSettings: strict),
        // Mail out: an SMTP client on POSIX sockets (STARTTLS through the system's OpenSSL) and MIME letters.
        .systemLibrary(name: "CSMTPOpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "SMTP", dependencies: ["CSMTPOpenSSL"], swiftSettings: strict),
        // sqlite3_config (variadic, so not callable from Swift), run once before the first connection opens.
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Models, database, migrations, services and the access policy. The only GRDB importer.
        .target(name: "Core", dependencies: [
            "CSQLiteTuning",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict, plugins: ["CodegenPlugin"]),
        // Routes, sessions, CSRF, view models, templates.
        .target(name: "Web", dependencies: [
            "HTTPServer", "HTTPForms", "Templating", "Core", "Spreadsheet", "SMTP",
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["Templates"], swiftSettings: strict, plugins: ["CodegenPlugin"]),
        // `make bench`: a compiled template against hand-written byte appends of the same page.
        .executableTarget(name: "TemplateBench", dependencies: ["Templating"], exclude: ["Templates"],
                          swiftSettings: strict, plugins: ["CodegenPlugin"]),
        .executableTarget(name: "opora", dependencies: [
            "Web", "Core", "HTTPServer", "Spreadsheet", "SMTP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),

        // Fixtures the test targets share; public API only (release builds compile it too).
        .target(name: "CoreTestSupport", dependencies: ["Core", .product(name: "GRDB", package: "GRDB.swift")],
                path: "Tests/CoreTestSupport", swiftSettings: strict),

        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"], swiftSettings: strict),
        .testTarget(name: "TemplatingTests", dependencies: ["Templating"], exclude: ["Templates"],
                    swiftSettings: strict, plugins: ["CodegenPlugin"]),
        .testTarget(name: "SpreadsheetTests", dependencies: [
            "Spreadsheet", "CSpreadsheetZlib", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Fixtures/make_openpyxl_fixture.py"], resources: [.copy("Fixtures/openpyxl.xlsx")], swiftSettings: strict),
        .testTarget(name: "CoreTests", dependencies: ["Core", "CoreTestSupport", "Spreadsheet", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(name: "WebTests", dependencies: [
            "Web", "Core", "CoreTestSupport", "HTTPServer", "Spreadsheet", "SMTP", .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
    ]
)
