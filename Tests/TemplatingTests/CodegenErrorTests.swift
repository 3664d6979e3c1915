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

    /// Generates Swift for `templates`, then type-checks it with `model` and the runtime sources as one module.
    private func typeCheck(_ templates: [String: String], model: String) throws -> (dir: URL, result: CodegenTool.Result) {
        let (dir, output, gen) = try CodegenTool.generate(mode: "templates", files: templates)
        #expect(gen.status == 0, "\(gen.stderr)")
        let modelFile = dir.appending(path: "Model.swift")
        try model.write(to: modelFile, atomically: true, encoding: .utf8)
        let runtimeDir = CodegenTool.packageRoot.appending(path: "Sources/Templating")
        let runtime = try FileManager.default.contentsOfDirectory(atPath: runtimeDir.path)
            .filter { $0.hasSuffix(".swift") }.sorted()
            .map { runtimeDir.appending(path: $0).path }
        // One module, so the generated `import Templating` is dropped.
        let generated = try String(contentsOf: output, encoding: .utf8).replacingOccurrences(of: "import Templating\n", with: "")
        try generated.write(to: output, atomically: true, encoding: .utf8)
        let result = try CodegenTool.run(CodegenTool.swiftc,
            ["-typecheck", "-swift-version", "6", "-module-name", "Check", output.path, modelFile.path] + runtime)
        return (dir, result)
    }

    private let pageModel = "struct Row { var name: String }\nstruct Page { var title: String; var rows: [Row]; var count: Int }\n"

    /// An unknown member fails the Swift type-check, and the error points at the template line.
    @Test func unknownNameFailsTypeCheckAtTemplateLine() throws {
        let (dir, result) = try typeCheck(
            ["bad.html": "{{! model: Page }}\n<h1>{{title}}</h1>\n{{#each rows}}\n<p>{{nmae}}</p>\n{{/each}}\n"], model: pageModel)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(dir.appending(path: "bad.html").path):4:"), "\(result.stderr)")
        #expect(result.stderr.contains("nmae"), "\(result.stderr)")
    }

    @Test func goodTemplateTypeChecks() throws {
        let (_, result) = try typeCheck(
            ["good.html": "{{! model: Page }}\n<h1>{{title}}</h1>\n{{#each rows}}\n<p>{{name}} {{../count}}</p>\n{{/each}}\n{{> row rows.first}}\n",
             "_row.html": "{{! model: Row? }}\n{{#with .}}{{name}}{{/with}}\n"], model: pageModel)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func conditionOnIntDoesNotCompile() throws {
        let (dir, result) = try typeCheck(["cond.html": "{{! model: Page }}\n{{#if count}}x{{/if}}\n"], model: pageModel)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(dir.appending(path: "cond.html").path):2:"), "\(result.stderr)")
    }

    @Test func partialModelTypeMustMatch() throws {
        let (dir, result) = try typeCheck(
            ["page.html": "{{! model: Page }}\n\n{{> row}}\n", "_row.html": "{{! model: Row }}\n{{name}}\n"], model: pageModel)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(dir.appending(path: "page.html").path):3:"), "\(result.stderr)")
    }

    @Test func trustedNeedsTrustedHTML() throws {
        let (dir, result) = try typeCheck(["t.html": "{{! model: Page }}\n{{trusted title}}\n"], model: pageModel)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(dir.appending(path: "t.html").path):2:"), "\(result.stderr)")
    }
}
