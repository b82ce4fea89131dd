import Foundation
import StatKit

/// Inverse-probability weighting and augmented IPW (doubly robust).
///
/// IPW (normalised, Hájek): ATE = Σ TᵢYᵢ/pᵢ / Σ Tᵢ/pᵢ − Σ (1−Tᵢ)Yᵢ/(1−pᵢ) / Σ (1−Tᵢ)/(1−pᵢ);
/// ATT = mean of Y over the treated − Σ (1−Tᵢ)Yᵢ pᵢ/(1−pᵢ) / Σ (1−Tᵢ) pᵢ/(1−pᵢ).
/// These equal statsmodels' `TreatmentEffect.ipw` (effect_group "all" and 1).
///
/// AIPW with outcome models μ₀, μ₁ fitted by OLS on the same covariates in each group:
/// ATE = mean[μ₁ − μ₀] + Σ_T (Y − μ₁)/p / n − Σ_C (Y − μ₀)/(1 − p) / n (statsmodels' `aipw`);
/// ATT = [Σ_T (Y − μ₀) − Σ_C p/(1−p) (Y − μ₀)] / N₁ (the doubly robust ATT, e.g. Moodie et al. 2018).
///
/// Standard errors: the influence function of each estimator with the propensity score
/// treated as known, V̂ = Σ ψᵢ²/n², or Σ_persons (Σ_{rows of the person} ψ)²/n² when a person
/// has several rows (cluster-robust: a person's rows at different τ have overlapping outcome
/// windows); `reval estimate --bootstrap B` re-estimates everything instead.
enum WeightingEstimator {
    /// Σ ψ² over rows, or Σ over clusters of (Σ ψ within the cluster)²; summed in cluster order
    /// so that the rounding is the same run after run.
    static func clusteredSumOfSquares(_ psi: [Double], clusters: [Int]?) -> Double {
        guard let clusters else { return psi.reduce(0) { $0 + $1 * $1 } }
        // Clusters are small non-negative ids (person indices): an array by id, not a dictionary.
        var sums = [Double](repeating: 0, count: (clusters.max() ?? -1) + 1)
        for (v, c) in zip(psi, clusters) { sums[c] += v }
        return sums.reduce(0) { $0 + $1 * $1 }
    }

