import Foundation
import StatKit

/// Nearest-neighbour propensity-score matching for the ATT.
///
/// ATT = mean over matched treated i of (Yᵢ − Ŷᵢ(0)), Ŷᵢ(0) the mean outcome of i's matched
/// controls; this equals MatchIt's weighted difference in means of the matched sample.
/// Standard error: Abadie & Imbens (2006, section 4, the ATT estimator):
/// V̂ = (1/N₁²) [Σ_{i treated} (Yᵢ − Ŷᵢ(0) − τ̂)² + Σ_{j control} ((Σw)² − Σw²) · σ̂²(j)],
/// the sums over the matches control j takes part in, w its weight in each (1/M, or 1/ties);
/// for a fixed ratio M this is K_j(K_j − 1)/M². σ̂²(j) = ½(Y_j − Y_l)² with l the
/// nearest other control on the matching distance. Without replacement K_j ≤ 1 and the
/// second term vanishes. The propensity score is treated as known; with replacement the SE
/// adjusted for the estimated score (Abadie & Imbens 2016, `EstimatedScoreAdjustment`) is
/// reported next to it. The 95 % interval stays on the (2006) SE: the adjustment is defined only
/// for matching with replacement on the score itself, so one interval definition serves every
/// matching option, and the two SEs side by side show how much the estimated score matters.
enum MatchingEstimator {
    /// `balance`: the table of the same match when the caller has it (`TreatmentEffectEstimator.estimate`).
    static func estimate(_ s: TreatmentSample, ps: PropensityScore, options o: EstimatorOptions, outsideSupport: Int,
                         balance shared: BalanceTable?, warnings: inout [String]) -> TreatmentEffectEstimate {
        let distance = o.matchOnLogit ? ps.logits : ps.scores
        let t = s.treated.indices.filter { s.treated[$0] }, c = s.treated.indices.filter { !s.treated[$0] }
        let sd = WeightedStatistics.variance(distance).squareRoot()
        let keys = o.tiesByRowOrder || o.matchItCompatible ? s.treated.indices.map(Double.init) : s.tieKeys
        let m = GreedyMatching(treatedScores: t.map { distance[$0] }, controlScores: c.map { distance[$0] },
                               treatedTieKeys: t.map { keys[$0] }, controlTieKeys: c.map { keys[$0] },
                               options: .init(ratio: o.ratio, replace: o.replace, caliper: o.caliper.map { $0 * sd }, preferLower: o.matchItCompatible))
        var weights = [Double](repeating: 0, count: s.count)
        var diffs = [Double]()
        var matched = [(treated: Int, controls: [Int])]()
        var usedTimes = [Int: Double](), usedSquares = [Int: Double]() // control row → Σ w, Σ w² over its matches
        for (k, ti) in t.enumerated() where !m.matches[k].isEmpty {
            let rows = m.matches[k].map { c[$0] }
            let y0 = rows.reduce(0) { $0 + s.outcome[$1] } / Double(rows.count)
            diffs.append(s.outcome[ti] - y0)
            matched.append((ti, rows))
            weights[ti] = 1
            for r in rows { let w = 1 / Double(rows.count); weights[r] += w; usedTimes[r, default: 0] += w; usedSquares[r, default: 0] += w * w }
        }
        let dropped = m.unmatchedTreated.count
        if dropped > 0 { warnings.append("\(dropped) treated units had no control within the caliper and were dropped: the estimate is for the matched treated only") }
        let n1 = Double(diffs.count)
        let att = diffs.reduce(0, +) / n1
        // Abadie–Imbens variance with σ̂² from the nearest unit of the same group on the matching distance.
        let sigma2 = sameGroupVariance(distance: distance, outcome: s.outcome, treated: s.treated)
        var v = diffs.reduce(0.0) { $0 + ($1 - att) * ($1 - att) }
        // Sorted keys: a Dictionary's order changes between runs, and so would the rounding of the sum.
        for r in usedTimes.keys.sorted() { let kw = usedTimes[r]!; v += (kw * kw - usedSquares[r]!) * sigma2[r] } // (Σw)² − Σw²; K(K−1)/M² for fixed ratio M
        let se = v.squareRoot() / n1
        let balance = shared ?? BalanceTable(sample: s, weights: weights, estimand: .att, distance: distance)
        if balance.maxAbsSMDAfter > 0.1 {
            warnings.append("covariate balance: largest |SMD| after matching is \(String(format: "%.3f", balance.maxAbsSMDAfter)) (> 0.1)")
        }
        var result = TreatmentEffectEstimate(
            method: .psm, estimand: .att, estimate: att, standardError: se, standardErrorMethod: "Abadie-Imbens (2006), propensity score treated as known",
            ciLow: att - TreatmentEffectEstimator.z95 * se, ciHigh: att + TreatmentEffectEstimator.z95 * se,
            nTreated: t.count, nControl: c.count, nControlsUsed: usedTimes.count, nTreatedOutsideSupport: outsideSupport,
            nTreatedDroppedByCaliper: dropped, balance: balance, warnings: warnings)
        let why: String?
        if !o.replace { why = "matching without replacement" }
        else if o.matchOnLogit { why = "matching on the logit of the score" }
        else if dropped > 0 { why = "treated units dropped by the caliper" }
        else if s.clusters != nil || s.controlWeights != nil { why = "several rows per person or censoring weights (cohort mode)" }
        else if ps.fit == nil { why = "propensity model fitted on a larger sample" }
        else { why = nil }
        if let why {
            result.adjustedStandardErrorMethod = "not computed: Abadie-Imbens (2016) covers matching with replacement on the fitted score of one row per person; here \(why)"
        } else {
            let sums = Dictionary(uniqueKeysWithValues: usedTimes.keys.map { ($0, (k: usedTimes[$0]!, k2: usedSquares[$0]!)) })
            result.standardErrorAdjustedForEstimatedScore = EstimatedScoreAdjustment.attStandardError(
                sample: s, ps: ps, fit: ps.fit!, matches: matched, att: att, controlWeightSums: sums)
            result.adjustedStandardErrorMethod = "Abadie-Imbens (2016), logit score estimated; conditional moments from \(EstimatedScoreAdjustment.neighbours) nearest neighbours within each group (Stata's vce(robust, nn(2)))"
        }
        return result
    }

