/// Names the covariate behind complete or quasi-complete separation in a binary model,
/// where the maximum-likelihood estimate does not exist.
///
/// Two checks:
/// 1. Before fitting: a single covariate that splits the outcome by a threshold (every
///    y = 1 on one side, every y = 0 on the other, ties allowed at the threshold). This
///    is the common case, e.g. a category in which every person has the same outcome,
///    and it is exact: along that covariate the likelihood keeps increasing.
/// 2. After fitting, when IRLS has pushed fitted probabilities to 0 or 1: separation by
///    a combination of covariates. It is declared when some coefficient has run off to
///    |β|·sd(x) > 10 (a one-SD change multiplying the odds by more than e¹⁰ ≈ 22,000),
///    and that covariate is named; otherwise the fit stands with R's warning.
enum Separation {
    struct Finding {
        let covariate: String
        let detail: String
    }

    static let divergenceThreshold = 10.0

    static func bySingleCovariate(x: MatrixView, y: [Double], weights: [Double], names: [String]) -> Finding? {
        let rows = (0..<x.rows).filter { weights[$0] > 0 }
        guard rows.allSatisfy({ y[$0] == 0 || y[$0] == 1 }) else { return nil }
        for j in 0..<x.columns {
            var min1 = Double.infinity, max1 = -Double.infinity, min0 = Double.infinity, max0 = -Double.infinity
            // Read in place: a copy of each column of a national cell's view was tens of megabytes.
            // The pass stops once the column cannot separate: the ranges only widen with more rows,
            // so once both outcomes are seen and each range reaches past the other's, no later row
            // makes either threshold hold (nor the column constant). Most columns are known after a
            // few thousand rows.
            x.withColumnReader(j) { c, at in
                for start in stride(from: 0, to: rows.count, by: 4096) {
                    for i in rows[start..<Swift.min(start + 4096, rows.count)] {
                        let v = c[at?[i] ?? i]
                        if y[i] == 1 { min1 = Swift.min(min1, v); max1 = Swift.max(max1, v) } else { min0 = Swift.min(min0, v); max0 = Swift.max(max0, v) }
                    }
                    if min1.isFinite && min0.isFinite && max0 > min1 && max1 > min0 { return }
                }
            }
            if min1 == max1 && min0 == max0 && min1 == min0 { continue } // constant column (the intercept)
            if !min1.isFinite || !min0.isFinite { continue } // outcome itself is constant
            if max0 <= min1 {
                return Finding(covariate: names[j], detail: "separates the outcome: no row with \(names[j]) above \(fmt(max0)) has outcome 0 and no row below \(fmt(min1)) has outcome 1")
            }
            if max1 <= min0 {
                return Finding(covariate: names[j], detail: "separates the outcome: no row with \(names[j]) above \(fmt(max1)) has outcome 1 and no row below \(fmt(min0)) has outcome 0")
            }
        }
        return nil
    }

    static func byDivergingCoefficient(x: MatrixView, weights: [Double], names: [String], beta: [Double]) -> Finding? {
        var best: (name: String, size: Double)?
        for j in 0..<x.columns {
            let values = x.withColumn(j) { c in (0..<x.rows).filter { weights[$0] > 0 }.map { c[$0] } }
            let sd = WeightedStatistics.variance(values).squareRoot()
            if !(sd > 0) { continue }
            let size = abs(beta[j]) * sd
            if size > divergenceThreshold && (best == nil || size > best!.size) { best = (names[j], size) }
        }
        guard let b = best else { return nil }
        return Finding(covariate: b.name, detail: "is part of a combination of covariates that predicts the outcome perfectly (its coefficient diverges)")
    }

    private static func fmt(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
