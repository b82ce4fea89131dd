import ArgumentParser
import Effects
import Evaluation
import Finance
import Foundation
import Reports

extension EffectApplication.Mode: ExpressibleByArgument {}

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply an effect table to participant counts: extra people out of benefit after 2 and 8 years, months and euros saved.",
        discussion: """
        Average mode (the audit's method, 004 appendix B): --counts schooling=102,matching=561.
        Composition mode: --mode composition --by education --cell-counts 'matching:low=300,high=261;schooling:low=80,high=22'. \
        From a linked cohort: --cohort cohort.csv (with --mode composition --by DIMENSION) counts the participants of each instrument of the table, and of its subgroups, in the cohort. \
        Cells the table leaves empty ('not_reported') fall back to the instrument's average and are listed; \
        'no_difference' cells count as 0.
        """
    )

    @Option(help: "Effect table CSV (format of DESIGN §5), e.g. Data/effects/lammers-2013.csv.")
    var effects: String

    @Option(help: "Cohort file written by reval link: count the participants of each instrument of the table in it (instead of --counts or --cell-counts).")
    var cohort: String?

    @Option(help: "Participants per instrument for average mode: instrument=count,…")
    var counts: String?

    @Option(help: "Average (one effect per instrument) or composition (subgroup effects weighted by the participants' composition).")
    var mode: EffectApplication.Mode = .average

    @Option(help: "Dimension for composition mode: education, age, work_history or sex (with --cohort also provider).")
    var by: String?

    @Option(help: "Participants per subgroup cell for composition mode: 'instrument:subgroup=count,…;instrument:…'.")
    var cellCounts: String?

    @Option(parsing: .unconditional, help: "Gross cost of one benefit month in euros (default: 004 §2.6, 2015).")
    var monthlyBenefit: Double = BenefitAmounts.grossMonth

    @Option(parsing: .unconditional, help: "Net benefit month in euros, shown beside the gross figure (default: 004 §2.6, 2015).")
    var netMonthlyBenefit: Double = BenefitAmounts.netMonth

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try financeResult {
            try FinanceError.checkAmount("--monthly-benefit", monthlyBenefit, positive: true)
            try FinanceError.checkAmount("--net-monthly-benefit", netMonthlyBenefit, positive: true)
        }
        if cohort != nil {
            if counts != nil || cellCounts != nil { throw ValidationError("--cohort counts the participants; leave out --counts and --cell-counts") }
            if mode == .composition {
                guard let by else { throw ValidationError("composition mode needs --by DIMENSION") }
                _ = try dimension(by)
            }
        } else {
            switch mode {
            case .average: if counts == nil { throw ValidationError("--counts is required in average mode, e.g. --counts schooling=102,matching=561") }
            case .composition:
                if by == nil || cellCounts == nil { throw ValidationError("composition mode needs --by DIMENSION and --cell-counts 'instrument:subgroup=count,…;…'") }
            }
        }
        if mode == .average && (by != nil || cellCounts != nil) { throw ValidationError("--by and --cell-counts are for --mode composition") }
    }

    /// A subgroup dimension of the cohort (`--by` with `--cohort`).
    private func dimension(_ name: String) throws -> SubgroupDimension {
        guard let d = SubgroupDimension(rawValue: name) else {
            throw ValidationError("--by: unknown dimension '\(name)' (use \(SubgroupDimension.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return d
    }

    /// The participants the flags give: counted in the cohort, or the counts given.
    private func participants(table: EffectTable) throws -> Participants {
        if let cohort {
            let persons = try output.progress("apply").cohort(cohort)
            return try Participants.counted(in: persons, cohortFile: cohort, instrumentsOf: table, by: mode == .composition ? try dimension(by!) : nil)
        }
        switch mode {
        case .average:
            return .perInstrument(try ListParsing.counts(counts!, option: "counts").map { ($0.0, $0.1) })
        case .composition:
            guard !cellCounts!.trimmingCharacters(in: .whitespaces).isEmpty else { throw CommandFailure(message: "--cell-counts: give at least one instrument:subgroup=count") }
            return .perCell(dimension: by!, try cellCounts!.split(separator: ";").map { part -> (instrument: String, counts: [(subgroup: String, count: Int)]) in
                let pieces = part.split(separator: ":", maxSplits: 1)
                guard pieces.count == 2 else { throw CommandFailure(message: "--cell-counts: '\(part)' is not instrument:subgroup=count,…") }
                let c = try ListParsing.counts(String(pieces[1]), option: "cell-counts").map { (subgroup: $0.0, count: $0.1) }
                return (pieces[0].trimmingCharacters(in: .whitespaces), c)
            })
        }
    }

    func run() throws {
        let table = try EffectTable.read(path: effects)
        let benefit = MonthlyBenefit(gross: monthlyBenefit, net: netMonthlyBenefit)
        let result: AppliedEffects
        do {
            result = try Evaluation.apply(table, to: try participants(table: table), monthlyBenefit: benefit)
        } catch let error as ApplicationError {
            throw CommandFailure(message: error.description)
        }
        try output.emit(result, text: { AppliedEffectsSummary.text(result) }, markdown: { AppliedEffectsSummary.markdown(result) })
    }
}
