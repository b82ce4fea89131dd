import Cohort
import Foundation
import StatKit
import TableKit

/// Options of `reval estimate --cohort`.
public struct CohortEstimationOptions: Sendable {
    public var instrument: Instrument
    public var design: EvaluationDesign = .dynamic
    public var estimator = EstimatorOptions()
    public var horizons = [24, 96]
    public var outcomes: [CohortOutcome] = CohortOutcome.standard
    public var dimensions: [SubgroupDimension] = []
    /// Further covariates of the propensity model: columns of the benefits export that `reval
    /// link --covariates` carried into the cohort (`UserCovariateDesign` says how they enter).
    public var covariates: [String] = []
    /// Static design: treated when the instrument started within this many months of inflow.
    public var window = 12
    /// Dynamic design: latest elapsed month of treatment considered.
    public var maxTau = 36
    /// Cells with fewer treated or controls are reported as too small instead of estimated.
    public var minimumCell = 20
    /// Seed of the bootstrap; nothing else depends on it.
    public var seed: UInt64 = 1
    /// Dynamic design: the full pool of controls up to this many control rows; above it, the
    /// controls are thinned by their content (`PersonPeriodSample.build`). Nil: always the full pool.
    public var controlRowBudget: Int? = 1_000_000
    /// Dynamic design, above the budget: each τ keeps at least the share of its controls that
    /// gives this many control rows per treated person (in expectation: each row is kept by a
    /// draw from its content, and the share is of the whole sample's τ, not of a subgroup cell's).
    /// 5 rather than 10: at 1,000,000 persons the standard errors of matching were 4–5 % larger
    /// and the truth was covered as often (docs/estimation.md, "Control pool").
    public var minimumControlsPerTreated = 5
    /// The values `minimumControlsPerTreated` may take.
    public static let controlsPerTreatedRange = 1...1_000
    /// Dynamic design: what the controls stand for.
    public var dynamicEstimand: DynamicEstimand = .nowVsWaiting
    /// Bootstrap replicates over persons (0: analytic standard errors only).
    public var bootstrap = 0
    /// Dynamic matching: correct each match for the covariate differences left within it by a
    /// linear outcome model of the controls (Abadie & Imbens 2011).
    public var biasAdjustment = true
    /// Dynamic matching: the effect on being out of benefit every 3 months up to the longest
    /// horizon, for the whole cohort, from one match (`EffectPath`).
    public var effectPath = true
    /// Dynamic matching: the headline figure under other matching choices (`SensitivityRow`).
    public var sensitivity = true

    public init(instrument: Instrument) { self.instrument = instrument }

    /// Rejects combinations that would estimate something other than what the output names,
    /// and (`validateSettings`) every value out of range.
    public func validate() throws {
        if design == .dynamic && estimator.estimand == .ate {
            throw EstimationError.unsupported("the dynamic design estimates effects on the treated (now-vs-waiting or now-vs-never); the ATE is available with --design static")
        }
        if design == .static && dynamicEstimand == .nowVsNever {
            throw EstimationError.unsupported("now-vs-never needs the dynamic design (--design dynamic)")
        }
        if estimator.method == .psm && estimator.estimand == .ate {
            throw EstimationError.unsupported("matching estimates the ATT only; use --method ipw or aipw for the ATE")
        }
        if dynamicEstimand == .nowVsNever && estimator.method == .aipw {
            throw EstimationError.unsupported("AIPW with censoring weights (now vs never) is not available; use psm or ipw")
        }
        if design == .dynamic && estimator.matchItCompatible {
            throw EstimationError.unsupported("--matchit-compatible reproduces MatchIt's 1:1 matching of one table (generic mode); the dynamic design matches within each tau with replacement, which MatchIt does not do")
        }
        try validateSettings()
    }

    /// Whether the estimate matches within τ (the dynamic design's matching), which sorts the cell on the distance.
    var matchesDynamically: Bool { design == .dynamic && estimator.method == .psm }

    /// The estimand's short name, as effect tables' `estimand` column and `truth.json` spell it.
    public var estimandID: String {
        switch design {
        case .dynamic: return dynamicEstimand.rawValue
        case .static: return "static-\(estimator.estimand.rawValue)"
        }
    }

    /// The estimand every output names, in words.
    public var estimandName: String {
        switch (design, dynamicEstimand) {
        case (.dynamic, .nowVsWaiting):
            return "now-vs-waiting (ATT: controls not yet treated at tau, possibly treated later; Sianesi 2004)"
        case (.dynamic, .nowVsNever):
            return "now-vs-never (ATT: controls censored when they start a trajectory before tau + horizon, reweighted by the inverse probability of staying untreated)"
        case (.static, _):
            return "\(estimator.estimand.rawValue.uppercased()), static: treated within \(window) months of inflow vs no trajectory within \(window) months"
        }
    }
}


/// Estimates instrument effects on a linked cohort by design, subgroup, outcome and horizon.
///
/// One person-period sample per instrument (`PersonPeriodSample`) and one design matrix serve
/// every cell; one propensity model per subgroup cell serves every outcome and horizon (each
/// uses the rows whose outcome it can observe). Cells are independent and run on all cores;
/// their results are put together in a fixed order, so a parallel run equals a serial one.
public enum CohortEffectEstimator {
    /// The estimate is a function of the persons' content: they are put in `CanonicalOrder`
    /// first, so the cohort file's row order and the ids it was linked from do not matter, and
    /// the seed drives the bootstrap only.
    public static func estimate(_ cohort: [CohortPerson], options o: CohortEstimationOptions,
                                progress: (@Sendable (String) -> Void)? = nil) throws -> CohortEffectReport {
        try estimate(cohort, variants: [o], progress: progress)[0]
    }

