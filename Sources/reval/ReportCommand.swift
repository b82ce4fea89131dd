import ArgumentParser
import Foundation
import Evaluation
import Reports
import TableKit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the whole evaluation from a config file and write a reproducible report (Markdown, HTML, JSON, SVG).",
        discussion: "reval report --example renders the shipped synthetic Leiden example (Data/leiden-synthetic/evaluation.toml beside the reval executable), from any folder."
    )

    @Option(help: "Evaluation config (TOML); paths in it are relative to its folder.")
    var config: String?
    @Flag(help: "Render the shipped example: Data/leiden-synthetic/evaluation.toml.")
    var example = false
    @Flag(help: "Validate the config (every key, value and type, every input file there and readable, the output folder) without running.")
    var check = false
    @Option(help: "Output folder.")
    var out = "out/report"
    @Flag(help: "Also print report.html to report.pdf with headless Chromium (table of contents with the page of each section, page numbers, version and extraction date in the footer; needs chromium and pdftotext).")
    var pdf = false
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if (config == nil) == !example { throw ValidationError("give either --config FILE or --example") }
        if out.isEmpty { throw ValidationError("--out: give an output folder") }
    }

    /// The config given, or the shipped example found from the executable.
    func configPath() throws -> String {
        if let config { return config }
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        guard let path = ShippedExample.configPath(executable: executable) else {
            throw CommandFailure(message: "--example: the shipped example (\(ShippedExample.relativePaths.joined(separator: " or "))) is not in a folder above \(executable.path)")
        }
        return path
    }

    /// The plan of the config, read strictly, with every report file checked against its inputs.
    func checkedPlan(_ path: String) throws -> EvaluationPlan {
        let plan = try EvaluationPlan.read(configPath: path)
        try plan.checkOutputs((ReportWriter.fixedFiles + (pdf ? ["report.pdf"] : [])).map { OutputPaths.Named("--out \(out): \($0)", (out as NSString).appendingPathComponent($0)) })
        return plan
    }

    func run() throws {
        let path = try configPath()
        let plan = try checkedPlan(path)
        if check {
            print("\(path): configuration is valid; every input file is there")
            return
        }
        let progress = progressOptions.progress("report")
        let results = try Evaluation.run(plan) { progress.note($0) }
        let provenance = try Provenance.make(plan: plan, version: RevalVersion.string)
        let files = try ReportWriter.write(results: results, provenance: provenance, to: out, inputs: plan.inputs)
        var written = files.filter { !$0.hasPrefix("figures/") }
        if pdf {
            let dir = out as NSString
            let renderer = ReportRenderer(results: results, version: provenance.revalVersion)
            do { try PDFPrinter.print(renderer, to: dir.appendingPathComponent("report.pdf")) } catch {
                throw CommandFailure(message: "\(error)")
            }
            written.append("report.pdf")
        }
        print("wrote \(files.count + (pdf ? 1 : 0)) files to \(out): " + written.joined(separator: ", ") + " and figures/*.svg")
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter evaluation config (evaluation.toml) and codes file (codes.toml) into a folder.",
        discussion: "Refuses to overwrite either file. The config names the exports and the effect table as files in DIR, which init does not write: it lists them, and `reval report --config DIR/evaluation.toml --check` names the first one missing until they are there."
    )

    @Argument(help: "Folder to write into (created if absent).")
    var directory: String

    func validate() throws {
        if directory.isEmpty { throw ValidationError("give a folder") }
    }

    func run() throws {
        let files = [(StarterFiles.configName, StarterFiles.config), (StarterFiles.codesName, StarterFiles.codes)]
            .map { ((directory as NSString).appendingPathComponent($0.0), $0.1) }
        if let existing = files.first(where: { FileManager.default.fileExists(atPath: $0.0) }) {
            throw CommandFailure(message: "\(existing.0): already exists; reval init does not overwrite files (remove it or choose another folder)")
        }
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw CommandFailure(message: "\(directory): cannot create folder: \(error.localizedDescription)")
        }
        for (path, text) in files { try OutputFile.write(text, to: path) }
        // The inputs the starter config names that are not there: the exports and the effect table.
        let missing = try EvaluationConfig.read(path: files[0].0).missingInputs(baseDirectory: directory)
        var s = "wrote \(files.map(\.0).joined(separator: " and "))\n"
        if !missing.isEmpty {
            s += "before the first run, put these files there (or change their paths in [inputs] of \(files[0].0)):\n"
            s += missing.map { "  \($0.path): \($0.what)\n" }.joined()
        }
        print(s + "then check with: reval report --config \(files[0].0) --check")
    }
}
