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
    /// An output without a Markdown layout of its own prints its text as a preformatted Markdown block.
    func emit<T: Encodable>(_ value: T, text: () -> String, markdown: (() -> String)? = nil) throws {
        switch format {
        case .json: print(try JSONOutput.encode(value), terminator: "")
        case .text: print(text(), terminator: "")
        case .md: print(markdown.map { $0() } ?? Self.preformatted(text()), terminator: "")
        }
    }

    /// As `emit`, for outputs whose JSON is rendered under disclosure control.
    func emit(json: () throws -> String, text: () -> String, markdown: (() -> String)? = nil) throws {
        switch format {
        case .json: print(try json(), terminator: "")
        case .text: print(text(), terminator: "")
        case .md: print(markdown.map { $0() } ?? Self.preformatted(text()), terminator: "")
        }
    }

    /// Text as a Markdown block that keeps its layout.
    static func preformatted(_ text: String) -> String { "```text\n" + text + (text.hasSuffix("\n") ? "" : "\n") + "```\n" }
}
