import Foundation
import StatKit

/// The front door: validates the sample, fits the propensity score, and dispatches to
/// the matching or weighting estimator (one file each below).
public enum TreatmentEffectEstimator {
    public static let z95 = 1.959963984540054

    /// - Parameters:
    ///   - propensity: the score of each row when it was fitted already (on a larger sample
    ///     these rows are a subset of); fitted here otherwise.
    ///   - balance: the balance table of an estimate with these options on the same units, tie
    ///     keys, score and censoring weights but another outcome, when the caller has one: the
    ///     table depends on the units' weights after matching or weighting, which those determine
    ///     and the outcome does not, so it is reused instead of computed again.
    public static func estimate(_ s: TreatmentSample, options o: EstimatorOptions, propensity: PropensityScore? = nil,
                                balance: BalanceTable? = nil) throws -> TreatmentEffectEstimate {
        try o.validate()
        let nt = s.treatedCount, nc = s.count - nt
        guard nt >= 2, nc >= 2 else { throw EstimationError.tooFewUnits(treated: nt, control: nc, needed: 2) }
        if o.method == .psm && o.estimand == .ate { throw EstimationError.unsupported("matching estimates the ATT only; use --method ipw or aipw for the ATE") }
        let ps = try propensity ?? PropensityScore(s)
        let cScores = s.treated.indices.filter { !s.treated[$0] }.map { ps.scores[$0] }
        let lo = cScores.min()!, hi = cScores.max()!
        let outside = s.treated.indices.count(where: { s.treated[$0] && (ps.scores[$0] < lo || ps.scores[$0] > hi) })
        var warnings = ps.warnings.map { "propensity model: \($0)" }
        let result: TreatmentEffectEstimate
        switch o.method {
        case .psm: result = MatchingEstimator.estimate(s, ps: ps, options: o, outsideSupport: outside, balance: balance, warnings: &warnings)
        case .ipw, .aipw: result = try WeightingEstimator.estimate(s, ps: ps, options: o, outsideSupport: outside, balance: balance, warnings: &warnings)
        }
        return result
    }

    /// Seeded person-level bootstrap of the whole procedure (propensity model included).
    /// Replicates that fail (e.g. a separated propensity model) are counted and skipped.
    public static func bootstrap(_ s: TreatmentSample, options: EstimatorOptions, replicates: Int, seed: UInt64,
                                 progress: ((Int) -> Void)? = nil) -> BootstrapSummary {
        Bootstrap(replicates: replicates, seed: seed).run(count: s.count, progress: progress) { rows in
            (try? estimate(s.subset(rows), options: options).estimate) ?? .nan
        }
    }
}
