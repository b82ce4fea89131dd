import Foundation
import StatKit

/// Standard error of the nearest-neighbour matching ATT that accounts for the propensity score
/// having been estimated by a logit (Abadie & Imbens 2016, "Matching on the Estimated Propensity
/// Score", Econometrica 84(2), 781–807, the ATET result of section 3; Stata's `teffects psmatch,
/// atet` reports this SE as "AI robust").
///
/// Population result (AI 2016, ATET theorem): with θ the logit coefficients, I_θ their Fisher
/// information, F the logistic cdf, f = F(1 − F) its density and p = E[F(X'θ)],
///
///     N·Var(τ̂_t) → σ²_t − c_tᵀ I_θ⁻¹ c_t + (∂τ_t/∂θ)ᵀ I_θ⁻¹ (∂τ_t/∂θ),
///
/// σ²_t the Abadie–Imbens (2006) variance of matching on the known score, c_t the asymptotic
/// covariance of √N τ̂_t with the logit's normalised score (1/√N) Σ Xᵢ(Wᵢ − F(Xᵢ'θ)), and
/// ∂τ_t/∂θ = (1/p) E[X f(X'θ) (μ(1,X) − μ(0,X) − τ_t)] the derivative of the ATT in θ (the
/// treated population moves with the score). The first correction lowers the variance, the
/// second raises it, so unlike the ATE's the ATT's adjustment can go either way.
///
/// Sample analogues (N₁ matched treated units, V_θ = (XᵀŴX)⁻¹ the logit's estimated covariance, so
/// that V_θ ≈ I_θ⁻¹/N):
///
///     V̂ = V̂_AI − Γ̂ᵀ V_θ Γ̂ + D̂ᵀ V_θ D̂
///     V̂_AI = (1/N₁²) [Σ_{W=1} (Yᵢ − Ŷᵢ(0) − τ̂)² + Σ_{W=0} (Kᵢ² − K'ᵢ) σ̂²ᵢ]
///     Γ̂ = (1/N₁) [Σ_{W=1} (1 − p̂ᵢ) Xᵢ (Yᵢ − Ŷᵢ(0) − τ̂) + Σ_{W=0} Kᵢ p̂ᵢ ĉov₀ᵢ]
///     D̂ = (1/N₁) Σ_{all i} f̂ᵢ [Xᵢ (μ̂₁ᵢ − μ̂₀ᵢ − τ̂) + ĉov₁ᵢ − ĉov₀ᵢ]
///
/// Kᵢ = Σ w and K'ᵢ = Σ w² over the matches control i takes part in (w = 1/M, or 1/ties).
/// Γ̂ is the covariance of each unit's contribution to τ̂ with its score term: the treated unit's
/// own term, and −Kᵢ(Yᵢ − μ₀) for a control, whose covariance with −p̂ᵢXᵢ given the score is
/// Kᵢ p̂ᵢ cov(X, μ(0, X) | p). D̂ uses E[X μ(w, X) | p] = E[X | p] μ̄(w, p) + cov(X, μ(w, X) | p).
///
/// Conditional moments by matching within each group on the score, as Stata's
/// `vce(robust, nn(2))` does: ℋ_w(i) is the L = 2 units of group w nearest to unit i's score
/// (i itself, at distance 0, counts when it is in w), with every unit tied at the L-th distance;
/// μ̂_wᵢ is the mean of Y over ℋ_w(i), ĉov_wᵢ the sample covariance (divisor |ℋ| − 1) of X and Y
/// over ℋ_w(i), and σ̂²ᵢ the sample variance of Y over ℋ_{Wᵢ}(i).
///
/// Checked against Stata 19's `teffects psmatch (bweight) (mbsmoke mmarried mage fage medu
/// prenatal1), atet` on cattaneo2 (PeerAgreementTests): same ATT to all printed digits, SE
/// 30.55140 against Stata's 30.55147. The paper's own text was not at hand when this was written:
/// Γ̂ and D̂ are sample analogues derived from the theorem's statement, and their last digits may
/// differ from Stata's.
enum EstimatedScoreAdjustment {
    /// Nearest neighbours used for the conditional moments (Stata's default `nn(2)`).
    static let neighbours = 2