    /// Several estimates of one cohort at once — instruments × estimators × estimands — sharing
    /// what they can: the canonical order, per instrument the person-period sample, its design
    /// and outcomes, and per subgroup cell the propensity model (it depends on neither the
    /// estimator nor the estimand). The variants must agree on everything else. Reports come
    /// back in the order of `variants`.
    ///
    /// The cohort is `consuming`: a caller that hands over its only copy lets the canonical order
    /// sort it in place (`CanonicalOrder.sorted`).
    public static func estimate(_ cohort: consuming [CohortPerson], variants: [CohortEstimationOptions],
                                progress: (@Sendable (String) -> Void)? = nil) throws -> [CohortEffectReport] {
        guard let first = variants.first else { return [] }
        for v in variants {
            try v.validate()
            guard v.design == first.design, v.horizons == first.horizons, v.outcomes == first.outcomes, v.dimensions == first.dimensions,
                  v.window == first.window, v.maxTau == first.maxTau, v.minimumCell == first.minimumCell,
                  v.controlRowBudget == first.controlRowBudget, v.minimumControlsPerTreated == first.minimumControlsPerTreated,
                  v.covariates == first.covariates else {
                throw EstimationError.unsupported("estimates run together must share the design, horizons, outcomes, subgroups, covariates, window, maximum tau, minimum cell and control budget and floor")
            }
        }
        let (persons, hashes) = CanonicalOrder.sorted(consume cohort, covariates: first.covariates)
        let user = try UserCovariateDesign(persons: persons, names: first.covariates, minimumLevel: first.minimumCell)
        let needsHazard = variants.contains { $0.design == .dynamic && $0.dynamicEstimand == .nowVsNever }
        var reports = [CohortEffectReport?](repeating: nil, count: variants.count)
        var instruments = [Instrument]()
        for v in variants where !instruments.contains(v.instrument) { instruments.append(v.instrument) }
        let variantsOf = instruments.map { instrument in variants.indices.filter { variants[$0].instrument == instrument } }
        @Sendable func rows(_ n: Int) -> PersonPeriodSample { SharedSample.rows(persons: persons, hashes: hashes, options: variants[variantsOf[n][0]]) }
        // The hazard fit, and the follow-up distribution with the first instrument's rows: passes
        // over every person, independent of each other, side by side (the hazard serves only the
        // censoring weights, computed with the rest of the instrument's sample below).
        let (fittedHazard, (followUp, firstRows)) = ParallelMap.pair({ needsHazard ? Result { try TreatmentHazard(persons: persons, user: user) } : nil },
                                                                     { (FollowUpDistribution(persons: persons), rows(0)) })
        let hazard = try fittedHazard?.get()
        @Sendable func sharedSample(_ n: Int, rows: PersonPeriodSample) -> Result<SharedSample, Error> {
            Result { try SharedSample(persons: persons, sample: rows, options: variants[variantsOf[n][0]], user: user, hazard: hazard, followUp: followUp) }
        }
        var ahead = sharedSample(0, rows: firstRows)
        for (n, instrument) in instruments.enumerated() {
            let mine = variantsOf[n]
            let shared = try ahead.get()
            let done = Counter()
            // Per cell: one propensity model, then every variant of this instrument. One more
            // piece of work after the cells builds the next instrument's sample: it starts when
            // the last cell has started, on the core the cells leave idle while the last of them
            // run, rather than after them.
            // The cells start largest first: the whole-cohort cell (with the effect path and the
            // sensitivity table), then by rows. The cores take the next piece of work as they come
            // free, so the last to run are small and neither core waits long for the other (the two
            // halves of a subgroup by sex last ran alone at the end). Results are in cell order.
            let hasNext = n + 1 < instruments.count
            let start = [0] + shared.cells.indices.dropFirst().sorted { (shared.cells[$0].rows.count, -$0) > (shared.cells[$1].rows.count, -$1) }
            let work = ParallelMap.run(shared.cells.count + (hasNext ? 1 : 0)) { slot -> InstrumentWork in
                if slot == shared.cells.count { return .nextSample(sharedSample(n + 1, rows: rows(n + 1))) }
                let i = start[slot]
                defer { progress?("\(instrument.rawValue): cell \(done.increment()) of \(shared.cells.count) estimated") }
                let cell = shared.cells[i]
                let model = CellModel(sample: shared.sample, design: shared.design, names: shared.names, factors: shared.factors,
                                      rows: cell.rows, minimumCell: first.minimumCell)
                let distances = Set(mine.filter { variants[$0].matchesDynamically }.map { variants[$0].estimator.matchOnLogit })
                let prepared = shared.context(variants[mine[0]]).prepare(rows: cell.rows, model: model, matchingOnLogit: distances,
                                                                         overlap: cell.dimension == "all")
                return .cell(mine.map { v in
                    shared.context(variants[v]).estimate(dimension: cell.dimension, subgroup: cell.subgroup, rows: cell.rows, model: model, prepared: prepared)
                })
            }
            var results = [[CellContext.CellResult]](repeating: [], count: shared.cells.count)
            for (slot, w) in work.enumerated() {
                switch w {
                case .cell(let r): results[start[slot]] = r
                case .nextSample(let sample): ahead = sample
                }
            }
            for (k, v) in mine.enumerated() {
                reports[v] = try shared.report(variants[v], cells: results.map { $0[k] }, progress: progress)
            }
        }
        return reports.map { $0! }
    }

    /// Re-estimates every cell on `replicates` resamples of persons and replaces the analytic SEs.
    static func bootstrapped(_ persons: [CohortPerson], _ rows: [CohortEffectRow], _ o: CohortEstimationOptions,
                             progress: (@Sendable (String) -> Void)?) throws -> [CohortEffectRow] {
        var noBootstrap = o
        noBootstrap.bootstrap = 0
        let inner = noBootstrap
        let boot = Bootstrap(replicates: o.bootstrap, seed: o.seed)
        var draws = [String: [Double]]()
        func key(_ r: CohortEffectRow) -> String { "\(r.dimension)|\(r.subgroup)|\(r.outcome)|\(r.horizonMonths)" }
        // Replicates run on all cores; their draws are collected in replicate order.
        let done = Counter()
        let replicates = ParallelMap.run(o.bootstrap) { b -> CohortEffectReport? in
            defer { progress?("bootstrap \(done.increment()) of \(o.bootstrap)") }
            return try? estimate(boot.sample(b, count: persons.count).map { persons[$0] }, options: inner)
        }
        for r in replicates.compactMap({ $0 }) {
            for row in r.rows { if let e = row.estimate { draws[key(row), default: []].append(e) } }
        }
        return rows.map { r in
            guard r.estimate != nil, let d = draws[key(r)], d.count >= 2 else { return r }
            let summary = BootstrapSummary(values: d, failedReplicates: o.bootstrap - d.count)
            let ci = summary.percentileInterval()
            return r.withUncertainty(se: summary.standardError, ciLow: ci.low, ciHigh: ci.high,
                                     notes: d.count < o.bootstrap ? ["\(o.bootstrap - d.count) bootstrap replicates failed"] : [])
        }
    }
}

