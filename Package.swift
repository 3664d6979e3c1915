// swift-tools-version:6.1
// Trimmed manifest of the `demo` worktree: compiles only Core/Demo and its tests.
// The lead merges the full manifest by hand.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Opora",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "Core", swiftSettings: strict),
        .testTarget(name: "CoreTests", dependencies: ["Core"], swiftSettings: strict),
    ]
)
