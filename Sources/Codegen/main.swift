// Codegen: build-time generator invoked by CodegenPlugin.
//   Codegen templates  --output <file.swift> [--import=<Module>]... <template.html>...
//   Codegen migrations --output <file.swift> (<Migrations dir> | <NNNN_name.sql>)...
// Errors go to stderr as `file:line: error: message`; exit status 1 fails the build.
import Foundation

func run(_ args: [String]) throws {
    guard args.count >= 3, args[1] == "--output" else {
        FileHandle.standardError.write(Data("usage: Codegen (templates|migrations) --output <file> <inputs>...\n".utf8))
        exit(2)
    }
    let output = args[2]
    // The modules the target's view models come from: with MemberImportVisibility their members need an import here.
    let imports = args.dropFirst(3).filter { $0.hasPrefix("--import=") }.map { String($0.dropFirst("--import=".count)) }
    let inputs = args.dropFirst(3).filter { !$0.hasPrefix("--import=") }.sorted()
    let source: String
    switch args[0] {
    case "templates":
        var templates: [Template] = []
        var errors: [Diagnostic] = []
        for path in inputs {
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let fileName = String(path.split(separator: "/").last ?? "")
                let base = fileName.hasSuffix(".html") ? String(fileName.dropLast(5)) : fileName
                let tokens = try Lexer(file: path, source: text).tokenize()
                var parser = Parser(file: path, tokens: tokens)
                templates.append(try parser.parseTemplate(baseName: base))
            } catch let d as Diagnostic {
                errors.append(d)
            }
        }
        if !errors.isEmpty { throw MultipleErrors(errors: errors) }
        source = try SwiftEmitter(templates: templates, imports: imports).emit()
    case "migrations":
        // A directory argument is listed here, so a migration added since SwiftPM last planned is still picked up.
        var paths: Set<String> = []
        for input in inputs {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue {
                for name in try FileManager.default.contentsOfDirectory(atPath: input) where name.hasSuffix(".sql") {
                    paths.insert(input + "/" + name)
                }
            } else {
                paths.insert(input)
            }
        }
        let files = try paths.sorted().map { (path: $0, sql: try String(contentsOfFile: $0, encoding: .utf8)) }
        source = try MigrationsEmitter.emit(files: files)
    default:
        FileHandle.standardError.write(Data("Codegen: unknown mode '\(args[0])'\n".utf8))
        exit(2)
    }
    try source.write(toFile: output, atomically: true, encoding: .utf8)
}

struct MultipleErrors: Error {
    let errors: [Diagnostic]
}

do {
    try run(Array(CommandLine.arguments.dropFirst()))
} catch let d as Diagnostic {
    FileHandle.standardError.write(Data("\(d)\n".utf8))
    exit(1)
} catch let m as MultipleErrors {
    for d in m.errors { FileHandle.standardError.write(Data("\(d)\n".utf8)) }
    exit(1)
} catch {
    FileHandle.standardError.write(Data("Codegen: error: \(error)\n".utf8))
    exit(1)
}
