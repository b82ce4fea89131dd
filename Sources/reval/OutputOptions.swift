import ArgumentParser
import Reports

extension OutputFormat: ExpressibleByArgument {}

/// Options shared by every command.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json or md.")
    var format: OutputFormat = .text
}
