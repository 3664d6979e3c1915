import Foundation
import Testing
import ZIPFoundation
@testable import Spreadsheet

/// Runs a program; returns its exit status and standard output.
func run(_ arguments: [String], stdin: Data? = nil) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return (-1, "") }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// True when python3 with openpyxl can be run here.
let openpyxlAvailable: Bool = run(["python3", "-c", "import openpyxl"]).status == 0

func temporaryPath(_ suffix: String) -> String {
    NSTemporaryDirectory() + "spreadsheet-test-\(UUID().uuidString)\(suffix)"
}

/// A zip made of the given parts (path → text), stored with deflate.
func makeZip(_ parts: [(String, String)]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (path, text) in parts {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return archive.data!
}

func isNotXLSX(_ body: () throws -> Void) -> Bool {
    do {
        try body()
        return false
    } catch let error as SpreadsheetError {
        if case .notXLSX = error {
            return error.description == "Файл повреждён или не является книгой Excel (XLSX)"
        }
        return false
    } catch {
        return false
    }
}
