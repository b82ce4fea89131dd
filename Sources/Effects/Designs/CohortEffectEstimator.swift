import Cohort
import Foundation
import StatKit

/// Options of `reval estimate --cohort`.
public struct CohortEstimationOptions: Sendable {
    public var instrument: Instrument
    public var design: EvaluationDesign = .dynamic
    public var estimator = EstimatorOptions()
    public var horizons = [24, 96]
    public var outcomes: [CohortOutcome] = CohortOutcome.standard
    public var dimensions: [SubgroupDimension] = []
    /// Static design: treated when the instrument started within this many months of inflow.
    public var window = 12
    /// Dynamic design: latest elapsed month of treatment considered.
    public var maxTau = 36
    /// Cells with fewer treated or controls are reported as too small instead of estimated.
    public var minimumCell = 20
    /// Seed of the bootstrap; nothing else depends on it.
    public var seed: UInt64 = 1
    /// Dynamic design: the full pool of controls up to this many control rows; above it, the
    /// controls are thinned by their content (`StackedSample.build`). Nil: always the full pool.
    public var controlRowBudget: Int? = 1_000_000
    /// Dynamic design: what the controls stand for.
    public var dynamicEstimand: DynamicEstimand = .nowVsWaiting
    /// Bootstrap replicates over persons (0: analytic standard errors only).
    public var bootstrap = 0
    /// Dynamic matching: correct each match for the covariate differences left within it by a
    /// linear outcome model of the controls (Abadie & Imbens 2011).
    public var biasAdjustment = true

    public init(instrument: Instrument) { self.instrument = instrument }

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
            return "\(estimator.estimand.rawValue), static: treated within \(window) months of inflow vs no trajectory within \(window) months"
        }
    }
}

/// One estimated cell: instrument × subgroup × outcome × horizon.
public struct CohortEffectRow: Sendable, Codable, Equatable {
    public let instrument: String
    public let dimension: String
    public let subgroup: String
    public let outcome: String
    public let horizonMonths: Int
    public let estimate: Double?
    public let se: Double?
    public let ciLow: Double?
    public let ciHigh: Double?
    /// `estimate`, or `not_reported` when the cell was too small to estimate.
    public let status: String
    public let nTreated: Int
    public let nControl: Int
    public let nTreatedCensored: Int
    /// Distinct controls used by the matches (or with positive weight).
    public let nControlsUsed: Int?
    /// Treated left out: no control at their τ, outside the caliper.
    public let nTreatedDropped: Int?
    /// Treated whose propensity score lies outside the range of the controls' (at their τ in
    /// the dynamic design); they are kept, and matched to the nearest control.
    public let nTreatedOutsideSupport: Int?
    public let maxAbsSMDAfter: Double?
    public let note: String

    enum CodingKeys: String, CodingKey {
        case instrument, dimension, subgroup, outcome, estimate, se, status, note
        case horizonMonths = "horizon_months", ciLow = "ci_low", ciHigh = "ci_high"
        case nTreated = "n_treated", nControl = "n_control", nTreatedCensored = "n_treated_censored"
        case nControlsUsed = "n_controls_used", nTreatedDropped = "n_treated_dropped", nTreatedOutsideSupport = "n_treated_outside_support"
        case maxAbsSMDAfter = "max_abs_smd_after"
    }
}

/// Everything `reval estimate --cohort` reports.
public struct CohortEffectReport: Sendable, Codable {
    public let instrument: String
    public let design: String
    public let method: String
    /// Short name: now-vs-waiting, now-vs-never, static-att or static-ate.
    public let estimandID: String
    /// The estimand in words.
    public let estimand: String
    public let rows: [CohortEffectRow]
    /// Balance of the whole-cohort cell of the first outcome and horizon.
    public let balance: BalanceTable?
    public let notes: [String]

    enum CodingKeys: String, CodingKey {
        case instrument, design, method, estimand, rows, balance, notes
        case estimandID = "estimand_id"
    }
}

