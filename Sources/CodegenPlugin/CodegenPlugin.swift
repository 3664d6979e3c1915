import Foundation
import PackagePlugin

/// Runs Codegen for each target it is applied to:
/// `<target>/Templates/**/*.html` (a folder per area; names unique across folders) -> Templates.swift, and for `Core` `Migrations/*.sql` -> EmbeddedMigrations.swift.
@main
struct CodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "Codegen").url
        var commands: [Command] = []

        let templates = files(under: target.directoryURL.appending(path: "Templates"), ext: "html")
        if !templates.isEmpty {
            let output = context.pluginWorkDirectoryURL.appending(path: "Templates.swift")
            commands.append(.buildCommand(
                displayName: "Compiling \(templates.count) templates of \(target.name)",
                executable: tool,
                arguments: ["templates", "--output", output.path] + imports(of: target) + templates.map(\.path),
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

    private func files(under dir: URL, ext: String) -> [URL] {
        let paths = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
        return paths.filter { $0.hasSuffix("." + ext) }.sorted().map { dir.appending(path: $0) }
    }

    /// `--import=<Module>` for each Swift target the target depends on directly (its view models' modules).
    private func imports(of target: SourceModuleTarget) -> [String] {
        target.dependencies.compactMap { dependency in
            guard case .target(let t) = dependency, let swift = t as? SwiftSourceModuleTarget else { return nil }
            return "--import=" + swift.moduleName
        }
    }

    private func files(in dir: URL, ext: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { dir.appending(path: $0) }
    }
}
