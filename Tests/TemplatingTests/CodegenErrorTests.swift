import Foundation
import Testing

@Suite struct CodegenErrorTests {
    /// Codegen-level error: asserts failure and a `file:line: error:` diagnostic.
    private func expectError(_ template: String, line: Int, containing message: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (dir, _, result) = try CodegenTool.generate(mode: "templates", files: ["page.html": template])
        let path = dir.appending(path: "page.html").path
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.stderr.contains("\(path):\(line): error:"), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func unclosedSection() throws {
        try expectError("{{! model: M }}\n<ul>\n{{#each rows}}\n<li>{{.}}</li>\n</ul>\n", line: 3, containing: "unclosed section")
    }

    @Test func mismatchedSection() throws {
        try expectError("{{! model: M }}\n{{#if a}}\n{{/each}}\n", line: 3, containing: "mismatched")
    }

    @Test func tripleMustacheAndAmpersand() throws {
        try expectError("{{! model: M }}\n\n{{{raw}}}\n", line: 3, containing: "triple mustache")
        try expectError("{{! model: M }}\n{{& raw}}\n", line: 2, containing: "not supported")
    }

    @Test func missingModelDeclaration() throws {
        try expectError("<p>{{name}}</p>\n", line: 1, containing: "missing model declaration")
    }

    @Test func unknownPartialLayoutAndBlock() throws {
        try expectError("{{! model: M }}\n{{> nothing}}\n", line: 2, containing: "unknown partial 'nothing'")
        try expectError("{{! model: M }}\n{{< nolayout .}}{{/nolayout}}\n", line: 2, containing: "unknown layout 'nolayout'")
        let (dir, _, result) = try CodegenTool.generate(mode: "templates", files: [
            "layout.html": "{{! model: M }}\n{{$title}}t{{/title}}\n",
            "page.html": "{{! model: M }}\n{{< layout .}}\n{{$nope}}x{{/nope}}\n{{/layout}}\n",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(dir.appending(path: "page.html").path):3: error: unknown block 'nope'"), "\(result.stderr)")
    }

    @Test func parentAboveRoot() throws {
        try expectError("{{! model: M }}\n{{../name}}\n", line: 2, containing: "above the template's root")
    }

    /// An unknown member fails the Swift type-check, and the error points at the template line.
    @Test func unknownNameFailsTypeCheckAtTemplateLine() throws {
        let template = "{{! model: Page }}\n<h1>{{title}}</h1>\n{{#each rows}}\n<p>{{nmae}}</p>\n{{/each}}\n"
        let (dir, output, gen) = try CodegenTool.generate(mode: "templates", files: ["bad.html": template])
        #expect(gen.status == 0, "\(gen.stderr)")
        let model = dir.appending(path: "Model.swift")
        try "struct Row { var name: String }\nstruct Page { var title: String; var rows: [Row] }\n"
            .write(to: model, atomically: true, encoding: .utf8)
        // Compile generated code, model and runtime as one module; the generated `import Templating` then refers to itself.
        let runtime = try FileManager.default
            .contentsOfDirectory(atPath: CodegenTool.packageRoot.appending(path: "Sources/Templating").path)
            .filter { $0.hasSuffix(".swift") }
            .map { CodegenTool.packageRoot.appending(path: "Sources/Templating/\($0)").path }
        let generated = try String(contentsOf: output, encoding: .utf8).replacingOccurrences(of: "import Templating\n", with: "")
        try generated.write(to: output, atomically: true, encoding: .utf8)
        let result = try CodegenTool.run(CodegenTool.swiftc,
            ["-typecheck", "-swift-version", "6", "-module-name", "Check", output.path, model.path] + runtime)
        #expect(result.status != 0)
        let all = result.stderr + result.stdout
        #expect(all.contains("\(dir.appending(path: "bad.html").path):4:"), "\(all)")
        #expect(all.contains("nmae"), "\(all)")
    }

    @Test func goodTemplateTypeChecks() throws {
        let template = "{{! model: Page }}\n<h1>{{title}}</h1>\n{{#each rows}}\n<p>{{name}}</p>\n{{/each}}\n"
        let (dir, output, gen) = try CodegenTool.generate(mode: "templates", files: ["good.html": template])
        #expect(gen.status == 0, "\(gen.stderr)")
        let model = dir.appending(path: "Model.swift")
        try "struct Row { var name: String }\nstruct Page { var title: String; var rows: [Row] }\n"
            .write(to: model, atomically: true, encoding: .utf8)
        let runtime = try FileManager.default
            .contentsOfDirectory(atPath: CodegenTool.packageRoot.appending(path: "Sources/Templating").path)
            .filter { $0.hasSuffix(".swift") }
            .map { CodegenTool.packageRoot.appending(path: "Sources/Templating/\($0)").path }
        let generated = try String(contentsOf: output, encoding: .utf8).replacingOccurrences(of: "import Templating\n", with: "")
        try generated.write(to: output, atomically: true, encoding: .utf8)
        let result = try CodegenTool.run(CodegenTool.swiftc,
            ["-typecheck", "-swift-version", "6", "-module-name", "Check", output.path, model.path] + runtime)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func conditionOnIntDoesNotCompile() throws {
        let template = "{{! model: Page }}\n{{#if count}}x{{/if}}\n"
        let (dir, output, gen) = try CodegenTool.generate(mode: "templates", files: ["cond.html": template])
        #expect(gen.status == 0)
        let model = dir.appending(path: "Model.swift")
        try "struct Page { var count: Int }\n".write(to: model, atomically: true, encoding: .utf8)
        let runtime = try FileManager.default
            .contentsOfDirectory(atPath: CodegenTool.packageRoot.appending(path: "Sources/Templating").path)
            .filter { $0.hasSuffix(".swift") }
            .map { CodegenTool.packageRoot.appending(path: "Sources/Templating/\($0)").path }
        let generated = try String(contentsOf: output, encoding: .utf8).replacingOccurrences(of: "import Templating\n", with: "")
        try generated.write(to: output, atomically: true, encoding: .utf8)
        let result = try CodegenTool.run(CodegenTool.swiftc,
            ["-typecheck", "-swift-version", "6", "-module-name", "Check", output.path, model.path] + runtime)
        #expect(result.status != 0)
        #expect(result.stderr.contains("cond.html:2:"), "\(result.stderr)")
    }
}
