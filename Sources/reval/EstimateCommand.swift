import ArgumentParser
import Cohort
import Effects
import Foundation
import Evaluation
import Reports
import StatKit
import TableKit

extension MissingValuePolicy: ExpressibleByArgument {}

/// Estimator options shared by the generic and the cohort mode.
struct EstimatorArguments: ParsableArguments {
    @Option(help: "psm (nearest-neighbour propensity-score matching), ipw or aipw; cohort mode takes a comma-separated list (psm,ipw), estimated together on one propensity model per cell.")
    var method = "psm"
    @Option(help: "att or ate (generic mode; matching estimates the ATT only); now-vs-waiting (default) or now-vs-never (cohort mode, dynamic design; a comma-separated list estimates both).")
    var estimand: String?

    /// The methods named, in the order given (each once).
    var methods: [EstimationMethod] {
        get throws {
            try Self.distinct(ListParsing.items(method, option: "method"), option: "method").map { name in
                guard let m = EstimationMethod(rawValue: name) else {
                    throw CommandFailure(message: "--method: unknown method '\(name)' (use \(EstimationMethod.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return m
            }
        }
    }

    /// The estimands named, in the order given (each once); nil when none was given.
    var estimands: [String]? {
        get throws { try estimand.map { try Self.distinct(ListParsing.items($0, option: "estimand"), option: "estimand") } }
    }

    /// The first estimand given, as generic mode reads it (it takes one).
    var effectEstimand: Estimand { Estimand(rawValue: (try? estimands)??.first ?? "att") ?? .att }

    static func distinct(_ items: [String], option: String) throws -> [String] {
        var seen = Set<String>()
        for i in items where !seen.insert(i).inserted { throw CommandFailure(message: "--\(option): '\(i)' is given twice") }
        return items
    }

    func validate() throws {
        _ = try methods
        for e in try estimands ?? [] where Estimand(rawValue: e) == nil && DynamicEstimand(rawValue: e) == nil {
            throw ValidationError("--estimand must be att, ate, now-vs-waiting or now-vs-never (value '\(e)')")
        }
        try checkingOptions {
            try InvalidSetting.check(bootstrap, "bootstrap", in: InvalidSetting.bootstrapReplicates)
            for m in try methods { try options(method: m).validate() }
        }
    }
    @Option(parsing: .unconditional, help: "Controls per treated unit (matching).")
    var ratio = 1
    @Option(parsing: .unconditional, help: "Caliper in standard deviations of the matching distance (e.g. 0.2).")
    var caliper: Double?
    @Flag(help: "Match with replacement.")
    var replace = false
    @Flag(help: "Match on the logit of the propensity score (default: the score, as MatchIt).")
    var logit = false
    @Flag(help: "Break ties by row order, as MatchIt does (default: by the units' values, so row order does not matter).")
    var tiesByRowOrder = false
    @Flag(help: "Reproduce MatchIt 4.5.1's nearest-neighbour matches, including its integer-abs() distance comparison (for side-by-side checks).")
    var matchitCompatible = false
    @Option(parsing: .unconditional, help: "Weighting: drop units with a propensity score outside [t, 1 − t] (0 ≤ t < 0.5).")
    var trim = 0.0
    @Option(parsing: .unconditional, help: "Bootstrap replicates over persons for the standard error (0 for none).")
    var bootstrap = 0
    @Option(parsing: .unconditional, help: "Seed for the bootstrap (0 to 18446744073709551615); nothing else depends on it.")
    var seed: UInt64 = 1

    /// The estimator options for one method (generic mode: the only one given).
    func options(method: EstimationMethod) -> EstimatorOptions {
        var o = EstimatorOptions()
        o.method = method
        o.estimand = effectEstimand
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

extension EvaluationDesign: ExpressibleByArgument {}

struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate treatment effects by propensity-score matching, IPW or AIPW.",
        discussion: """
        Cohort mode (a cohort file from reval link): --cohort F --instrument matching --design dynamic --horizon 24,96 \
        --by education,age,work_history,sex,provider [--covariates district,migration] [--out effects.csv]. Writes an effect table that reval apply reads.
        Generic mode on any person table: --data F --treatment COL --outcome COL --covariates A,B,C. \
        String covariates become dummies (first sorted level as reference), as in R.
        """
    )

    @Option(help: "Cohort file written by reval link (cohort mode).")
    var cohort: String?
    @Option(help: "Instrument to evaluate (cohort mode), e.g. matching or schooling; a comma-separated list estimates several together.")
    var instrument: String?
    @Option(help: "dynamic (Sianesi; default) or static (cohort mode).")
    var design: EvaluationDesign = .dynamic
    @Option(parsing: .unconditional, help: "Horizons in months, comma-separated, each 1 to 600 (cohort mode).")
    var horizon = "24,96"
    @Option(help: "Outcomes, comma-separated: out_of_benefit, months_out_of_benefit, out_to_work, durably_out_of_benefit (6 months in a row), reentry_within_12_months (cohort mode).")
    var outcomes = "out_of_benefit,months_out_of_benefit"
    @Option(help: "Subgroup dimensions, comma-separated: education, age, work_history, sex, provider (cohort mode; a provider's participants in the instrument, by the provider of their first trajectory of it, against every control).")
    var by: String?
    @Option(parsing: .unconditional, help: "Static design: treated when the instrument started within this many months of inflow.")
    var window = 12
    @Option(parsing: .unconditional, help: "Dynamic design: latest elapsed month of treatment considered.")
    var maxTau = 36
    @Flag(inversion: .prefixedNo, help: "Dynamic matching: correct each match for the covariate differences left within it by a linear outcome model of the controls (Abadie-Imbens 2011; cohort mode).")
    var biasAdjustment = true
    @Option(parsing: .unconditional, help: "Dynamic design: use the full pool of controls up to this many control rows, and above it thin them by a hash of each record's content (keeping at each tau the share that gives about --min-controls-per-treated per treated person, if that is more than the budget's share); 'all' for the full pool always.")
    var maxControlRows = "1000000"
    @Option(parsing: .unconditional, help: "Dynamic design, when the controls are thinned (--max-control-rows): keep at each tau at least the share of its controls that gives this many control rows per treated person (about that many: rows are kept by a draw from their content), 1 to 1000. The truth checks used 5 (the default) and 10.")
    var minControlsPerTreated = 5

    var controlRowBudget: Int? {
        get throws {
            if maxControlRows == "all" { return nil }
            guard let n = Int(maxControlRows), n >= 1 else { throw ValidationError("--max-control-rows: must be a whole number of at least 1, or 'all' (value '\(maxControlRows)')") }
            return n
        }
    }
    @Option(parsing: .unconditional, help: "Cells with fewer treated or controls are reported as too small (cohort mode).")
    var minimumCell = 20
    @Option(help: "Write the estimates as CSV here: the effect table (DESIGN section 5) that reval apply reads (cohort mode), or the estimate's row (generic mode).")
    var out: String?
    @Option(help: "Write the balance tables here (CSV, cobalt's conventions): every estimated cell's in cohort mode, the estimate's in generic mode.")
    var balance: String?

    @Option(help: "CSV with one row per person (generic mode).")
    var data: String?
    @Option(help: "0/1 treatment column (generic mode).")
    var treatment: String?
    @Option(help: "Outcome column (generic mode).")
    var outcome: String?
    @Option(help: "Generic mode: comma-separated covariates for the propensity (and AIPW outcome) model. Cohort mode: further covariates, columns of the benefits export that reval link --covariates carried (numbers as numbers, other values as dummies against the most frequent level).")
    var covariates: String?
    @Option(help: "Rows with a missing value (empty, NA, n/a, NaN) in a used column: drop (counted in the output) or fail (generic mode).")
    var missing: MissingValuePolicy = .drop
    @OptionGroup var estimator: EstimatorArguments
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if (cohort == nil) == (data == nil) { throw ValidationError("give either --cohort (cohort mode) or --data (generic mode)") }
        _ = try controlRowBudget
        // Checked here for both modes (generic mode ignores it), as --max-control-rows is.
        try checkingOptions { try InvalidSetting.check(minControlsPerTreated, "min_controls_per_treated", in: CohortEstimationOptions.controlsPerTreatedRange) }
        if cohort != nil {
            guard let instrument else { throw ValidationError("cohort mode needs --instrument") }
            for (name, value) in [("treatment", treatment), ("outcome", outcome)] where value != nil {
                throw ValidationError("--\(name) is for generic mode (--data); cohort mode takes --instrument")
            }
            for name in try EstimatorArguments.distinct(ListParsing.items(instrument, option: "instrument"), option: "instrument") {
                guard Instrument.parse(name) != nil || Instrument(rawValue: name) != nil else {
                    throw ValidationError("--instrument: '\(name)' is neither a built-in instrument (\(Instrument.acceptedList)) nor an instrument id (lower-case letters, digits and _)")
                }
            }
            _ = try variants(instruments: [.matching])
        } else {
            if treatment == nil || outcome == nil || covariates == nil {
                throw ValidationError("generic mode needs --treatment, --outcome and --covariates")
            }
            if try estimator.methods.count > 1 { throw ValidationError("--method: generic mode estimates one method at a time (value '\(estimator.method)')") }
            if let e = try estimator.estimands {
                if e.count > 1 { throw ValidationError("--estimand: generic mode estimates one estimand at a time (value '\(estimator.estimand!)')") }
                if DynamicEstimand(rawValue: e[0]) != nil { throw ValidationError("--estimand \(e[0]) is for cohort mode; generic mode takes att or ate") }
            }
            _ = try ListParsing.items(covariates!, option: "covariates")
        }
    }

    /// The cohort-mode variants to estimate together — instruments × methods × estimands, in
    /// that order — every value checked by the library (`CohortEstimationOptions.validate`).
    private func variants(instruments: [Instrument]) throws -> [CohortEstimationOptions] {
        let estimands: [String?] = try estimator.estimands ?? [nil]
        return try instruments.flatMap { inst in try estimator.methods.flatMap { m in try estimands.map { e in
            try cohortOptions(instrument: inst, method: m, estimand: e)
        } } }
    }

    /// The cohort-mode options for one instrument, method and estimand.
    private func cohortOptions(instrument inst: Instrument, method: EstimationMethod, estimand given: String?) throws -> CohortEstimationOptions {
        var o = CohortEstimationOptions(instrument: inst)
        o.design = design
        o.estimator = estimator.options(method: method)
        if let given {
            switch (design, DynamicEstimand(rawValue: given)) {
            case (.dynamic, nil): throw CommandFailure(message: "--estimand: the dynamic design estimates now-vs-waiting or now-vs-never (value '\(given)')")
            case (.static, .some): throw CommandFailure(message: "--estimand: the static design estimates att or ate (value '\(given)')")
            case (.dynamic, .some(let d)): o.dynamicEstimand = d
            case (.static, nil): o.estimator.estimand = Estimand(rawValue: given) ?? .att
            }
        }
        o.horizons = try ListParsing.integers(horizon, option: "horizon")
        o.outcomes = try ListParsing.items(outcomes, option: "outcomes").map { name in
            guard let v = CohortOutcome(rawValue: name) else {
                throw CommandFailure(message: "--outcomes: unknown outcome '\(name)' (use \(CohortOutcome.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return v
        }
        o.dimensions = try (by.map { try ListParsing.items($0, option: "by") } ?? []).map { d in
            guard let v = SubgroupDimension(rawValue: d) else {
                throw CommandFailure(message: "--by: unknown dimension '\(d)' (use \(SubgroupDimension.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return v
        }
        o.covariates = try covariates.map { try ListParsing.items($0, option: "covariates") } ?? []
        o.window = window
        o.maxTau = maxTau
        o.biasAdjustment = biasAdjustment
        o.minimumCell = minimumCell
        o.seed = estimator.seed
        o.controlRowBudget = try controlRowBudget
        o.minimumControlsPerTreated = minControlsPerTreated
        o.bootstrap = estimator.bootstrap
        try checkingOptions { try o.validate() }
        return o
    }

    func run() throws {
        if let cohort { try runCohort(cohort) } else { try runGeneric() }
    }

    private func runCohort(_ path: String) throws {
        let source = EvaluationPlan.Source.cohort(path)
        try OutputPaths.checkDistinct(inputs: source.inputs, outputs: [out.map { .init("--out", $0) }, balance.map { .init("--balance", $0) }].compactMap { $0 })
        var persons = try output.progress("estimate").cohort(path)
        let instruments = try ListParsing.items(instrument!, option: "instrument").map { try CohortFile.instrument(named: $0, in: persons, option: "--instrument") }
        let reports: [CohortEffectReport]
        do {
            let progress = output.progress("estimate")
            defer { progress.finish() }
            let variants = try variants(instruments: instruments)
            reports = try checkingOptions {
                // Handed over, not shared: the estimate then sorts this one array of persons in place.
                var cohort = [CohortPerson]()
                swap(&cohort, &persons)
                return try Evaluation.estimate(consume cohort, variants: variants, instrumentOption: "--instrument") { progress.update(message: $0) }
            }
        } catch let e as EstimationError { throw CommandFailure(message: "\(path): \(e.description)") }
        if let out { try OutputFile.write(EffectTableWriter.csv(reports), to: out) }
        if let balance { try OutputFile.write(BalanceCSV.csv(reports), to: balance) }
        try output.emit(json: { try EstimateSummary.json(reports) }, text: { EstimateSummary.text(reports) }, markdown: { EstimateSummary.markdown(reports) })
    }

    private func runGeneric() throws {
        let data = data!, treatment = treatment!, outcome = outcome!
        if estimator.matchitCompatible && (estimator.replace || estimator.ratio != 1 || estimator.caliper != nil || estimator.logit) {
            throw CommandFailure(message: "--matchit-compatible reproduces MatchIt 4.5.1's default 1:1 nearest-neighbour matching without replacement on the score; with --replace, --ratio, --caliper or --logit MatchIt matches differently, so the combination is refused")
        }
        if let balance { try OutputPaths.checkDistinct(inputs: [.init("--data", data)], outputs: [.init("--balance", balance)]) }
        let covs = try ListParsing.items(covariates!, option: "covariates")
        if let out { try OutputPaths.checkDistinct(inputs: [.init("--data", data)], outputs: [.init("--out", out)]) }
        let table = try output.progress("estimate").reading(data) { try DataTable.read(path: data, columns: [treatment, outcome] + covs, missing: missing, progress: $0) }
        let sample = try TreatmentSample(table: table, treatment: treatment, outcome: outcome, covariates: covs)
        let result: TreatmentEffectEstimate
        do {
            let progress = output.progress("bootstrap")
            defer { progress.finish() }
            result = try TreatmentEffectEstimator.estimate(sample, options: estimator.options(method: try estimator.methods[0]),
                                                           bootstrapReplicates: estimator.bootstrap, seed: estimator.seed) {
                progress.update(done: $0, of: estimator.bootstrap, "replicates")
            }
        } catch let e as EstimationError {
            throw CommandFailure(message: "\(data): \(e.description)")
        }
        // The rows left out for a missing value are a count too, under the same disclosure control.
        let dropped = table.rowsDroppedMissing
        if let balance { try OutputFile.write(BalanceCSV.csv(result.balance), to: balance) }
        let disclosed = DisclosurePlan.disclose(DisclosureControl()) { $0.estimate(result); $0.count("rows_dropped_missing", dropped) }
        for w in result.warnings { FileHandle.standardError.write(Data("reval: warning: \(disclosed.text(w))\n".utf8)) }
        if let out { try OutputFile.write(EstimateSummary.csv(result, treatment: treatment, outcome: outcome, rowsDroppedMissing: dropped), to: out) }
        let droppedNote = WithDroppedRows<Int>.note(shown: disclosed.count("rows_dropped_missing"))
        try output.emit(json: { try disclosed.json(WithDroppedRows(result, rowsDroppedMissing: dropped), notes: ["notes"]) },
                        text: { EstimateSummary.text(result, treatment: treatment, outcome: outcome) + droppedNote },
                        markdown: { EstimateSummary.markdown(result, treatment: treatment, outcome: outcome) + "\n" + droppedNote })
    }
}