    /// σ̂²(i) = ½ (Yᵢ − Y_l)², l the nearest other unit of i's own group on the distance.
    static func sameGroupVariance(distance: [Double], outcome: [Double], treated: [Bool]) -> [Double] {
        let l = nearestInOwnGroup(distance: distance, treated: treated)
        return outcome.indices.map { i in let d = outcome[i] - outcome[l[i]]; return d * d / 2 }
    }

    /// For each unit, the nearest other unit of its own group (treated or control) on the
    /// distance; itself when it is alone in its group (σ̂² is then 0). `ascending`, when the
    /// caller has it, lists the units ascending by (distance, index) and saves the sort.
    static func nearestInOwnGroup(distance: [Double], treated: [Bool], ascending: [Int]? = nil) -> [Int] {
        var out = Array(distance.indices)
        let order = ascending ?? distance.indices.sorted { distance[$0] < distance[$1] }
        // Each group's rows in the order, made at their size in one pass (a filter per group grew
        // each by copies, and read the groups of millions of rows twice).
        var treatedRows = [Int](), controlRows = [Int]()
        let treatedCount = treated.count(where: { $0 })
        treatedRows.reserveCapacity(treatedCount)
        controlRows.reserveCapacity(treated.count - treatedCount)
        for r in order { if treated[r] { treatedRows.append(r) } else { controlRows.append(r) } }
        for rows in [treatedRows, controlRows] {
            guard rows.count > 1 else { continue }
            for (k, i) in rows.enumerated() {
                let left = k > 0 ? rows[k - 1] : nil, right = k + 1 < rows.count ? rows[k + 1] : nil
                let dl = left.map { abs(distance[i] - distance[$0]) } ?? .infinity
                let dr = right.map { abs(distance[$0] - distance[i]) } ?? .infinity
                out[i] = dl <= dr ? left! : right!
            }
        }
        return out
    }
}
