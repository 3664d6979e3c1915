import Foundation

/// A real SMTP server on loopback for a test: `Tests/Mail/smtp_sink.py` (aiosmtpd) in a child process.
final class SMTPSink: @unchecked Sendable {
    struct Received: Decodable {
        var mailFrom: String
        var rcptTo: [String]
        var subject: String
        var rawSubject: String
        var headers: [String: String]
        var contentType: String
        var text: String
        var html: String
        var tls: Bool
        var authenticated: Bool
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Mail/smtp_sink.py").standardizedFileURL.path

    let directory: URL
    let arguments: [String]
    private var process: Process?
    private(set) var port: Int = 0

    /// `arguments`: further options of the script (`--refuse 550`, `--tls CERT KEY`, `--auth U:P`).
    init(_ arguments: [String] = [], directory: URL? = nil) throws {
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("opora-smtp-\(UUID().uuidString)")
        self.arguments = arguments
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        try start()
    }

    /// Starts the server (again on the same port once it has one).
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, "--dir", directory.path] + (port == 0 ? [] : ["--port", String(port)]) + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { throw SinkError.didNotStart }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else { throw SinkError.didNotStart }
        self.port = port
    }

    /// Stops the server; the port stays known, so `start()` brings it back there.
    func stop() {
        guard let process else { return }
        // SIGKILL: the test process blocks SIGTERM (the HTTP server's signal watcher) and the child inherits the mask.
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
        self.process = nil
    }

    /// Every message received so far, in order of arrival.
    func messages() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
            .sorted { Int($0.dropLast(5)) ?? 0 < Int($1.dropLast(5)) ?? 0 }
        return try names.map { try JSONDecoder().decode(Received.self, from: Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    enum SinkError: Error { case didNotStart }

    deinit { stop() }
}
