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
    /// Σ ψ² over rows, or Σ over clusters of (Σ ψ within the cluster)², from ψ added row by row.
    ///
    /// Why not an array of ψ: a national cell has millions of units, and each array of them is a
    /// fresh mapping of tens of megabytes that the kernel zeroes page by page. The sums are those
    /// of the array: ψ added to its cluster's sum in row order, the squares summed in cluster
    /// order (clusters are small non-negative ids, person indices: an array by id), so the
    /// rounding is the same run after run.
    struct ClusteredSquares {
        private var sums: [Double]
        private var total = 0.0
        private let clustered: Bool

        init(clusters: [Int]?) {
            clustered = clusters != nil
            sums = [Double](repeating: 0, count: clusters.map { ($0.max() ?? -1) + 1 } ?? 0)
        }

        mutating func add(_ psi: Double, cluster: @autoclosure () -> Int) {
            if clustered { sums[cluster()] += psi } else { total += psi * psi }
        }

        var sumOfSquares: Double { clustered ? sums.reduce(0) { $0 + $1 * $1 } : total }
    }

    /// `balance`: the table of the same weights when the caller has it (`TreatmentEffectEstimator.estimate`).
    static func estimate(_ s: TreatmentSample, ps: PropensityScore, options o: EstimatorOptions, outsideSupport: Int,
                         balance shared: BalanceTable?, warnings: inout [String]) throws -> TreatmentEffectEstimate {
        let p = ps.scores, y = s.outcome, treated = s.treated
        // The units kept, read off the score where needed rather than listed (see `ClusteredSquares`).
        func kept(_ i: Int) -> Bool { p[i] >= o.trim && p[i] <= 1 - o.trim }
        var keptCount = 0, treatedCount = 0
        for i in 0..<s.count where kept(i) { keptCount += 1; if treated[i] { treatedCount += 1 } }
        if keptCount < s.count { warnings.append("\(s.count - keptCount) units trimmed: propensity score outside [\(o.trim), \(1 - o.trim)]") }
        let n = Double(keptCount), n1 = Double(treatedCount)
        var weights = [Double](repeating: 0, count: s.count)
        var estimate: Double
        var squares = ClusteredSquares(clusters: s.clusters)
        func cluster(_ i: Int) -> Int { s.clusters![i] }
        switch (o.method, o.estimand) {
        case (.ipw, .att):
            // Each sum runs over its group in row order.
            var sumY1 = 0.0, sw0 = 0.0, swy0 = 0.0
            for i in 0..<s.count where kept(i) {
                if treated[i] { weights[i] = 1; sumY1 += y[i] } else {
                    weights[i] = p[i] / (1 - p[i]) * (s.controlWeights?[i] ?? 1)
                    sw0 += weights[i]; swy0 += weights[i] * y[i]
                }
            }
            let m1 = sumY1 / n1, m0 = swy0 / sw0
            estimate = m1 - m0
            for i in 0..<s.count where kept(i) {
                squares.add(treated[i] ? (y[i] - m1) * n / n1 : -weights[i] * (y[i] - m0) * n / sw0, cluster: cluster(i))
            }
        case (.ipw, .ate):
            var sw1 = 0.0, swy1 = 0.0, sw0 = 0.0, swy0 = 0.0
            for i in 0..<s.count where kept(i) {
                if treated[i] { weights[i] = 1 / p[i]; sw1 += weights[i]; swy1 += weights[i] * y[i] } else {
                    weights[i] = 1 / (1 - p[i]) * (s.controlWeights?[i] ?? 1)
                    sw0 += weights[i]; swy0 += weights[i] * y[i]
                }
            }
            let m1 = swy1 / sw1, m0 = swy0 / sw0
            estimate = m1 - m0
            for i in 0..<s.count where kept(i) {
                squares.add(treated[i] ? weights[i] * (y[i] - m1) * n / sw1 : -weights[i] * (y[i] - m0) * n / sw0, cluster: cluster(i))
            }
        case (.aipw, _):
            if s.controlWeights != nil { throw EstimationError.unsupported("AIPW with censoring weights (now vs never) is not available; use psm or ipw") }
            let keep = s.treated.indices.filter(kept)
            let t = keep.filter { treated[$0] }, c = keep.filter { !treated[$0] }
            let x = s.design
            guard t.count > x.columns, c.count > x.columns else {
                throw EstimationError.tooFewUnits(treated: t.count, control: c.count, needed: x.columns + 1)
            }
            func fit(_ rows: [Int]) throws -> [Double] {
                do { return try LinearRegression.fit(x: x.selectingRows(rows), y: rows.map { y[$0] }, columnNames: s.covariateNames).coefficients }
                catch { throw EstimationError.unsupported("outcome model: \(error)") }
            }
            let mu0 = x.multiply(try fit(c)), mu1 = x.multiply(try fit(t))
            let influence: [Double]
            if o.estimand == .ate {
                for i in t { weights[i] = 1 / p[i] }
                for i in c { weights[i] = 1 / (1 - p[i]) }
                let psi = keep.map { i in mu1[i] - mu0[i] + (treated[i] ? (y[i] - mu1[i]) / p[i] : -(y[i] - mu0[i]) / (1 - p[i])) }
                estimate = psi.reduce(0, +) / n
                influence = psi.map { $0 - estimate }
            } else {
                for i in t { weights[i] = 1 }
                for i in c { weights[i] = p[i] / (1 - p[i]) }
                let terms = keep.map { i in treated[i] ? y[i] - mu0[i] : -weights[i] * (y[i] - mu0[i]) }
                estimate = terms.reduce(0, +) / n1
                influence = keep.indices.map { k in (terms[k] - (treated[keep[k]] ? estimate : 0)) * n / n1 }
            }
            for (k, i) in keep.enumerated() { squares.add(influence[k], cluster: cluster(i)) }
        case (.psm, _):
            throw EstimationError.unsupported("matching is not a weighting method")
        }
        let se = (squares.sumOfSquares / (n * n)).squareRoot()
        let balance = shared ?? BalanceTable(sample: s, weights: weights, estimand: o.estimand, distance: ps.scores)
        if balance.maxAbsSMDAfter > 0.1 {
            warnings.append("covariate balance: largest |SMD| after weighting is \(String(format: "%.3f", balance.maxAbsSMDAfter)) (> 0.1)")
        }
        var maxW = 0.0, sumW = 0.0, controlsUsed = 0
        for i in 0..<s.count where kept(i) && !treated[i] {
            maxW = max(maxW, weights[i]); sumW += weights[i]
            if weights[i] > 0 { controlsUsed += 1 }
        }
        if sumW > 0 && maxW / sumW > 0.1 { warnings.append("one control carries \(String(format: "%.0f", 100 * maxW / sumW))% of the control weight: consider --trim") }
        return TreatmentEffectEstimate(
            method: o.method, estimand: o.estimand, estimate: estimate, standardError: se,
            standardErrorMethod: "influence function" + (s.clusters == nil ? "" : " summed within persons") + ", propensity score treated as known",
            ciLow: estimate - TreatmentEffectEstimator.z95 * se, ciHigh: estimate + TreatmentEffectEstimator.z95 * se,
            nTreated: treatedCount, nControl: keptCount - treatedCount, nControlsUsed: controlsUsed,
            nTreatedOutsideSupport: outsideSupport, nTreatedDroppedByCaliper: 0, balance: balance, warnings: warnings)
    }
}
