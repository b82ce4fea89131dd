/// Weighted descriptive statistics. Weights are frequency-like: non-negative, not all zero.
public enum WeightedStatistics {
    /// Σ wᵢxᵢ / Σ wᵢ.
    public static func mean(_ x: [Double], weights w: [Double]? = nil) -> Double {
        guard let w else { return x.reduce(0, +) / Double(x.count) }
        precondition(w.count == x.count)
        var sw = 0.0, swx = 0.0
        for i in x.indices { sw += w[i]; swx += w[i] * x[i] }
        return swx / sw
    }

    /// Weighted variance with the reliability-weights correction
    /// Σ wᵢ(xᵢ − x̄)² / (Σw − Σw²/Σw), which equals the usual n − 1 variance for unit
    /// weights and is what MatchIt's balance tables use (`cobalt`'s `col_w_sd`).
    public static func variance(_ x: [Double], weights w: [Double]? = nil) -> Double {
        let w = w ?? [Double](repeating: 1, count: x.count)
        let m = mean(x, weights: w)
        var sw = 0.0, sw2 = 0.0, ss = 0.0
        for i in x.indices {
            sw += w[i]; sw2 += w[i] * w[i]
            ss += w[i] * (x[i] - m) * (x[i] - m)
        }
        return ss / (sw - sw2 / sw)
    }

    /// Weighted quantile: the smallest x with cumulative weight ≥ p·Σw (inverse of the
    /// weighted empirical CDF, R's `quantile(type = 1)` when all weights are equal).
    public static func quantile(_ x: [Double], _ p: Double, weights w: [Double]? = nil) -> Double {
        precondition(!x.isEmpty && p >= 0 && p <= 1)
        let w = w ?? [Double](repeating: 1, count: x.count)
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        let total = w.reduce(0, +)
        let target = p * total
        var cum = 0.0
        for i in order {
            cum += w[i]
            if cum >= target && w[i] > 0 { return x[i] }
        }
        return x[order.last!]
    }

    /// The unweighted quantiles of `x` at each of `ps`, from one sort: each is exactly
    /// `quantile(x, p)` (the smallest value with at least p·n values at or below it; with unit
    /// weights the running sum is the exact count, so the k-th smallest value is the first whose
    /// count k reaches p·n). Why a second function: trimming a national cell asks for two
    /// quantiles of 2.5 million scores, and each `quantile` call sorts them again.
    public static func quantiles(_ x: [Double], _ ps: [Double]) -> [Double] {
        quantiles(sorted: x.sorted(), ps)
    }

    /// `quantiles(_:_:)` of values the caller has in ascending order already.
    public static func quantiles(sorted x: [Double], _ ps: [Double]) -> [Double] {
        precondition(!x.isEmpty && ps.allSatisfy { $0 >= 0 && $0 <= 1 })
        return ps.map { p in x[min(max(Int((p * Double(x.count)).rounded(.up)) - 1, 0), x.count - 1)] }
    }

    /// Which standard deviation a standardised mean difference divides by.
    public enum SMDDenominator: Sendable {
        /// √((s²_treated + s²_control)/2) — for the ATE.
        case pooled
        /// s_treated — for the ATT (MatchIt's default `s.d.denom = "treated"`).
        case treated
    }

    /// Standardised mean difference (x̄_t − x̄_c)/s with s from the *unweighted* groups,
    /// so that before- and after-matching SMDs share one denominator (Stuart 2010).
    public static func standardizedMeanDifference(
        treated: [Double], control: [Double], treatedWeights: [Double]? = nil, controlWeights: [Double]? = nil,
        denominator: SMDDenominator = .treated
    ) -> Double {
        let diff = mean(treated, weights: treatedWeights) - mean(control, weights: controlWeights)
        let s: Double
        switch denominator {
        case .treated: s = variance(treated).squareRoot()
        case .pooled: s = ((variance(treated) + variance(control)) / 2).squareRoot()
        }
        if s > 0 { return diff / s }
        return diff == 0 ? 0 : (diff > 0 ? .infinity : -.infinity)
    }
}
