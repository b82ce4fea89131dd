import ArgumentParser
import Foundation
import Published
import Reports

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every published figure in Data/published and compare it with the printed value.",
        discussion: "Exits 1 when a figure does not match within its printed precision and no audit finding explains it."
    )

    @Option(help: "The Data folder holding published/ and effects/.")
    var data = "Data"

    @Option(help: "Also check every citation against the seed documents in this folder (e.g. ../shared/seeds): each quote must stand in its cited section.")
    var seeds: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let published = try PublishedData(dataDirectory: data)
        let report = try published.verify()
        try output.emit(report, text: { report.text() }, markdown: { report.markdown() })
        var problems = [CitationProblem]()
        if let seeds {
            var sections = try SeedSections(path: (published.directory as NSString).appendingPathComponent("sections.csv"), seeds: seeds)
            problems = CitationCheck.run(data: published, sections: &sections)
            for p in problems { FileHandle.standardError.write(Data("reval: citation: \(p)\n".utf8)) }
            if output.format == .text { print("citations: \(problems.count) problems in \(published.figures.count) figures and their tables") }
        }
        if !report.passed || !problems.isEmpty { throw ExitCode(1) }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the sources' tables and running text for consistency (totals, products, stock–flow identities, repeated quantities, averages against subgroups) within their rounding.",
        discussion: """
        Each FILE is a relations file (with tables.csv beside it) or an effect table, whose yes/no findings are \
        checked against its estimates. Without FILE: Data/published/relations.csv and Data/effects/lammers-2013.csv. \
        Each finding names where both sides are printed, both numbers, the gap and whether rounding explains it. \
        Findings are results about the sources; the command exits 0 when it could check everything.
        """
    )

    @Argument(help: "Relations files or effect tables to audit.")
    var files: [String] = []

    @Flag(help: "Also list the relations that hold.")
    var all = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let targets = files.isEmpty ? ["Data/published/relations.csv", "Data/effects/lammers-2013.csv"] : files
        var results = [AuditResult]()
        for file in targets { results += try AuditTarget.results(for: file) }
        let report = AuditReport(results: results)
        try output.emit(report, text: { report.text(showConsistent: all) }, markdown: { report.markdown() })
    }
}
