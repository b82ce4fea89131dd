import ArgumentParser
import Effects
import Foundation
import Reports
import StatKit
import TableKit

extension EstimationMethod: ExpressibleByArgument {}
extension Estimand: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

/// Estimator options shared by the generic and the cohort mode.
struct EstimatorArguments: ParsableArguments {
    @Option(help: "psm (nearest-neighbour propensity-score matching), ipw or aipw.")
    var method: EstimationMethod = .psm
    @Option(help: "att (effect on the treated) or ate (matching estimates the ATT only).")
    var estimand: Estimand = .att
    @Option(help: "Controls per treated unit (matching).")
    var ratio = 1
    @Option(help: "Caliper in standard deviations of the matching distance (e.g. 0.2).")
    var caliper: Double?
    @Flag(help: "Match with replacement.")
    var replace = false
    @Flag(help: "Match on the logit of the propensity score (default: the score, as MatchIt).")
    var logit = false
    @Flag(help: "Break ties by row order, as MatchIt does (default: by the units' values, so row order does not matter).")
    var tiesByRowOrder = false
    @Flag(help: "Reproduce MatchIt 4.5.1's nearest-neighbour matches, including its integer-abs() distance comparison (for side-by-side checks).")
    var matchitCompatible = false
    @Option(help: "Weighting: drop units with a propensity score outside [t, 1 − t].")
    var trim = 0.0
    @Option(help: "Bootstrap replicates over persons for the standard error (0 for none).")
    var bootstrap = 0
    @Option(help: "Seed for the bootstrap.")
    var seed: UInt64 = 1

    var options: EstimatorOptions {
        var o = EstimatorOptions()
        o.method = method
        o.estimand = estimand
        o.ratio = ratio
        o.caliper = caliper
        o.replace = replace
        o.matchOnLogit = logit
        o.tiesByRowOrder = tiesByRowOrder
        o.trim = trim
        o.matchItCompatible = matchitCompatible
        return o
    }
}

struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate a treatment effect by propensity-score matching, IPW or AIPW.",
        discussion: """
        Generic mode on any person table: --data F --treatment COL --outcome COL --covariates A,B,C. \
        String covariates become dummies (first sorted level as reference), as in R.
        """
    )

    @Option(help: "CSV with one row per person (generic mode).")
    var data: String
    @Option(help: "0/1 treatment column.")
    var treatment: String
    @Option(help: "Outcome column.")
    var outcome: String
    @Option(help: "Comma-separated covariates for the propensity (and AIPW outcome) model.")
    var covariates: String
    @OptionGroup var estimator: EstimatorArguments
    @OptionGroup var output: OutputOptions

    func run() throws {
        let covs = covariates.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let table = try DataTable.read(path: data, columns: [treatment, outcome] + covs)
        guard case .numeric(let t) = table[treatment]!, t.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw InputError(file: data, column: treatment, message: "treatment must be 0 or 1 in every row")
        }
        guard case .numeric(let y) = table[outcome]! else { throw InputError(file: data, column: outcome, message: "outcome must be numeric") }
        let design = try DesignMatrix(table: table, covariates: covs)
        let sample = TreatmentSample(treated: t.map { $0 == 1 }, outcome: y, design: design.matrix, covariateNames: design.columnNames)
        var result: TreatmentEffectEstimate
        do {
            result = try TreatmentEffectEstimator.estimate(sample, options: estimator.options)
            if estimator.bootstrap > 0 {
                let progress = Progress(total: estimator.bootstrap * 1000, label: "bootstrap")
                let b = TreatmentEffectEstimator.bootstrap(sample, options: estimator.options, replicates: estimator.bootstrap, seed: estimator.seed) {
                    progress.update($0 * 1000)
                }
                progress.finish()
                result = result.withStandardError(b.standardError, method: "bootstrap over persons, \(b.values.count) replicates (seed \(estimator.seed)), percentile interval" + (b.failedReplicates > 0 ? ", \(b.failedReplicates) failed" : ""),
                                                  interval: b.percentileInterval())
            }
        } catch let e as EstimationError {
            throw CommandFailure(message: "\(data): \(e.description)")
        }
        for w in result.warnings { FileHandle.standardError.write(Data("reval: warning: \(w)\n".utf8)) }
        switch output.format {
        case .json: print(try JSONOutput.encode(result), terminator: "")
        case .text, .md: print(EstimateSummary.text(result, treatment: treatment, outcome: outcome), terminator: "")
        }
    }
}