/// A piece of one instrument's parallel work: a cell's results for every variant, or the next
/// instrument's sample built beside the last cells.
enum InstrumentWork: Sendable {
    case cell([CellContext.CellResult])
    case nextSample(Result<SharedSample, Error>)
}

/// What the estimates of one instrument share: the person-period sample, its design, every
/// outcome column, the now-vs-never weights by horizon, and the subgroup cells' rows.
struct SharedSample: Sendable {
    let persons: [CohortPerson]
    let sample: PersonPeriodSample
    let design: Matrix
    let names: [String]
    /// The factors among `names` (balance tables add their reference levels).
    let factors: [DesignFactor]
    /// Values of each (outcome, horizon), outcome-major; NaN where not observable (`PersonPeriodSample.outcomes`).
    let columns: [(outcome: CohortOutcome, horizon: Int, values: [Double])]
    let weightsByHorizon: [Int: (weights: [Double], censored: Int)]
    let cells: [(dimension: String, subgroup: String, rows: [Int])]
    let hazard: TreatmentHazard?
    /// The covariates of the propensity model in words (`CohortEffectReport.covariates`).
    let covariateDescriptions: [String]

    /// The rows of the instrument of `o` (`PersonPeriodSample.build`), the first part of its
    /// sample: built on their own, so that they can be built beside other work.
    static func rows(persons: [CohortPerson], hashes: [UInt64], options o: CohortEstimationOptions) -> PersonPeriodSample {
        PersonPeriodSample.build(persons: persons, hashes: hashes, instrument: o.instrument, design: o.design,
                                 window: o.window, maxTau: o.maxTau, controlRowBudget: o.controlRowBudget,
                                 minimumControlsPerTreated: o.minimumControlsPerTreated)
    }

    /// The rest of the sample on its rows (`rows(persons:hashes:options:)` with the same options).
    init(persons: [CohortPerson], sample: PersonPeriodSample, options o: CohortEstimationOptions, user: UserCovariateDesign, hazard: TreatmentHazard?,
         followUp: FollowUpDistribution) throws {
        self.persons = persons
        self.hazard = hazard
        covariateDescriptions = CovariatesAtInflow.descriptions + user.descriptions
            + (o.design == .dynamic ? ["elapsed month tau (groups), months on benefit before tau, current spell duration (number and groups), left benefit before tau"] : [])
        self.sample = sample
        // The design and the passes over the rows (censoring weights, outcome columns, subgroup
        // cells) read the sample only: they run side by side. The design is written serially
        // (`setCodedRows`) and takes about as long as the passes on the other core. (A sample
        // built inside other parallel work, the next instrument's, runs them one after the other:
        // libdispatch gives a nested apply the calling thread alone; the results are the same.)
        let weighted = hazard.flatMap { o.design == .dynamic ? $0 : nil }
        let specifications = o.outcomes.flatMap { outcome in o.horizons.map { (outcome, $0) } }
        let ((design, names, factors), (weights, columns, cells)) = ParallelMap.pair({ Self.design(of: sample, persons: persons, options: o, user: user) }, {
            (ParallelMap.run(weighted == nil ? 0 : o.horizons.count) { k in
                sample.censoringWeights(horizon: o.horizons[k], persons: persons, hazard: weighted!)
            }, ParallelMap.run(specifications.count) { k in
                let (outcome, h) = specifications[k]
                return (outcome, h, sample.outcomes(outcome, horizon: h, persons: persons, followUp: followUp))
            }, [("all", "all", Array(0..<sample.count))] + ParallelMap.run(o.dimensions.count) { d in
                Self.subgroupCells(o.dimensions[d], sample: sample, persons: persons, instrument: o.instrument)
            }.flatMap { $0 })
        })
        (self.design, self.names, self.factors) = (design, names, factors)
        weightsByHorizon = Dictionary(uniqueKeysWithValues: zip(o.horizons, weights).map { ($0, ($1.weights, $1.censoredControls)) })
        (self.columns, self.cells) = (columns, cells)
    }

    /// The sample's design, without the columns constant over it: an inflow year or education
    /// level nobody has goes now, in place, or every cell (the whole-cohort cell too) would copy
    /// the design to drop it.
    static func design(of sample: PersonPeriodSample, persons: [CohortPerson], options o: CohortEstimationOptions,
                       user: UserCovariateDesign) -> (Matrix, [String], [DesignFactor]) {
        var (design, names, factors) = sample.design(persons: persons, dynamic: o.design == .dynamic, user: user)
        let constant = constantColumns(design)
        design.removeColumns(constant)
        names = names.indices.filter { !constant.contains($0) }.map { names[$0] }
        return (design, names, factors)
    }

    /// The columns after the first (the intercept) that hold one value in every row: each read
    /// in place (a coded one is not decoded), the columns on both cores.
    static func constantColumns(_ design: Matrix) -> Set<Int> {
        let isConstant = ParallelMap.run(design.columns) { j in
            j > 0 && design.withColumnReader(j) { c in !(0..<design.rows).contains { c[$0] != c[0] } }
        }
        return Set(isConstant.indices.filter { isConstant[$0] })
    }

    /// The cells of one dimension, by subgroup in text order, each with its sample rows in order.
    /// Each person's subgroup is looked up once (a person has many rows). A dimension of the
    /// treatment (`splitsTreatedOnly`) splits the treated only; every control is in each of its cells.
    static func subgroupCells(_ d: SubgroupDimension, sample: PersonPeriodSample, persons: [CohortPerson],
                              instrument: Instrument) -> [(dimension: String, subgroup: String, rows: [Int])] {
        var names = [String](), number = [String: Int32](), personCell = [Int32](repeating: -1, count: persons.count)
        for r in 0..<sample.count where sample.treated[r] || !d.splitsTreatedOnly {
            let i = sample.person[r]
            guard personCell[i] < 0 else { continue }
            let name = d.cell(of: persons[i], instrument: instrument)
            personCell[i] = number[name] ?? { number[name] = Int32(names.count); names.append(name); return Int32(names.count - 1) }()
        }
        // Each cell's list made at its final size (grown by appending, each list was copied into a
        // fresh mapping at every doubling).
        var sizes = [Int](repeating: 0, count: names.count), controlCount = 0
        for r in 0..<sample.count {
            if sample.treated[r] || !d.splitsTreatedOnly { sizes[Int(personCell[sample.person[r]])] += 1 } else { controlCount += 1 }
        }
        func list(_ size: Int) -> [Int] { var a = [Int](); a.reserveCapacity(size); return a }
        var rowsBy = sizes.map(list), controls = list(controlCount)
        for r in 0..<sample.count {
            if sample.treated[r] || !d.splitsTreatedOnly { rowsBy[Int(personCell[sample.person[r]])].append(r) } else { controls.append(r) }
        }
        return names.indices.sorted { names[$0] < names[$1] }.map { c in
            (d.rawValue, names[c], d.splitsTreatedOnly ? (rowsBy[c] + controls).sorted() : rowsBy[c])
        }
    }

