/// Names the covariate behind complete or quasi-complete separation in a binary model.
///
/// Called only when IRLS has driven fitted probabilities to 0 or 1. First looks for a
/// single covariate that splits the outcome by a threshold (all y = 1 on one side,
/// with at most ties at the threshold): this is the common case, e.g. a category in
/// which every person has the same outcome. If none does, the separation involves a
/// combination of covariates; the covariate whose coefficient has run off furthest
/// (largest |β|·sd(x)) is named as the one to look at first.
enum Separation {
    struct Finding {
        let covariate: String
        let detail: String
    }

    static func find(x: Matrix, y: [Double], weights: [Double], names: [String], beta: [Double]) -> Finding? {
        let rows = (0..<x.rows).filter { weights[$0] > 0 }
        guard Set(rows.map { y[$0] }).isSubset(of: [0, 1]) else { return nil }
        var bestDiverging: (name: String, size: Double)?
        for j in 0..<x.columns {
            var min1 = Double.infinity, max1 = -Double.infinity, min0 = Double.infinity, max0 = -Double.infinity
            var sum = 0.0, sumSq = 0.0
            for i in rows {
                let v = x[i, j]
                sum += v; sumSq += v * v
                if y[i] == 1 { min1 = Swift.min(min1, v); max1 = Swift.max(max1, v) } else { min0 = Swift.min(min0, v); max0 = Swift.max(max0, v) }
            }
            let m = Double(rows.count)
            let sd = Swift.max(0, sumSq / m - (sum / m) * (sum / m)).squareRoot()
            if sd == 0 { continue } // the intercept or a constant column cannot separate
            if max0 <= min1 {
                return Finding(covariate: names[j], detail: "separates the outcome: every row with \(names[j]) > \(fmt(max0)) has outcome 1 and every row with \(names[j]) < \(fmt(min1)) has outcome 0")
            }
            if max1 <= min0 {
                return Finding(covariate: names[j], detail: "separates the outcome: every row with \(names[j]) > \(fmt(max1)) has outcome 0 and every row with \(names[j]) < \(fmt(min0)) has outcome 1")
            }
            let size = abs(beta[j]) * sd
            if bestDiverging == nil || size > bestDiverging!.size { bestDiverging = (names[j], size) }
        }
        guard let d = bestDiverging else { return nil }
        return Finding(covariate: d.name, detail: "is part of a combination of covariates that predicts the outcome perfectly (its coefficient diverges)")
    }

    private static func fmt(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