/// Estimates instrument effects on a linked cohort by design, subgroup, outcome and horizon.
public enum CohortEffectEstimator {
    /// The estimate is a function of the persons' content: they are put in `CanonicalOrder`
    /// first, so the cohort file's row order and the ids it was linked from do not matter, and
    /// the seed drives the bootstrap only.
    public static func estimate(_ cohort: [CohortPerson], options o: CohortEstimationOptions,
                                progress: ((String) -> Void)? = nil) throws -> CohortEffectReport {
        try o.validate()
        let (persons, hashes) = CanonicalOrder.sorted(cohort)
        var rows = [CohortEffectRow]()
        var balance: BalanceTable?
        var notes = [String]()
        var controlPool = [Int: (eligible: Int, shareKept: Double)]()
        let hazard = o.design == .dynamic && o.dynamicEstimand == .nowVsNever ? try TreatmentHazard(persons: persons) : nil
        let cells: [(String, String, (CohortPerson) -> Bool)] = [("all", "all", { _ in true })] + o.dimensions.flatMap { d in
            Set(persons.map { d.cell(of: $0) }).sorted().map { g in (d.rawValue, g, { (p: CohortPerson) in d.cell(of: p) == g }) }
        }
        for outcome in o.outcomes {
            for h in o.horizons {
                progress?("\(o.instrument.rawValue) \(outcome.rawValue) \(h) months")
                let stacked = StackedSample.build(persons: persons, hashes: hashes, instrument: o.instrument, design: o.design, outcome: outcome,
                                                  horizon: h, window: o.window, maxTau: o.maxTau,
                                                  controlRowBudget: o.controlRowBudget, hazard: hazard)
                if outcome == o.outcomes[0] && o.design == .dynamic {
                    controlPool[h] = (stacked.eligibleControlRows, stacked.controlShareKept)
                }
                if hazard != nil && outcome == o.outcomes[0] {
                    notes.append("horizon \(h): \(stacked.controlsCensoredByTreatment) control rows censored at their own trajectory start (now vs never)")
                }
                if outcome == .monthsOutOfBenefit && stacked.treatedFollowedUpShort > 0 {
                    notes.append("horizon \(h): \(stacked.treatedFollowedUpShort) treated followed up less than tau + \(h) months count in months_out_of_benefit with the months observed (censoring-weighted)")
                }
                if stacked.treatedBeyondMaxTau > 0 && outcome == o.outcomes[0] && h == o.horizons[0] {
                    notes.append("\(stacked.treatedBeyondMaxTau) treated persons started after month \(o.maxTau) and are not in the estimates")
                }
                for (dimension, subgroup, member) in cells {
                    let rowsInCell = stacked.person.indices.filter { member(persons[stacked.person[$0]]) }
                    let nt = rowsInCell.filter { stacked.treated[$0] }.count, nc = rowsInCell.count - nt
                    let censored = stacked.censoredTreatedPersons.filter { member(persons[$0]) }.count
                    func row(_ e: TreatmentEffectEstimate?, status: String, note: String) -> CohortEffectRow {
                        CohortEffectRow(instrument: o.instrument.rawValue, dimension: dimension, subgroup: subgroup, outcome: outcome.rawValue,
                                        horizonMonths: h, estimate: e?.estimate, se: e?.standardError, ciLow: e?.ciLow, ciHigh: e?.ciHigh,
                                        status: status, nTreated: nt, nControl: nc, nTreatedCensored: censored,
                                        nControlsUsed: e?.nControlsUsed, nTreatedDropped: e.map { $0.nTreatedDroppedByCaliper },
                                        nTreatedOutsideSupport: e?.nTreatedOutsideSupport,
                                        maxAbsSMDAfter: e?.balance.maxAbsSMDAfter, note: note)
                    }
                    guard nt >= o.minimumCell, nc >= o.minimumCell else {
                        rows.append(row(nil, status: "not_reported", note: "too small to estimate: \(nt) treated, \(nc) controls (minimum \(o.minimumCell) each)"))
                        continue
                    }
                    do {
                        let e = try estimateCell(persons, stacked, rowsInCell, o)
                        if balance == nil && dimension == "all" { balance = e.balance }
                        rows.append(row(e, status: "estimate", note: e.warnings.joined(separator: "; ")))
                    } catch {
                        rows.append(row(nil, status: "not_reported", note: "not estimable: \(error)"))
                    }
                }
            }
        }
        notes.append("Outcomes are measured from tau (dynamic) or inflow (static). States at tau + horizon (out_of_benefit, out_to_work) use complete cases: persons without follow-up to tau + horizon are left out and counted as n_treated_censored. months_out_of_benefit keeps them with the months they were observed, each month weighted by the inverse share of their inflow year still observed then (IPCW; follow-up ends at the extraction date, so censoring is set by the inflow date, and the inflow year is a covariate).")
        notes.append("out_of_benefit estimates are percentage points (extra persons out of benefit per 100 treated); months_out_of_benefit are months per treated person.")
        if o.design == .dynamic && o.estimator.method == .psm {
            notes.append(o.biasAdjustment ? "Matches are bias-corrected by a linear outcome model of the controls (Abadie & Imbens 2011)." : "Matches are not bias-corrected (--no-bias-adjustment).")
        }
        if o.design == .dynamic {
            notes.append("Standard errors sum the contributions of each person's rows (a person is a control at several tau, and a treated person was a control before).")
            notes.append(controlPool.sorted { $0.key < $1.key }.map { h, pool in
                pool.shareKept >= 1
                    ? "horizon \(h): every one of the \(pool.eligible) control rows on benefit and not yet treated at a treated person's tau is a potential control (the full pool)"
                    : "horizon \(h): controls thinned to \(String(format: "%.1f", 100 * pool.shareKept))% of the \(pool.eligible) eligible control rows (more than the budget of \(o.controlRowBudget!); at least \(StackedSample.minimumControlsPerTreated) per treated person at each tau), keeping a row by a hash of its record's content and tau (not its position, id or a seed): the estimate stays a function of the data; the standard error is that of the thinned sample"
            }.joined(separator: "; ") + ".")
        }
        if o.design == .dynamic && o.dynamicEstimand == .nowVsNever && o.estimator.method != .psm && o.bootstrap == 0 {
            notes.append("Caution: \(o.estimator.method.rawValue) now vs never with analytic standard errors covered the true effect in too few cells of the truth checks (README); use --method psm, or --bootstrap for these intervals.")
        }
        if o.bootstrap > 0 {
            rows = try bootstrapped(persons, rows, o, progress: progress)
            notes.append("Standard errors and 95% intervals: bootstrap over persons, \(o.bootstrap) replicates (seed \(o.seed)), the whole procedure repeated in each; percentile intervals.")
        }
        return CohortEffectReport(instrument: o.instrument.rawValue, design: o.design.rawValue, method: o.estimator.method.rawValue,
                                  estimandID: o.estimandID, estimand: o.estimandName, rows: rows, balance: balance, notes: notes)
    }

