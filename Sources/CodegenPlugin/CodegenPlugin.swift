import Foundation
import PackagePlugin

/// Runs Codegen for each target it is applied to:
/// `<target>/Templates/*.html` -> Templates.swift, and for `Core` `Migrations/*.sql` -> EmbeddedMigrations.swift.
@main
struct CodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "Codegen").url
        var commands: [Command] = []

        let templates = files(in: target.directoryURL.appending(path: "Templates"), ext: "html")
        if !templates.isEmpty {
            let output = context.pluginWorkDirectoryURL.appending(path: "Templates.swift")
            commands.append(.buildCommand(
                displayName: "Compiling \(templates.count) templates of \(target.name)",
                executable: tool,
                arguments: ["templates", "--output", output.path] + templates.map(\.path),
                inputFiles: templates,
                outputFiles: [output]))
        }

        if target.name == "Core" {
            let dir = context.package.directoryURL.appending(path: "Migrations")
            let migrations = files(in: dir, ext: "sql")
            if !migrations.isEmpty {
                let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
                // SwiftPM re-plans only when target directories change, not Migrations/: the directory is an
                // input too (its mtime changes when a file is added) and the tool lists it itself.
                commands.append(.buildCommand(
                    displayName: "Embedding \(migrations.count) migrations into \(target.name)",
                    executable: tool,
                    arguments: ["migrations", "--output", output.path, dir.path],
                    inputFiles: [dir] + migrations,
                    outputFiles: [output]))
            }
        }
        return commands
    }

    private func files(in dir: URL, ext: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { dir.appending(path: $0) }
    }
}