    /// - Parameters:
    ///   - matches: for each treated row index, its matched control rows (one weight 1/count each).
    ///   - controlWeightSums: K (Σ w) and K' (Σ w²) of each control row that was used.
    /// - Returns: the adjusted standard error.
    static func attStandardError(sample s: TreatmentSample, ps: PropensityScore, fit: PropensityScore.Fit,
                                 matches: [(treated: Int, controls: [Int])], att: Double,
                                 controlWeightSums: [Int: (k: Double, k2: Double)]) -> Double {
        let n = s.count, x = fit.design, k = x.columns
        let p = ps.scores, y = s.outcome
        let n1 = Double(matches.count)
        let groups = [true, false].map { g in s.treated.indices.filter { s.treated[$0] == g }.sorted { (p[$0], $0) < (p[$1], $1) } }
        // Per unit: mean of Y and cov(X, Y) over ℋ₁(i) and ℋ₀(i); σ̂² over ℋ_{Wᵢ}(i).
        var mu = [[Double]](repeating: [Double](repeating: 0, count: n), count: 2)
        var cov = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: k), count: n), count: 2)
        var sigma2 = [Double](repeating: 0, count: n)
        for (g, rows) in groups.enumerated() {
            let sorted = rows.map { p[$0] }
            for i in 0..<n {
                let h = nearestSet(to: p[i], sorted: sorted, rows: rows, count: neighbours)
                let m = h.reduce(0) { $0 + y[$1] } / Double(h.count)
                mu[g][i] = m
                if h.count > 1 {
                    for j in 0..<k {
                        let xm = h.reduce(0) { $0 + x[$1, j] } / Double(h.count)
                        cov[g][i][j] = h.reduce(0) { $0 + (x[$1, j] - xm) * (y[$1] - m) } / Double(h.count - 1)
                    }
                    if s.treated[i] == (g == 0) { sigma2[i] = h.reduce(0) { $0 + (y[$1] - m) * (y[$1] - m) } / Double(h.count - 1) }
                }
            }
        }
        var vAI = 0.0
        var gamma = [Double](repeating: 0, count: k), d = [Double](repeating: 0, count: k)
        for (t, controls) in matches {
            let r = y[t] - controls.reduce(0) { $0 + y[$1] } / Double(controls.count) - att
            vAI += r * r
            for j in 0..<k { gamma[j] += (1 - p[t]) * x[t, j] * r }
        }
        for c in controlWeightSums.keys.sorted() {
            let w = controlWeightSums[c]!
            vAI += (w.k * w.k - w.k2) * sigma2[c]
            for j in 0..<k { gamma[j] += w.k * p[c] * cov[1][c][j] }
        }
        for i in 0..<n {
            let f = p[i] * (1 - p[i])
            for j in 0..<k { d[j] += f * (x[i, j] * (mu[0][i] - mu[1][i] - att) + cov[0][i][j] - cov[1][i][j]) }
        }
        vAI /= n1 * n1
        gamma = gamma.map { $0 / n1 }
        d = d.map { $0 / n1 }
        let v = vAI - quadraticForm(gamma, fit.covariance) + quadraticForm(d, fit.covariance)
        return max(v, 0).squareRoot()
    }

    /// aᵀ M a.
    static func quadraticForm(_ a: [Double], _ m: Matrix) -> Double {
        var s = 0.0
        for i in a.indices { for j in a.indices { s += a[i] * m[i, j] * a[j] } }
        return s
    }

    /// The rows whose score is within the `count`-th smallest distance to `x` (ties included),
    /// `sorted` the group's scores in ascending order and `rows` their row indices.
    static func nearestSet(to x: Double, sorted: [Double], rows: [Int], count: Int) -> [Int] {
        guard !sorted.isEmpty else { return [] }
        var lo = 0, hi = sorted.count
        while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] < x { lo = mid + 1 } else { hi = mid } }
        // Walk outwards to the count-th nearest distance.
        var left = lo - 1, right = lo, threshold = 0.0
        for _ in 0..<min(count, sorted.count) {
            let dl = left >= 0 ? x - sorted[left] : .infinity, dr = right < sorted.count ? sorted[right] - x : .infinity
            if dl <= dr { threshold = dl; left -= 1 } else { threshold = dr; right += 1 }
        }
        while left >= 0 && x - sorted[left] <= threshold { left -= 1 }
        while right < sorted.count && sorted[right] - x <= threshold { right += 1 }
        return Array(rows[(left + 1)..<right])
    }
}
