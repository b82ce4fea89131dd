import ArgumentParser
import Foundation
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the whole evaluation from a config file and write a reproducible report (Markdown, HTML, JSON, SVG).",
        discussion: "reval report --example renders the shipped synthetic Leiden example (Data/leiden-synthetic/evaluation.toml)."
    )

    @Option(help: "Evaluation config (TOML); paths in it are relative to its folder.")
    var config: String?
    @Flag(help: "Render the shipped example: Data/leiden-synthetic/evaluation.toml.")
    var example = false
    @Option(help: "Output folder.")
    var out = "out/report"
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if (config == nil) == !example { throw ValidationError("give either --config FILE or --example") }
    }

    func run() throws {
        let path = config ?? "Data/leiden-synthetic/evaluation.toml"
        let cfg = try EvaluationConfig.read(path: path)
        let base = (path as NSString).deletingLastPathComponent
        let progress = progressOptions.progress("report")
        let results = try ReportBuilder.build(config: cfg, baseDirectory: base.isEmpty ? "." : base) { progress.note($0) }
        let provenance = try Provenance.make(config: cfg, configPath: path, baseDirectory: base.isEmpty ? "." : base, version: RevalVersion.string)
        let files = try ReportWriter.write(results: results, provenance: provenance, to: out)
        print("wrote \(files.count) files to \(out): " + files.filter { !$0.hasPrefix("figures/") }.joined(separator: ", ") + " and figures/*.svg")
    }
}
