import Foundation
import StatKit

/// Nearest-neighbour propensity-score matching for the dynamic design: exact on τ, nearest
/// neighbour on the pooled score within each τ, with replacement (a person is a control at
/// many τ, so controls cannot be used up).
///
/// Each treated row i gets its matched controls M(i) (the `ratio` nearest, ties at the last
/// distance included) and
///
///     Ŷᵢ(0) = (1/|M(i)|) Σ_{c∈M(i)} [Z_c + μ̂₀(Xᵢ) − μ̂₀(X_c)],   ATT = mean over i of Yᵢ − Ŷᵢ(0),
///
/// where Z_c = w_c Y_c is the control's outcome times its censoring weight (w = 1 for now vs
/// waiting; 0 for a control censored at its own trajectory start and 1/P(staying untreated)
/// otherwise for now vs never), and μ̂₀ is a linear regression of Z on the covariates among the
/// controls: the bias correction of Abadie & Imbens (2011), which removes what the remaining
/// covariate differences within matched pairs would add (matching on a score balances the
/// covariates only on average). Without the correction μ̂₀ drops out.
///
/// With censoring weights each treated row gets at least 10 controls, so the weights stand in
/// for the censored controls within each matched neighbourhood (Horvitz–Thompson: the censored
/// count with Z = 0; a ratio estimator Σ wY/Σ w is biased in small sets because the weights
/// depend on the benefit path after τ, which goes with the outcome).
///
/// Standard error: Abadie & Imbens (2006) on Z, plus the covariance between the rows of one
/// person (a person is a control at many τ, and a treated person was a control before their τ;
/// their outcome windows overlap): V̂ = V̂_AI + Σ_persons [(Σ_r a_r ê_r)² − Σ_r a_r² ê_r²], with
/// a_r = 1/N₁ for a treated row and −Σ_i 1/(|M(i)| N₁) for a control row, and ê_r the row's
/// residual from a linear regression of Y (treated) or Z (controls) on the covariates in its
/// group. The propensity score and the censoring weights are treated as known.
enum DynamicMatching {
    static func estimate(_ s: TreatmentSample, taus: [Int], options o: EstimatorOptions,
                         biasAdjustment: Bool) throws -> TreatmentEffectEstimate {
        let ps = try PropensityScore(s)
        let distance = o.matchOnLogit ? ps.logits : ps.scores
        let sd = WeightedStatistics.variance(distance).squareRoot()
        let z = s.treated.indices.map { s.treated[$0] ? s.outcome[$0] : (s.controlWeights?[$0] ?? 1) * s.outcome[$0] }
        let (mu0, mu0Failure) = groupFit(s, z, treated: false), mu1 = groupFit(s, z, treated: true).prediction
        let ratio = s.controlWeights != nil ? max(o.ratio, 10) : o.ratio
        var matched = [(treated: Int, controls: [Int])]()
        var dropped = 0, outsideSupport = 0
        for t in Set(taus).sorted() {
            let tr = s.treated.indices.filter { taus[$0] == t && s.treated[$0] }
            // All controls at τ, censored ones included: a treated row's matched set is its
            // neighbourhood in the full pool, in which the censoring weights stand in for the censored.
            let co = s.treated.indices.filter { taus[$0] == t && !s.treated[$0] }
            guard !tr.isEmpty else { continue }
            guard !co.isEmpty else { dropped += tr.count; continue }
            // Common support at τ: treated scores outside the range of the controls' (reported; the match is kept).
            let lo = co.map { distance[$0] }.min()!, hi = co.map { distance[$0] }.max()!
            outsideSupport += tr.filter { distance[$0] < lo || distance[$0] > hi }.count
            let m = GreedyMatching(treatedScores: tr.map { distance[$0] }, controlScores: co.map { distance[$0] },
                                   treatedTieKeys: tr.map { s.tieKeys[$0] }, controlTieKeys: co.map { s.tieKeys[$0] },
                                   options: .init(ratio: ratio, replace: true, caliper: o.caliper.map { $0 * sd }))
            for (k, ti) in tr.enumerated() {
                if m.matches[k].isEmpty { dropped += 1 } else { matched.append((ti, m.matches[k].map { co[$0] })) }
            }
        }
        guard !matched.isEmpty else { throw EstimationError.tooFewUnits(treated: 0, control: 0, needed: 1) }
        let n1 = Double(matched.count)
        var diffs = [Double](), weights = [Double](repeating: 0, count: s.count)
        var b = [Int: Double](), b2 = [Int: Double]() // control row → Σ 1/(|M(i)| N₁), Σ of its squares
        for (ti, cs) in matched {
            let k = Double(cs.count)
            let adjust = biasAdjustment ? mu0[ti] : 0
            diffs.append(s.outcome[ti] - cs.reduce(0) { $0 + z[$1] + adjust - (biasAdjustment ? mu0[$1] : 0) } / k)
            weights[ti] = 1
            for c in cs { weights[c] += (s.controlWeights?[c] ?? 1) / k; b[c, default: 0] += 1 / (k * n1); b2[c, default: 0] += 1 / (k * k * n1 * n1) }
        }
        let att = diffs.reduce(0, +) / n1
        let sigma2 = MatchingEstimator.sameGroupVariance(distance: distance, outcome: z, treated: s.treated)
        var v = diffs.reduce(0) { $0 + ($1 - att) * ($1 - att) } / (n1 * n1)
        for c in b.keys.sorted() { v += (b[c]! * b[c]! - b2[c]!) * sigma2[c] } // sorted: run-to-run identical rounding
        // Rows of one person: a_r ê_r summed within the person, minus the rows' own squares (already in V̂_AI).
        var byPerson = [Int: (sum: Double, squares: Double)]()
        func add(_ r: Int, _ a: Double) {
            let e = a * (z[r] - (s.treated[r] ? mu1 : mu0)[r])
            let p = s.clusters?[r] ?? r, old = byPerson[p, default: (0, 0)]
            byPerson[p] = (old.sum + e, old.squares + e * e)
        }
        for (ti, _) in matched { add(ti, 1 / n1) }
        for c in b.keys.sorted() { add(c, -b[c]!) }
        let within = byPerson.keys.sorted().reduce(0.0) { acc, p in let e = byPerson[p]!; return acc + e.sum * e.sum - e.squares }
        let se = max(v + within, 0).squareRoot()
        let balance = BalanceTable(sample: s, weights: weights, estimand: .att)
        var warnings = ps.model.warnings.map { "propensity model: \($0)" }
        if biasAdjustment, let why = mu0Failure { warnings.append("matches not bias-corrected: the controls' outcome model failed (\(why))") }
        if dropped > 0 { warnings.append("\(dropped) treated without a control at their tau (or within the caliper)") }
        if outsideSupport > 0 { warnings.append("\(outsideSupport) treated outside the range of the controls' scores at their tau") }
        if balance.maxAbsSMDAfter > 0.1 { warnings.append("largest |SMD| after matching \(String(format: "%.3f", balance.maxAbsSMDAfter)) > 0.1") }
        return TreatmentEffectEstimate(
            method: .psm, estimand: .att, estimate: att, standardError: se,
            standardErrorMethod: "Abadie-Imbens (2006) within tau strata plus the covariance of one person's rows; propensity score and censoring weights treated as known",
            ciLow: att - TreatmentEffectEstimator.z95 * se, ciHigh: att + TreatmentEffectEstimator.z95 * se,
            nTreated: s.treatedCount, nControl: s.count - s.treatedCount, nControlsUsed: b.count, nTreatedOutsideSupport: outsideSupport,
            nTreatedDroppedByCaliper: dropped, balance: balance, warnings: warnings)
    }

    /// A linear regression of `z` on the design within one group, predicted for every row.
    /// Fitted as a Gaussian GLM so that columns aliased within the group (common in small
    /// subgroup cells) drop out as R's `lm` drops them (coefficient NA, counted as 0). When even
    /// that fails, the group's mean stands in and `failure` says why: the bias correction then
    /// vanishes and the residuals are taken around the mean.
    private static func groupFit(_ s: TreatmentSample, _ z: [Double], treated: Bool) -> (prediction: [Double], failure: String?) {
        let rows = s.treated.indices.filter { s.treated[$0] == treated }
        let mean = rows.reduce(0) { $0 + z[$1] } / Double(max(rows.count, 1))
        do {
            let fit = try GeneralizedLinearModel.fit(x: s.design.selectingRows(rows), y: rows.map { z[$0] }, columnNames: s.covariateNames, family: .gaussian)
            return (s.design.multiply(fit.coefficients.map { $0.isNaN ? 0 : $0 }), nil)
        } catch {
            return ([Double](repeating: mean, count: s.count), "\(error)")
        }
    }
}
