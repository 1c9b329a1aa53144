import ArgumentParser

/// The measuring half of `scripts/bench`: each subcommand runs one part and prints its figures
/// as one JSON object on stdout, which the script gathers into the table and the report.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendo-bench",
        abstract: "Vendo's benchmark parts (run them through scripts/bench).",
        subcommands: [CyclesCommand.self, HTTPCyclesCommand.self, LeadsCSVCommand.self, SeedPipelineCommand.self, ProbeCommand.self,
                      DocumentsSetupCommand.self, RenderCommand.self, HelloCommand.self]
    )
}