    /// Re-estimates every cell on `replicates` resamples of persons and replaces the analytic SEs.
    static func bootstrapped(_ persons: [CohortPerson], _ rows: [CohortEffectRow], _ o: CohortEstimationOptions,
                             progress: ((String) -> Void)?) throws -> [CohortEffectRow] {
        var inner = o
        inner.bootstrap = 0
        let boot = Bootstrap(replicates: o.bootstrap, seed: o.seed)
        var draws = [String: [Double]]()
        func key(_ r: CohortEffectRow) -> String { "\(r.dimension)|\(r.subgroup)|\(r.outcome)|\(r.horizonMonths)" }
        for b in 0..<o.bootstrap {
            progress?("bootstrap \(b + 1) of \(o.bootstrap)")
            let sample = boot.sample(b, count: persons.count).map { persons[$0] }
            guard let r = try? estimate(sample, options: inner) else { continue }
            for row in r.rows { if let e = row.estimate { draws[key(row), default: []].append(e) } }
        }
        return rows.map { r in
            guard r.estimate != nil, let d = draws[key(r)], d.count >= 2 else { return r }
            let summary = BootstrapSummary(values: d, failedReplicates: o.bootstrap - d.count)
            let ci = summary.percentileInterval()
            return CohortEffectRow(instrument: r.instrument, dimension: r.dimension, subgroup: r.subgroup, outcome: r.outcome,
                                   horizonMonths: r.horizonMonths, estimate: r.estimate, se: summary.standardError, ciLow: ci.low, ciHigh: ci.high,
                                   status: r.status, nTreated: r.nTreated, nControl: r.nControl, nTreatedCensored: r.nTreatedCensored,
                                   nControlsUsed: r.nControlsUsed, nTreatedDropped: r.nTreatedDropped,
                                   nTreatedOutsideSupport: r.nTreatedOutsideSupport, maxAbsSMDAfter: r.maxAbsSMDAfter, note: r.note + (d.count < o.bootstrap ? " (\(o.bootstrap - d.count) bootstrap replicates failed)" : ""))
        }
    }

    static func estimateCell(_ persons: [CohortPerson], _ s: StackedSample, _ rows: [Int], _ o: CohortEstimationOptions) throws -> TreatmentEffectEstimate {
        let (x, names) = s.design(persons: persons, rows: rows, dynamic: o.design == .dynamic)
        // Drop columns that are constant in this cell (e.g. the subgroup's own dummy).
        let keep = (0..<x.columns).filter { j in j == 0 || Set(x.column(j)).count > 1 }
        let weighted = o.design == .dynamic && o.dynamicEstimand == .nowVsNever
        let sample = TreatmentSample(treated: rows.map { s.treated[$0] }, outcome: rows.map { s.outcome[$0] },
                                     design: x.selectingColumns(keep), covariateNames: keep.map { names[$0] },
                                     controlWeights: weighted ? rows.map { s.censoringWeight[$0] } : nil,
                                     clusters: o.design == .dynamic ? rows.map { s.person[$0] } : nil)
        guard o.design == .dynamic && o.estimator.method == .psm else {
            return try TreatmentEffectEstimator.estimate(sample, options: o.estimator)
        }
        return try DynamicMatching.estimate(sample, taus: rows.map { s.tau[$0] }, options: o.estimator,
                                            biasAdjustment: o.biasAdjustment)
    }
}