    /// The cells' context for one variant: its outcome columns carry the censoring weights when it estimates now vs never.
    func context(_ o: CohortEstimationOptions) -> CellContext {
        let weighted = o.design == .dynamic && o.dynamicEstimand == .nowVsNever
        return CellContext(persons: persons, sample: sample,
                           columns: columns.map { OutcomeColumn(outcome: $0.outcome, horizon: $0.horizon, values: $0.values,
                                                                weights: weighted ? weightsByHorizon[$0.horizon]?.weights : nil) },
                           options: o, hazard: weighted ? hazard : nil)
    }

    /// One variant's report from its cells' results (in `cells` order), with its notes and, if asked, bootstrap intervals.
    /// The share of the control rows kept, in per cent with one decimal; a share below 1 that
    /// would print as 100.0 prints as "over 99.9", so that a thinned pool never reads as the full one.
    static func percentKept(_ share: Double) -> String {
        let percent = String(format: "%.1f", 100 * share)
        return share < 1 && percent == "100.0" ? "over 99.9" : percent
    }

    func report(_ o: CohortEstimationOptions, cells results: [CellContext.CellResult], progress: (@Sendable (String) -> Void)?) throws -> CohortEffectReport {
        let dynamic = o.design == .dynamic
        var notes = [String]()
        if dynamic && o.dynamicEstimand == .nowVsNever {
            for h in o.horizons { notes.append("horizon \(h): \(weightsByHorizon[h]?.censored ?? 0) control rows censored at their own trajectory start (now vs never)") }
        }
        // Rows in the order outcome, horizon, cell.
        var rows = [CohortEffectRow](), balance = [CellBalance]()
        for k in columns.indices { for cell in results { rows.append(cell.columns[k].0); if let b = cell.columns[k].1 { balance.append(b) } } }
        let path = results.first?.path
        if let failure = results.first?.pathFailure { notes.append("effect path not estimated: \(failure)") }
        if sample.treatedBeyondMaxTau > 0 { notes.append("\(sample.treatedBeyondMaxTau) treated persons started after month \(o.maxTau) and are not in the estimates") }
        for h in o.horizons where o.outcomes.contains(.monthsOutOfBenefit) {
            let short = (0..<sample.count).count(where: { sample.treated[$0] && persons[sample.person[$0]].followupMonths < sample.tau[$0] + h })
            if short > 0 { notes.append("horizon \(h): \(short) treated followed up less than tau + \(h) months count in months_out_of_benefit with the months observed (censoring-weighted)") }
        }
        notes.append("Outcomes are measured from tau (dynamic) or inflow (static). States at tau + horizon (out_of_benefit, out_to_work) use complete cases: persons without follow-up to tau + horizon are left out and counted as n_treated_censored. months_out_of_benefit keeps them with the months they were observed, each month weighted by the inverse share of their inflow year still observed then (IPCW; follow-up ends at the extraction date, so censoring is set by the inflow date, and the inflow year is a covariate).")
        if o.outcomes.contains(.reentryWithin12Months) {
            notes.append("reentry_within_12_months is measured among those who leave benefit within the horizon; leaving is itself affected by the instrument, so the difference describes the exits of treated and matched controls rather than a causal effect on everyone.")
        }
        if o.dimensions.contains(.provider) {
            notes.append("provider: each provider's participants in \(o.instrument.rawValue) (the persons whose first \(o.instrument.rawValue) trajectory it ran; unknown where the export names none) against every control; a provider with fewer than \(o.minimumCell) such participants is not estimated.")
        }
        notes.append("out_of_benefit estimates are percentage points (extra persons out of benefit per 100 treated); months_out_of_benefit are months per treated person.")
        notes.append("One propensity model per subgroup cell, fitted on every row at risk, serves all outcomes and horizons; each estimate uses the rows whose outcome it observes.")
        if dynamic && o.estimator.method == .psm {
            notes.append(o.biasAdjustment ? "Matches are bias-corrected by a linear outcome model of the matched controls (Abadie & Imbens 2011), its predictions held to the range of the outcomes in the sample; a cell whose model has fewer than \(DynamicMatching.MatchedEffect.minimumResidualDegreesOfFreedom) residual degrees of freedom is not corrected (its row says so)." : "Matches are not bias-corrected (--no-bias-adjustment).")
        }
        if dynamic {
            notes.append("Standard errors sum the contributions of each person's rows (a person is a control at several tau, and a treated person was a control before).")
            if o.estimator.method == .psm { notes.append("Standard errors treat the propensity score as known: the Abadie-Imbens (2016) adjustment for an estimated score is derived for matching on the score alone among independent units, not for matching exactly on tau with several rows per person (docs/estimation.md); --bootstrap refits the score in every replicate.") }
            notes.append(sample.controlShareKept >= 1
                ? "Controls: every one of the \(sample.eligibleControlRows) rows on benefit and not yet treated at a treated person's tau (the full pool)."
                : "Controls: \(Self.percentKept(sample.controlShareKept))% of the \(sample.eligibleControlRows) eligible control rows (more than the budget of \(o.controlRowBudget!) rows; each tau keeping at least the share that gives \(o.minimumControlsPerTreated) per treated person), kept by a hash of each record's content and tau (not its position, id or a seed), so the estimate stays a function of the data; the standard errors are those of the thinned sample.")
        }
        // The truth checks at 1,000,000 persons (README, session 15): 67-71 % coverage, misses at
        // 96 months on the low side, mean z about -1.3: a bias, which a bootstrap's wider intervals
        // would not remove. Hence the caution with the bootstrap too.
        if dynamic && o.dynamicEstimand == .nowVsNever && o.estimator.method != .psm {
            notes.append("Caution: \(o.estimator.method.rawValue) now vs never covered the true effect in too few cells of the truth checks (README): at long horizons its censoring weights compound and its estimates came out low, by more than their standard errors at national scale, so --bootstrap does not mend it; use --method psm.")
        }
        if o.bootstrap > 0 {
            rows = try CohortEffectEstimator.bootstrapped(persons, rows, o, progress: progress)
            notes.append("Standard errors and 95% intervals: bootstrap over persons, \(o.bootstrap) replicates (seed \(o.seed)), the whole procedure repeated in each; percentile intervals.")
        }
        var report = CohortEffectReport(instrument: o.instrument.rawValue, design: o.design.rawValue, method: o.estimator.method.rawValue,
                                        estimandID: o.estimandID, estimandLabel: o.estimandName, covariates: covariateDescriptions, rows: rows, balance: balance, effectPath: path,
                                        sensitivity: results.first?.sensitivity ?? [], notes: notes)
        report.overlap = results.first?.overlap
        return report
    }
}