    /// `balance`: the table of the same weights when the caller has it (`TreatmentEffectEstimator.estimate`).
    static func estimate(_ s: TreatmentSample, ps: PropensityScore, options o: EstimatorOptions, outsideSupport: Int,
                         balance shared: BalanceTable?, warnings: inout [String]) throws -> TreatmentEffectEstimate {
        let p = ps.scores
        let keep = s.treated.indices.filter { p[$0] >= o.trim && p[$0] <= 1 - o.trim }
        if keep.count < s.count { warnings.append("\(s.count - keep.count) units trimmed: propensity score outside [\(o.trim), \(1 - o.trim)]") }
        let n = Double(keep.count)
        let t = keep.filter { s.treated[$0] }, c = keep.filter { !s.treated[$0] }
        let y = s.outcome
        var weights = [Double](repeating: 0, count: s.count)
        var estimate: Double
        var influence = [Double]()
        switch (o.method, o.estimand) {
        case (.ipw, .att):
            for i in t { weights[i] = 1 }
            for i in c { weights[i] = p[i] / (1 - p[i]) * (s.controlWeights?[i] ?? 1) }
            let m1 = t.reduce(0) { $0 + y[$1] } / Double(t.count)
            let sw0 = c.reduce(0) { $0 + weights[$1] }
            let m0 = c.reduce(0) { $0 + weights[$1] * y[$1] } / sw0
            estimate = m1 - m0
            let n1 = Double(t.count)
            influence = keep.map { i in s.treated[i] ? (y[i] - m1) * n / n1 : -weights[i] * (y[i] - m0) * n / sw0 }
        case (.ipw, .ate):
            for i in t { weights[i] = 1 / p[i] }
            for i in c { weights[i] = 1 / (1 - p[i]) * (s.controlWeights?[i] ?? 1) }
            let sw1 = t.reduce(0) { $0 + weights[$1] }, sw0 = c.reduce(0) { $0 + weights[$1] }
            let m1 = t.reduce(0) { $0 + weights[$1] * y[$1] } / sw1, m0 = c.reduce(0) { $0 + weights[$1] * y[$1] } / sw0
            estimate = m1 - m0
            influence = keep.map { i in s.treated[i] ? weights[i] * (y[i] - m1) * n / sw1 : -weights[i] * (y[i] - m0) * n / sw0 }
        case (.aipw, _):
            if s.controlWeights != nil { throw EstimationError.unsupported("AIPW with censoring weights (now vs never) is not available; use psm or ipw") }
            let x = s.design
            guard t.count > x.columns, c.count > x.columns else {
                throw EstimationError.tooFewUnits(treated: t.count, control: c.count, needed: x.columns + 1)
            }
            func fit(_ rows: [Int]) throws -> [Double] {
                do { return try LinearRegression.fit(x: x.selectingRows(rows), y: rows.map { y[$0] }, columnNames: s.covariateNames).coefficients }
                catch { throw EstimationError.unsupported("outcome model: \(error)") }
            }
            let mu0 = x.multiply(try fit(c)), mu1 = x.multiply(try fit(t))
            if o.estimand == .ate {
                for i in t { weights[i] = 1 / p[i] }
                for i in c { weights[i] = 1 / (1 - p[i]) }
                let psi = keep.map { i in mu1[i] - mu0[i] + (s.treated[i] ? (y[i] - mu1[i]) / p[i] : -(y[i] - mu0[i]) / (1 - p[i])) }
                estimate = psi.reduce(0, +) / n
                influence = psi.map { $0 - estimate }
            } else {
                for i in t { weights[i] = 1 }
                for i in c { weights[i] = p[i] / (1 - p[i]) }
                let n1 = Double(t.count)
                let terms = keep.map { i in s.treated[i] ? y[i] - mu0[i] : -weights[i] * (y[i] - mu0[i]) }
                estimate = terms.reduce(0, +) / n1
                influence = keep.indices.map { k in (terms[k] - (s.treated[keep[k]] ? estimate : 0)) * n / n1 }
            }
        case (.psm, _):
            throw EstimationError.unsupported("matching is not a weighting method")
        }
        let se = (clusteredSumOfSquares(influence, clusters: s.clusters.map { c in keep.map { c[$0] } }) / (n * n)).squareRoot()
        let balance = shared ?? BalanceTable(sample: s, weights: weights, estimand: o.estimand, distance: ps.scores)
        if balance.maxAbsSMDAfter > 0.1 {
            warnings.append("covariate balance: largest |SMD| after weighting is \(String(format: "%.3f", balance.maxAbsSMDAfter)) (> 0.1)")
        }
        let maxW = c.map { weights[$0] }.max() ?? 0, sumW = c.reduce(0) { $0 + weights[$1] }
        if sumW > 0 && maxW / sumW > 0.1 { warnings.append("one control carries \(String(format: "%.0f", 100 * maxW / sumW))% of the control weight: consider --trim") }
        return TreatmentEffectEstimate(
            method: o.method, estimand: o.estimand, estimate: estimate, standardError: se,
            standardErrorMethod: "influence function" + (s.clusters == nil ? "" : " summed within persons") + ", propensity score treated as known",
            ciLow: estimate - TreatmentEffectEstimator.z95 * se, ciHigh: estimate + TreatmentEffectEstimator.z95 * se,
            nTreated: t.count, nControl: c.count, nControlsUsed: c.filter { weights[$0] > 0 }.count,
            nTreatedOutsideSupport: outsideSupport, nTreatedDroppedByCaliper: 0, balance: balance, warnings: warnings)
    }
}
