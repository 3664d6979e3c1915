import Foundation

/// Runs the built Codegen executable and swiftc from tests.
enum CodegenTool {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Codegen binary built next to the test bundle (the plugin makes SwiftPM build it).
    static var executable: URL? {
        var candidates: [URL] = []
        if let arg0 = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: arg0).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appending(path: "Codegen"))
                dir = dir.deletingLastPathComponent()
            }
        }
        for config in ["debug", "release"] {
            candidates.append(packageRoot.appending(path: ".build/\(config)/Codegen"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static var swiftc: URL {
        let pinned = URL(fileURLWithPath: "/opt/swift/usr/bin/swiftc")
        if FileManager.default.isExecutableFile(atPath: pinned.path) { return pinned }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appending(path: "swiftc")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return pinned
    }

    struct Result {
        let status: Int32
        let stderr: String
        let stdout: String
    }

    static func run(_ executable: URL, _ arguments: [String]) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        let err = Pipe(), out = Pipe()
        p.standardError = err
        p.standardOutput = out
        try p.run()
        // Drain both pipes before waiting so a chatty compiler cannot block on a full pipe.
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stderr: String(decoding: errData, as: UTF8.self),
                      stdout: String(decoding: outData, as: UTF8.self))
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appending(path: "codegen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `files` (name -> text) into a temp dir and runs `Codegen <mode>` on them.
    static func generate(mode: String, files: [String: String]) throws -> (dir: URL, output: URL, result: Result) {
        let dir = try tempDir()
        var inputs: [String] = []
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let url = dir.appending(path: name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            inputs.append(url.path)
        }
        let output = dir.appending(path: "Generated.swift")
        guard let exe = executable else { throw ToolMissing() }
        return (dir, output, try run(exe, [mode, "--output", output.path] + inputs))
    }

    struct ToolMissing: Error {}
}