/// One outcome at one horizon: each sample row's value (NaN: not observable) and, for now vs
/// never, the controls' censoring weights.
struct OutcomeColumn: Sendable {
    let outcome: CohortOutcome
    let horizon: Int
    let values: [Double]
    let weights: [Double]?
}

/// What `CellContext.prepare` computes once per cell for all its estimates.
struct PreparedCell: Sendable {
    /// Per outcome column, the positions in the cell's rows of those that observe it.
    let observed: [[Int]]
    /// Per outcome column, the first column observed on exactly the same rows (itself when none
    /// before it is). Such columns share their units, hence their `before`, their match and,
    /// given equal censoring weights, their balance table (`CellContext.estimates`).
    let sameUnitsAs: [Int]
    /// Per outcome column, the persons with a control row that observes it (each estimate's
    /// `n_control`: counted once per set of rows, not per estimate).
    let controlPersons: [Int]
    /// Per outcome column, the balance table's unweighted half (nil: too small to estimate).
    let before: [BalanceTable.Before?]
    /// The cell's rows sorted on the matching distance, by whether it is the logit of the score.
    let orders: [Bool: DistanceOrder]
    /// The overlap of the treated and control scores, when asked for (the whole-cohort cell's):
    /// it depends on the model alone, so every variant reports this one.
    let overlap: PropensityOverlap?
}

/// One subgroup cell's design and propensity model, shared by every estimator and estimand.
struct CellModel: Sendable {
    /// The cell's rows and kept columns: the whole design read in place for a cell of at least
    /// half its rows, else a compact copy (see `init`).
    let design: MatrixView
    let covariateNames: [String]
    let treated: [Bool]
    /// Notes on the model (levels pooled with the reference).
    let notes: [String]
    /// The design's factors less those with a level pooled here (their reference level would hold
    /// the pooled level too) and the factors nested in those.
    let factors: [DesignFactor]
    /// Nil when the cell is too small to fit.
    let propensity: Result<PropensityScore, Error>?

    /// Columns constant in the cell (e.g. the subgroup's own dummy) are dropped, and so is a
    /// dummy whose rows are all treated or all controls in the cell: it separates the
    /// propensity model (no maximum-likelihood estimate), so its level is pooled with the
    /// reference level here, and the cell's note says so.
    init(sample: PersonPeriodSample, design: Matrix, names: [String], factors: [DesignFactor], rows: [Int], minimumCell: Int) {
        // The columns are judged on the cell's rows of the whole design. A cell of at least half
        // the rows reads them in place (a view: cells of a million rows run in parallel, and a copy
        // of each would double the memory; their rows are dense enough that reading through the
        // index costs little). A smaller cell is copied: its rows lie scattered over the design, and
        // the fit's dozen passes over them run several times faster on a compact copy that costs at
        // most half the design.
        let whole = rows.count == design.rows
        let treated = rows.map { sample.treated[$0] }
        var pooled = [String]()
        let keep = (0..<design.columns).filter { j in
            guard j > 0 else { return true }
            switch design.withColumnReader(j, { Self.screen($0, rows: rows, treated: treated) }) {
            case .constant: return false
            case .separating: pooled.append(names[j]); return false
            case .kept: return true
            }
        }
        let columns = keep.count == design.columns ? nil : keep
        let x = 2 * rows.count < design.rows ? MatrixView(design.selecting(rows: rows, columns: keep)) : MatrixView(design, rows: whole ? nil : rows, columns: columns)
        let covariateNames = keep.map { names[$0] }
        self.design = x
        self.covariateNames = covariateNames
        self.treated = treated
        var merged = Set(pooled)
        self.factors = factors.filter { f in
            guard (f.levels + [f.within].compactMap { $0 }).contains(where: merged.contains) else { return true }
            merged.insert(f.reference)
            return false
        }
        notes = pooled.isEmpty ? [] : ["pooled with the reference level in the propensity model (all treated or all controls in this cell): \(pooled.joined(separator: ", "))"]
        let nt = treated.count(where: { $0 })
        propensity = nt >= minimumCell && rows.count - nt >= minimumCell
            ? Result { try PropensityScore(design: x, treated: treated, covariateNames: covariateNames, keepingFit: false, startAtMean: true) } : nil
    }
}

extension CellModel {
    /// What a column of the design is within a cell's rows.
    enum Screening { case constant, separating, kept }

    /// One pass over the cell's rows of column `c`: constant; a 0/1 dummy whose 1s are all
    /// treated or all controls (it would separate the logit); or a column the model keeps.
    ///
    /// The pass stops once the column is known to be kept: what it has seen can only add to
    /// (a value other than the first, a value other than 0 and 1, a 1 among the treated or among
    /// the controls), so a column kept by the rows seen is kept by all of them. Most columns are
    /// known after a few thousand rows, where the whole pass read millions.
    static func screen(_ c: ColumnReader, rows: [Int], treated: [Bool]) -> Screening {
        guard let first = rows.first.map({ c[$0] }) else { return .constant }
        var varies = false, binary = true, withTreated = false, withControl = false
        for start in stride(from: 0, to: rows.count, by: 4096) {
            for k in start..<min(start + 4096, rows.count) {
                let v = c[rows[k]]
                if v != first { varies = true }
                if v == 1 { if treated[k] { withTreated = true } else { withControl = true } } else if v != 0 { binary = false }
            }
            if varies && (!binary || (withTreated && withControl)) { return .kept }
        }
        if !varies { return .constant }
        return !binary || (withTreated && withControl) ? .kept : .separating
    }
}

