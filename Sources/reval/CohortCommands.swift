import ArgumentParser
import Cohort
import CohortSimulation
import Evaluation
import Foundation
import Reports
import TableKit

extension ErrorPolicy: ExpressibleByArgument {}

/// Dates given on the command line, in any of the accepted forms.
func parseDate(_ text: String, option: String) throws -> CivilDate {
    guard let d = CivilDate.parse(text) else {
        throw CommandFailure(message: "--\(option): '\(text)' is not a valid date (use YYYY-MM-DD or DD-MM-YYYY)")
    }
    return d
}

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a synthetic inflow (benefits.csv, trajectories.csv) with its true instrument effects (truth.json).",
        discussion: "Writes over an earlier simulation in the folder (one with its truth.json), never over an export: a benefits.csv or trajectories.csv without truth.json beside it is refused."
    )

    @Option(help: "leiden (004's published marginals, 2010-2012) or national (2003-2004 with 10 years of follow-up).")
    var preset: String
    @Option(parsing: .unconditional, help: "Number of persons, 1 to 10,000,000 (default: the preset's inflow, 2,850 for leiden, 1,000,000 for national).")
    var persons: Int?
    @Option(parsing: .unconditional, help: "Seed (0 to 18446744073709551615): the same seed gives byte-identical files.")
    var seed: UInt64
    @Option(help: "Output folder.")
    var out: String
    @Flag(help: "Add a district column to benefits.csv that confounds: it shifts both the exit and the trajectory odds (the true effects stay as they are), so an estimate is biased unless it names the column (link and estimate --covariates district).")
    var district = false
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        guard SimulationPreset.named(preset) != nil else { throw ValidationError("--preset: unknown preset '\(preset)' (use leiden or national)") }
        if let persons, !(1...10_000_000).contains(persons) {
            throw ValidationError("--persons: must be a whole number from 1 to 10000000 (value '\(persons)')")
        }
        if out.isEmpty { throw ValidationError("--out: give an output folder") }
    }

    func run() throws {
        // An export in the folder is never written over; an earlier simulation (with its truth.json) is.
        let dir = URL(fileURLWithPath: out)
        if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("truth.json").path),
           let export = ["benefits.csv", "trajectories.csv"].map({ dir.appendingPathComponent($0).path }).first(where: FileManager.default.fileExists) {
            throw CommandFailure(message: "\(export): already exists and is not an earlier simulation (no truth.json beside it); simulate never writes over an export: choose another folder")
        }
        var p = SimulationPreset.named(preset)!
        if district { p.districtConfounding = .standard }
        let n = persons ?? p.defaultPersons
        let progress = progressOptions.progress("simulate")
        let output = Simulator.run(preset: p, persons: n, seed: seed) { progress.update(done: $0, of: n, "persons") }
        progress.finish()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try OutputFile.write(output.benefitsCSV, to: dir.appendingPathComponent("benefits.csv").path)
        try OutputFile.write(output.trajectoriesCSV, to: dir.appendingPathComponent("trajectories.csv").path)
        try OutputFile.write(try JSONOutput.encode(output.truth), to: dir.appendingPathComponent("truth.json").path)
        print("wrote \(out)/benefits.csv, trajectories.csv and truth.json (\(n) persons, preset \(preset), seed \(seed), extraction date \(p.extractionDate))")
    }
}

struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link benefit spells with trajectories into an inflow cohort (cohort.csv) and write a linkage report."
    )

    @Option(help: "Benefits export: one row per benefit spell.")
    var benefits: String
    @Option(help: "Re-integration export: one row per instrument a person received.")
    var trajectories: String
    @Option(help: "First inflow date of the cohort (default: the earliest spell start).")
    var cohortStart: String?
    @Option(help: "Last inflow date of the cohort (default: the extraction date).")
    var cohortEnd: String?
    @Option(help: "Date the data were pulled (peildatum); spells and trajectories running then (no end, or an end after it) are censored.")
    var extractionDate: String?
    @Option(help: "fail: stop at the first bad row (exit 2); exclude: drop bad rows, and every person with one, and count them in the report.")
    var onError: ErrorPolicy = .fail
    @Option(help: "With --on-error exclude: fail (exit 2) when more than this share of either file's rows, or of the persons, would be excluded.")
    var maxExcluded: Double = LinkageOptions.defaultMaxExcluded
    @Option(help: "Spells of one person that follow within this many days are one spell (administrative splits).")
    var mergeGapDays: Int = LinkageOptions.defaultMergeGapDays
    @Option(help: "Codes file (TOML): the export's own spellings of instrument, education, sex, end_reason and household values.")
    var codes: String?
    @Option(help: "Further columns of the benefits export to carry into the cohort file as covariates at inflow, comma-separated (e.g. district,migration); estimate --covariates adds them to the propensity model.")
    var covariates: String?
    @Flag(help: "List every distinct value of every coded column with its count and mapping (to write a codes file), and stop.")
    var listCodes = false
    @Option(help: "Where to write the cohort file.")
    var out: String?
    @Option(help: "Where to write the linkage report as JSON (default: OUT with .linkage.json).")
    var report: String?
    @OptionGroup var output: OutputOptions

    var reportPath: String? { out.map { report ?? ($0.hasSuffix(".csv") ? String($0.dropLast(4)) : $0) + ".linkage.json" } }

    /// The exports and their linkage options, checked as a config's are (`EvaluationPlan.Source.validate`):
    /// cohort start ≤ cohort end ≤ extraction date, the exclusion limit a share, the merge gap 0 to 3650 days.
    func source(codes book: CodeBook) throws -> EvaluationPlan.Source {
        guard let extractionDate else { throw CommandFailure(message: "--extraction-date is required (the date the data were pulled)") }
        let extraction = try parseDate(extractionDate, option: "extraction-date")
        let start = try cohortStart.map { try parseDate($0, option: "cohort-start") }
        let end = try cohortEnd.map { try parseDate($0, option: "cohort-end") } ?? extraction
        let source = EvaluationPlan.Source.exports(benefits: benefits, trajectories: trajectories, linkage: LinkageOptions(
            cohortStart: start, cohortEnd: end, extractionDate: extraction, errorPolicy: onError, codes: book,
            maxExcluded: maxExcluded, mergeGapDays: mergeGapDays,
            covariates: try covariates.map { try ListParsing.items($0, option: "covariates") } ?? []))
        try checkingOptions(colon: false) { try source.validate() }
        return source
    }

    func validate() throws {
        if listCodes { return }
        guard let out, let reportPath else { throw ValidationError("--out is required (where to write the cohort file)") }
        try OutputPaths.checkDistinct(inputs: try source(codes: .builtIn).inputs + (codes.map { [.init("--codes", $0)] } ?? []),
                                      outputs: [.init("--out", out), .init("--report", reportPath)])
    }

    func run() throws {
        let book = try codes.map(CodesFile.read(path:)) ?? .builtIn
        if listCodes {
            let listing = CodeListingSummary(try CodeListing(benefits: benefits, trajectories: trajectories, codes: book))
            try output.emit(json: listing.json, text: listing.text, markdown: listing.markdown)
            return
        }
        let source = try source(codes: book)
        let out = out!
        let started = Date()
        let progress = output.progress("link")
        let (persons, report) = try Evaluation.link(source) {
            switch $0 {
            case .reading(let file, let p): progress.update(reading: file, p)
            case .linking(let done, let total): progress.update(done: done, of: total, "cohort persons built")
            }
        }
        progress.finish()
        try CohortFile.write(persons, to: out)
        let reportPath = reportPath!
        let summary = LinkageSummary(report!)
        try OutputFile.write(try summary.json(), to: reportPath)
        try output.emit(json: summary.json, text: { summary.text() + "  wrote \(out) and \(reportPath)\n" },
                        markdown: { summary.markdown() + "\nWrote \(out) and \(reportPath).\n" })
        progress.note("\(String(format: "%.2f", Date().timeIntervalSince(started))) s, peak memory \(MemoryUsage.peakMegabytes) MB")
    }
}

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Outflow, instrument use and trajectory rates of a linked cohort (004 fig. 2.4, table 3.1, figs 3.2-3.5)."
    )

    @Option(help: "Cohort file written by reval link.")
    var cohort: String
    @Option(help: "Only persons with inflow on or after this date (004 fig. 2.4: 2011-10-01).")
    var inflowFrom: String?
    @Option(help: "Only persons with inflow on or before this date (004 fig. 2.4: 2012-12-31).")
    var inflowTo: String?
    @Option(help: "Instrument use by group along these dimensions, comma-separated: age, sex, household, education, work_history, provider.")
    var by: String?
    @Flag(help: "Describe the client stock on --date instead: age groups and benefit-duration classes (000 §3).")
    var stock = false
    @Option(help: "With --stock: the snapshot day (YYYY-MM-DD).")
    var date: String?
    @Option(help: "With --stock: also count the stock by this covariate of the cohort (a category column of the benefits export linked with `link --covariates`, e.g. a distance-to-work category), as recorded at inflow.")
    var category: String?
    @OptionGroup var output: OutputOptions

    /// The describe window of the plan (`describe_from`, `describe_to`), checked as a config's is.
    func window() throws -> (from: CivilDate?, to: CivilDate?) {
        let from = try inflowFrom.map { try parseDate($0, option: "inflow-from") }, to = try inflowTo.map { try parseDate($0, option: "inflow-to") }
        try checkingOptions(["describe_from": "inflow-from", "describe_to": "inflow-to"]) {
            try EvaluationPlan.checkOrder(from, "describe_from", to, "describe_to")
        }
        return (from, to)
    }

    func validate() throws { _ = try window() }

    func run() throws {
        if stock { return try StockDescribe.run(cohort: cohort, date: date, category: category, output: output) }
        if category != nil { throw CommandFailure(message: "--category needs --stock (it counts the client stock on --date by a category)") }
        let names = try by.map { try ListParsing.items($0, option: "by") } ?? []
        let dimensions = try names.map { d in
            guard let v = CohortDimension(rawValue: d) else {
                throw CommandFailure(message: "--by: unknown dimension '\(d)' (use \(CohortDimension.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return v
        }
        if let twice = names.enumerated().first(where: { k, d in names[..<k].contains(d) }) {
            throw CommandFailure(message: "--by: '\(twice.element)' given twice")
        }
        let persons = try output.progress("describe").cohort(cohort)
        let w = try window()
        let d = try Evaluation.describe(persons, from: w.from, to: w.to, by: dimensions)
        let summary = DescriptionSummary(d)
        try output.emit(json: summary.json, text: summary.text, markdown: summary.markdown)
    }
}
