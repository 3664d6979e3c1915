// swift-tools-version:6.1
// Trimmed in the `codegen` worktree to the templating pieces; the lead merges the full manifest by hand.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Opora",
    platforms: [.macOS(.v14)],
    targets: [
        // Runtime of the compiled templates: byte writer, escaping, trusted HTML.
        .target(name: "Templating", swiftSettings: strict),
        // Build-time code generator: HTML templates -> Swift over typed view models; Migrations/*.sql embedded into Core.
        .executableTarget(name: "Codegen", swiftSettings: strict),
        .plugin(name: "CodegenPlugin", capability: .buildTool(),
                dependencies: ["Codegen"], path: "Sources/CodegenPlugin"),
        // `make bench`: compiled template vs hand-written byte appends.
        .executableTarget(name: "TemplateBench", dependencies: ["Templating"],
                          exclude: ["Templates"], swiftSettings: strict, plugins: ["CodegenPlugin"]),
        .testTarget(name: "TemplatingTests", dependencies: ["Templating"],
                    exclude: ["Templates"], swiftSettings: strict, plugins: ["CodegenPlugin"]),
    ]
)