/// What every cell of one estimate (one instrument, estimator and estimand) shares.
struct CellContext: Sendable {
    let persons: [CohortPerson]
    let sample: PersonPeriodSample
    let columns: [OutcomeColumn]
    let options: CohortEstimationOptions
    let hazard: TreatmentHazard?

    struct CellResult: Sendable {
        /// One effect row per outcome column (in `columns` order), with its balance table.
        var columns: [(CohortEffectRow, CellBalance?)]
        var path: EffectPath?
        var pathFailure: String?
        var sensitivity: [SensitivityRow]
        /// The whole-cohort cell's propensity scores of treated and controls.
        var overlap: PropensityOverlap?
    }

    /// Outcome column k's sample in the cell: the units are the cell's rows at `observed`
    /// (positions in `rows`, where the outcome is observed), read from the cell's design in place.
    func sample(_ k: Int, rows: [Int], observed: [Int], model: CellModel) -> TreatmentSample {
        // A cell of every row (the whole cohort's) has the sample's rows in order: its positions are the rows.
        let column = columns[k], sampleRows = rows.count == sample.count ? observed : rows.gathered(at: observed)
        return TreatmentSample(treated: model.treated.gathered(at: observed), outcome: column.values.gathered(at: sampleRows),
                               design: model.design, covariateNames: model.covariateNames,
                               controlWeights: column.weights.map { $0.gathered(at: sampleRows) },
                               clusters: options.design == .dynamic ? sample.person.gathered(at: sampleRows) : nil,
                               designRows: observed, tieKeys: sample.tieKey.gathered(at: sampleRows), factors: model.factors)
    }

    /// What the estimates of one cell share, whatever their method and estimand: per outcome
    /// column the positions in `rows` of the rows that observe it, the first column observed on
    /// the same rows, and their unweighted balance moments (nil where the cell is too small to
    /// estimate; computed once per distinct set of rows), the cell's rows sorted on each
    /// matching distance used (the score, or its logit: `matchingOnLogit`), and with `overlap`
    /// the overlap of the treated and control scores.
    func prepare(rows: [Int], model: CellModel, matchingOnLogit distances: Set<Bool>, overlap: Bool = false) -> PreparedCell {
        // Columns observed on the same rows share one array of them (a national cell's rows are
        // 20 MB, and most columns are observed on the rows of another).
        let observed = columns.reduce(into: [[Int]]()) { observed, column in
            let mine = rows.indices.filter { !column.values[rows[$0]].isNaN }
            observed.append(observed.first { $0 == mine } ?? mine)
        }
        let sameUnitsAs = observed.map { observed.firstIndex(of: $0)! }
        let distinctControls = ParallelMap.run(columns.count) { k in
            sameUnitsAs[k] == k ? Self.controlPersons(observed[k], rows: rows, treated: model.treated, person: sample.person, persons: persons.count) : 0
        }
        let controlPersons = sameUnitsAs.map { distinctControls[$0] }
        guard let ps = try? model.propensity?.get() else {
            return PreparedCell(observed: observed, sameUnitsAs: sameUnitsAs, controlPersons: controlPersons, before: columns.map { _ in nil }, orders: [:],
                                overlap: nil)
        }
        let distinct = ParallelMap.run(columns.count) { k -> BalanceTable.Before? in
            let nt = observed[k].count(where: { model.treated[$0] })
            guard sameUnitsAs[k] == k, nt >= options.minimumCell, observed[k].count - nt >= options.minimumCell else { return nil }
            return BalanceTable.Before(sample(k, rows: rows, observed: observed[k], model: model))
        }
        var orders = [Bool: DistanceOrder]()
        for onLogit in distances { orders[onLogit] = DistanceOrder(distance: onLogit ? ps.logits : ps.scores, tieKeys: rows.map { sample.tieKey[$0] }) }
        return PreparedCell(observed: observed, sameUnitsAs: sameUnitsAs, controlPersons: controlPersons, before: sameUnitsAs.map { distinct[$0] }, orders: orders,
                            overlap: overlap ? PropensityOverlap(scores: ps.scores, treated: model.treated, ascending: orders[false]?.ascending) : nil)
    }

    /// The persons with a control row among the positions `observed` of the cell's rows.
    static func controlPersons(_ observed: [Int], rows: [Int], treated: [Bool], person: [Int], persons: Int) -> Int {
        var seen = [Bool](repeating: false, count: persons), count = 0
        for i in observed where !treated[i] && !seen[person[rows[i]]] { seen[person[rows[i]]] = true; count += 1 }
        return count
    }

    /// Whether outcome columns j and k weight the sample rows `rows` alike (neither carries
    /// censoring weights, or both carry the same there): estimates of the same units then have
    /// the same weights after matching or weighting, hence the same balance table.
    func weighAlike(_ j: Int, _ k: Int, rows: [Int]) -> Bool {
        switch (columns[j].weights, columns[k].weights) {
        case (nil, nil): return true
        case let (a?, b?): return rows.allSatisfy { a[$0] == b[$0] }
        default: return false
        }
    }

