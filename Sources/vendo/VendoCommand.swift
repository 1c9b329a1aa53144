import ArgumentParser

@main
struct VendoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendo",
        abstract: "Vendo, the self-hosted sales-process server: lead → opportunity → quote → order → invoice.",
        subcommands: [ServeCommand.self, UserCommand.self, DemoCommand.self, MigrateCommand.self, BackupCommand.self, RestoreCommand.self,
                      MigrateDataCommand.self, ImportCommand.self, ExportCommand.self, IngestEmailCommand.self, PDFCommand.self, MailCommand.self,
                      ExportJournalCommand.self]
    )
}
