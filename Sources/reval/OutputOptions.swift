import ArgumentParser
import Reports

extension OutputFormat: ExpressibleByArgument {}

/// Options shared by every command.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json or md.")
    var format: OutputFormat = .text
    @OptionGroup var progressOptions: ProgressOptions

    /// Progress of a stage on stderr, silent with `--quiet`.
    func progress(_ label: String) -> Progress { progressOptions.progress(label) }

    /// Prints `value` as JSON, or the text or Markdown rendering; the one place every command prints its result.
    /// Every output has a Markdown layout of its own: its tables as Markdown tables (`TextTable`).
    func emit<T: Encodable>(_ value: T, text: () -> String, markdown: () -> String) throws {
        try emit(json: { try JSONOutput.encode(value) }, text: text, markdown: markdown)
    }

    /// As `emit`, for outputs whose JSON is rendered under disclosure control.
    func emit(json: () throws -> String, text: () -> String, markdown: () -> String) throws {
        switch format {
        case .json: print(try json(), terminator: "")
        case .text: print(text(), terminator: "")
        case .md: print(markdown(), terminator: "")
        }
    }
}