    /// The estimates of the outcome columns `ks`, by column, each the one estimating the column
    /// alone gives. When matching (`matched`), the columns observed on the same rows
    /// (`sameUnitsAs`) are estimated together: one match of their units (the sets do not depend
    /// on the outcome) and their effects in one batch (`DynamicMatching.Match.estimates`).
    /// Otherwise columns of the same units that `weighAlike` share their balance table (the first
    /// one's estimate computes it, the others reuse it: the weights after weighting do not depend
    /// on the outcome either). Distinct sets of units, or of balance tables, run in parallel.
    static func estimates(of ks: [Int], sameUnitsAs: [Int], weighAlike: (Int, Int) -> Bool,
                          matched: (@Sendable ([Int]) throws -> [TreatmentEffectEstimate])?,
                          estimate: @Sendable (Int, BalanceTable?) throws -> TreatmentEffectEstimate)
        -> [Int: Result<TreatmentEffectEstimate, Error>] {
        var groups = [[Int]]()
        for k in ks {
            let alike = { (g: [Int]) in sameUnitsAs[g[0]] == sameUnitsAs[k] && (matched != nil || weighAlike(g[0], k)) }
            if let g = groups.firstIndex(where: alike) { groups[g].append(k) } else { groups.append([k]) }
        }
        let together = groups
        let results = ParallelMap.run(together.count) { g -> [Result<TreatmentEffectEstimate, Error>] in
            if let matched {
                do { return try matched(together[g]).map { .success($0) } } catch { return together[g].map { _ in .failure(error) } }
            }
            var balance: BalanceTable?
            return together[g].map { k in
                let e = Result { try estimate(k, balance) }
                balance = balance ?? (try? e.get())?.balance
                return e
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(together.joined(), results.joined()))
    }

    /// The cell's estimates for every outcome column, and for the whole-cohort cell the effect
    /// path and the sensitivity table, on the cell's propensity model and what `prepare` made.
    func estimate(dimension: String, subgroup: String, rows: [Int], model: CellModel, prepared: PreparedCell) -> CellResult {
        let o = options
        let x = model.design, covariateNames = model.covariateNames, treated = model.treated, pooledNote = model.notes
        let ntAll = treated.count(where: { $0 })
        let propensity = model.propensity
        let matching = o.matchesDynamically
        // The cell's rows sorted once on the matching distance, for every match below.
        let order = matching ? prepared.orders[o.estimator.matchOnLogit] : nil
        /// Outcome column k's units — the rows observing it, with `trimmed` less those whose
        /// score lies outside the 1st–99th percentile of the controls' scores in the cell — as
        /// positions in `rows`, and its sample on them.
        @Sendable func units(_ k: Int, trimmed: Bool) throws -> (observed: [Int], sample: TreatmentSample) {
            let ps = try propensity!.get()
            var observed = prepared.observed[k]
            if trimmed {
                let bounds = WeightedStatistics.quantiles(sorted: controlScoresAscending(observed, ps), [0.01, 0.99]), lo = bounds[0], hi = bounds[1]
                observed = observed.filter { ps.scores[$0] >= lo && ps.scores[$0] <= hi }
            }
            var s = sample(k, rows: rows, observed: observed, model: model)
            if !trimmed { s.balanceBefore = prepared.before[k] }
            return (observed, s)
        }
        /// The scores of the controls among the positions `observed`, ascending: read off the
        /// cell's order when it is on the score (the order then lists them so), else sorted.
        @Sendable func controlScoresAscending(_ observed: [Int], _ ps: PropensityScore) -> [Double] {
            guard let order = prepared.orders[false] else { return observed.filter { !treated[$0] }.map { ps.scores[$0] }.sorted() }
            var isControl = [Bool](repeating: false, count: rows.count)
            for i in observed where !treated[i] { isControl[i] = true }
            var scores = [Double]()
            scores.reserveCapacity(observed.count)
            for i in order.ascending where isControl[i] { scores.append(ps.scores[i]) }
            return scores
        }
        /// The dynamic match of a column's units with the given estimator options.
        @Sendable func match(_ units: (observed: [Int], sample: TreatmentSample), _ estimator: EstimatorOptions) throws -> DynamicMatching.Match {
            try DynamicMatching.Match(units.sample, taus: units.observed.map { sample.tau[rows[$0]] }, propensity: try propensity!.get().restricted(to: units.observed),
                                      options: estimator, biasAdjustment: o.biasAdjustment, order: order?.restricted(to: units.observed))
        }
        /// The estimate of outcome column k with the given estimator options (`units` says what
        /// `trimmed` does); `balance`: the balance table of another column's estimate on the same
        /// units and weights when the caller has it (`CellContext.estimates`).
        @Sendable func estimateColumn(_ k: Int, _ estimator: EstimatorOptions, trimmed: Bool = false, balance: BalanceTable? = nil) throws -> TreatmentEffectEstimate {
            let units = try units(k, trimmed: trimmed)
            if matching { return try match(units, estimator).estimate(units.sample, balance: balance) }
            return try TreatmentEffectEstimator.estimate(units.sample, options: estimator, propensity: try propensity!.get().restricted(to: units.observed),
                                                         balance: balance)
        }
        let treatedCounts = prepared.observed.map { $0.count(where: { treated[$0] }) }
        let estimable = propensity == nil ? [] : columns.indices.filter {
            treatedCounts[$0] >= o.minimumCell && prepared.observed[$0].count - treatedCounts[$0] >= o.minimumCell
        }
        /// The headline estimates of outcome columns observed on the same rows (`ks`), from one
        /// match of their units (`shared`, when the caller has it): their samples differ only in
        /// outcome and censoring weights.
        @Sendable func matchedTogether(_ ks: [Int], shared: DynamicMatching.Match?) throws -> [TreatmentEffectEstimate] {
            let first = try units(ks[0], trimmed: false), sampleRows = rows.gathered(at: first.observed)
            let samples = ks.map { k in
                k == ks[0] ? first.sample
                    : first.sample.withOutcome(columns[k].values.gathered(at: sampleRows), controlWeights: columns[k].weights.map { $0.gathered(at: sampleRows) })
            }
            return try (shared ?? match(first, o.estimator)).estimates(samples, balances: ks.map { _ in nil },
                                                                       weighAlike: { i, j in weighAlike(ks[i], ks[j], rows: sampleRows) })
        }
        // The effect path, then the headline estimates. When a column is observed on exactly the
        // path's rows (out of benefit at the path's last month, when that month is a requested
        // horizon: at national scale the longest), its headline match serves the path too. Whether
        // the controls carry censoring weights must agree as well (with them, a match takes at
        // least 10 neighbours); the context gives every column weights exactly when it has the
        // hazard, so it does, and is checked rather than assumed. The shared match is released
        // with this scope, before the sensitivity table (a national match holds about 100 MB).
        func pathAndHeadline() -> (estimates: [Int: Result<TreatmentEffectEstimate, Error>], path: EffectPath?, pathFailure: String?) {
            let wantsPath = dimension == "all" && o.effectPath && matching
            let pathUnits = wantsPath && (try? propensity?.get()) != nil ? EffectPath.units(self, rows: rows) : nil
            let sharedColumn = pathUnits.flatMap { u in
                estimable.first { prepared.observed[$0] == u.base && (columns[$0].weights != nil) == (hazard != nil) }
            }
            let sharedMatch: DynamicMatching.Match? = sharedColumn.flatMap { k in try? match(units(k, trimmed: false), o.estimator) }
            var path: EffectPath?, pathFailure: String?
            if let pathUnits, let propensity, let order {
                do {
                    path = try EffectPath.estimate(self, rows: rows, x: x, covariateNames: covariateNames, propensity: try propensity.get(), hazard: hazard,
                                                   order: order, units: pathUnits, match: sharedMatch)
                } catch { pathFailure = "\(error)" }
            } else if wantsPath, case .failure(let error)? = propensity {
                // No score, no match: the path is missing for the reason its rows give.
                pathFailure = "\(error)"
            }
            let sharedUnits: Int? = sharedColumn.map { prepared.sameUnitsAs[$0] }
            @Sendable func headline(_ ks: [Int]) throws -> [TreatmentEffectEstimate] {
                try matchedTogether(ks, shared: prepared.sameUnitsAs[ks[0]] == sharedUnits ? sharedMatch : nil)
            }
            let estimates = Self.estimates(of: estimable, sameUnitsAs: prepared.sameUnitsAs,
                                           weighAlike: { j, k in weighAlike(j, k, rows: prepared.observed[k].map { rows[$0] }) },
                                           matched: matching ? headline : nil, estimate: { k, balance in try estimateColumn(k, o.estimator, balance: balance) })
            return (estimates, path, pathFailure)
        }
        let (estimates, path, pathFailure) = pathAndHeadline()
        // Each outcome column's row and balance, in column order.
        let results = ParallelMap.run(columns.count) { k -> (CohortEffectRow, CellBalance?) in
            let column = columns[k]
            let observed = prepared.observed[k]
            let nt = treatedCounts[k]
            let controlRows = observed.count - nt
            let controlPersons = prepared.controlPersons[k]
            let censored = ntAll - nt
            func row(_ e: TreatmentEffectEstimate?, status: String, notes: [String]) -> CohortEffectRow {
                CohortEffectRow(instrument: o.instrument.rawValue, dimension: dimension, subgroup: subgroup, outcome: column.outcome.rawValue,
                                horizonMonths: column.horizon, estimate: e?.estimate.finite, se: e?.standardError?.finite,
                                ciLow: e?.ciLow?.finite, ciHigh: e?.ciHigh?.finite,
                                status: status, nTreated: nt, nControl: controlPersons, nControlRows: controlRows, nTreatedCensored: censored,
                                nControlsUsed: e?.nControlsUsed, nTreatedDropped: e.map { $0.nTreatedDroppedByCaliper },
                                nTreatedOutsideSupport: e?.nTreatedOutsideSupport,
                                maxAbsSMDAfter: e?.balance.maxAbsSMDAfter.finite, notes: notes, modelParameters: e.map { _ in x.columns })
            }
            guard let estimate = estimates[k] else {
                return (row(nil, status: "not_reported", notes: ["too small to estimate: \(nt) treated, \(controlRows) control rows (minimum \(o.minimumCell) each)"]), nil)
            }
            do {
                let e = try estimate.get()
                return (row(e, status: "estimate", notes: pooledNote + e.warnings),
                        CellBalance(dimension: dimension, subgroup: subgroup, outcome: column.outcome.rawValue, horizonMonths: column.horizon, table: e.balance))
            } catch {
                return (row(nil, status: "not_reported", notes: ["not estimable: \(error)"]), nil)
            }
        }
        // Sensitivity of the headline figure (whole cohort, first outcome and horizon) to the matching choices.
        var sensitivity = [SensitivityRow]()
        if dimension == "all" && o.sensitivity && matching && results.first?.0.status == "estimate" {
            var variants = [(String, EstimatorOptions, Bool)]()
            for (label, caliper) in [("caliper 0.1 SD", 0.1 as Double?), ("caliper 0.2 SD", 0.2), ("no caliper", nil)] {
                var e = o.estimator; e.caliper = caliper; variants.append((label, e, false))
            }
            for n in [1, 5] { var e = o.estimator; e.ratio = n; variants.append(("\(n) nearest neighbour\(n == 1 ? "" : "s")", e, false)) }
            variants.append(("scores trimmed to the controls' 1st-99th percentile", o.estimator, true))
            let headline = results[0].0, spread = (try? estimates[0]?.get())?.pairSpread
            let specifications = variants
            /// Whether the variant matches as the headline does: the same units and neighbours
            /// (with censoring weights, 1 and 5 neighbours both match 10), and the same caliper or,
            /// when the headline has none, one that keeps every pair the headline matched.
            @Sendable func matchesAsHeadline(_ estimator: EstimatorOptions, trimmed: Bool) -> Bool {
                let weighted = columns[0].weights != nil
                guard !trimmed, DynamicMatching.neighbours(estimator, censoringWeighted: weighted)
                        == DynamicMatching.neighbours(o.estimator, censoringWeighted: weighted) else { return false }
                if estimator.caliper == o.estimator.caliper { return true }
                guard o.estimator.caliper == nil, let caliper = estimator.caliper, let spread else { return false }
                return spread.keepsEveryPair(caliper: caliper)
            }
            sensitivity = ParallelMap.run(specifications.count) { v in
                let (label, estimator, trimmed) = specifications[v]
                // A variant that matches as the headline does is the headline: its row, not a second match.
                if matchesAsHeadline(estimator, trimmed: trimmed), let dropped = headline.nTreatedDropped {
                    return SensitivityRow(specification: label, estimate: headline.estimate, se: headline.se, ciLow: headline.ciLow,
                                          ciHigh: headline.ciHigh, nTreated: headline.nTreated - dropped)
                }
                // The effect alone: a row of this table shows no balance.
                let e = try? { () throws -> (att: Double, se: Double, treatedMatched: Int) in
                    let u = try units(0, trimmed: trimmed)
                    return try match(u, estimator).effectOnly(u.sample)
                }()
                let z95 = TreatmentEffectEstimator.z95
                return SensitivityRow(specification: label, estimate: e?.att.finite, se: e?.se.finite, ciLow: e.flatMap { ($0.att - z95 * $0.se).finite },
                                      ciHigh: e.flatMap { ($0.att + z95 * $0.se).finite }, nTreated: e?.treatedMatched)
            }
        }
        return CellResult(columns: results, path: path, pathFailure: pathFailure, sensitivity: sensitivity, overlap: prepared.overlap)
    }
}

extension Double {
    /// The value, or nil when it is not finite: JSON has no NaN, and an undefined statistic is
    /// written as null (with the row's note saying why) rather than crashing the output.
    var finite: Double? { isFinite ? self : nil }
}
