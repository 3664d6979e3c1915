import ArgumentParser

@main
struct Opora: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opora",
        abstract: "Опора — адресная поддержка школ с низкими образовательными результатами.",
        subcommands: [Serve.self, Migrate.self, Demo.self, UserCommand.self, Backup.self, Restore.self, Identify.self, ImportResults.self, ExportResults.self, SendDigests.self]
    )
}
