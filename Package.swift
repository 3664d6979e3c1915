// swift-tools-version:6.1
// NOTE: trimmed on branch `spreadsheet` to the Spreadsheet targets only; the lead merges the full manifest.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Opora",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // XLSX (ZIPFoundation + FoundationXML/libxml2) and CSV reading and writing; no domain knowledge.
        // zlib (as ZIPFoundation itself links it on Linux): our bounded inflate for reading XLSX.
        .systemLibrary(name: "CSpreadsheetZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Spreadsheet", dependencies: [
            "CSpreadsheetZlib",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], swiftSettings: strict),
        // `make bench`: write and read back 250,000 rows x 17 columns.
        .executableTarget(name: "SpreadsheetBench", dependencies: ["Spreadsheet"], swiftSettings: strict),
        .testTarget(name: "SpreadsheetTests", dependencies: [
            "Spreadsheet", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Fixtures/make_openpyxl_fixture.py"], resources: [.copy("Fixtures/openpyxl.xlsx")], swiftSettings: strict),
    ]
)
