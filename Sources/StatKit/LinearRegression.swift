/// Ordinary and weighted least squares with classical, HC1 and cluster-robust standard errors.
///
/// With ê = y − Xβ̂, W = diag(w), B = (XᵀWX)⁻¹ and n observations, k coefficients:
/// - classical: σ̂² B, σ̂² = Σ wᵢ êᵢ² / (n − k)  (R `summary(lm)`);
/// - HC1: n/(n−k) · B (Σ wᵢ² êᵢ² xᵢxᵢᵀ) B  (MacKinnon & White 1985; R `sandwich::vcovHC(type = "HC1")`);
/// - cluster: G/(G−1) · (n−1)/(n−k) · B (Σ_g s_g s_gᵀ) B with s_g = Σ_{i∈g} wᵢ êᵢ xᵢ
///   (Liang & Zeger 1986 with Stata's small-sample factor; R `sandwich::vcovCL(type = "HC1")`).
public enum LinearRegression {
    public enum Covariance: Sendable, Equatable {
        case classical
        case hc1
        /// Cluster-robust; one cluster label per row.
        case cluster([Int])
    }

    public static func fit(x: Matrix, y: [Double], columnNames: [String], weights: [Double]? = nil,
                           covariance: Covariance = .classical) throws -> LinearRegressionResults {
        let n = x.rows, k = x.columns
        precondition(y.count == n && columnNames.count == k, "x, y and names do not match")
        let w = weights ?? [Double](repeating: 1, count: n)
        for i in 0..<n where !y[i].isFinite { throw ModelError.nonFinite(what: "outcome", row: i) }
        let aliased = RankDetection.aliasedColumns(of: x)
        if !aliased.isEmpty {
            throw ModelError.singular("aliased column(s) " + aliased.map { "'\(columnNames[$0])'" }.joined(separator: ", ") +
                                      " are linear combinations of earlier columns")
        }
        if n <= k { throw ModelError.tooFewObservations(observations: n, coefficients: k) }
        let wls: WeightedLeastSquares
        do { wls = try WeightedLeastSquares(x: MatrixView(x), z: y, w: w) } catch { throw ModelError.singular("XᵀWX is not positive definite") }
        let beta = wls.coefficients
        let fitted = x.multiply(beta)
        let resid = (0..<n).map { y[$0] - fitted[$0] }
        let df = n - k
        let rss = (0..<n).reduce(0) { $0 + w[$1] * resid[$1] * resid[$1] }
        let sigma2 = rss / Double(df)
        let bread = wls.unscaledCovariance

        var v: Matrix
        switch covariance {
        case .classical:
            v = bread
            for j in 0..<k { for i in 0..<k { v[i, j] *= sigma2 } }
        case .hc1:
            let meat = x.weightedCrossProduct((0..<n).map { let s = w[$0] * resid[$0]; return s * s })
            v = sandwich(bread, meat, factor: Double(n) / Double(df))
        case .cluster(let labels):
            precondition(labels.count == n, "one cluster label per row")
            var scores = [Int: [Double]]()
            for i in 0..<n {
                let s = w[i] * resid[i]
                var acc = scores[labels[i]] ?? [Double](repeating: 0, count: k)
                for j in 0..<k { acc[j] += s * x[i, j] }
                scores[labels[i]] = acc
            }
            let g = scores.count
            let keys = scores.keys.sorted()
            let sMatrix = Matrix(rowMajor: keys.map { scores[$0]! })
            let meat = sMatrix.crossProduct()
            let factor = Double(g) / Double(g - 1) * Double(n - 1) / Double(df)
            v = sandwich(bread, meat, factor: factor)
        }
        let se = (0..<k).map { v[$0, $0].squareRoot() }
        let t = zip(beta, se).map { $0 / $1 }
        let dfForP: Double
        if case .cluster(let labels) = covariance { dfForP = Double(Set(labels).count - 1) } else { dfForP = Double(df) }
        let p = t.map { Distributions.studentTTwoSidedP($0, degreesOfFreedom: dfForP) }
        let sw = w.reduce(0, +)
        let ybar = (0..<n).reduce(0) { $0 + w[$1] * y[$1] } / sw
        let tss = (0..<n).reduce(0) { $0 + w[$1] * (y[$1] - ybar) * (y[$1] - ybar) }
        return LinearRegressionResults(
            columnNames: columnNames, coefficients: beta, standardErrors: se, tValues: t, pValues: p,
            covariance: v, residuals: resid, sigma: sigma2.squareRoot(), rSquared: 1 - rss / tss,
            residualDegreesOfFreedom: df, covarianceType: covariance)
    }

    private static func sandwich(_ bread: Matrix, _ meat: Matrix, factor: Double) -> Matrix {
        var v = bread * meat * bread
        for j in 0..<v.columns { for i in 0..<v.rows { v[i, j] *= factor } }
        return v
    }
}

/// A fitted linear regression: estimates, standard errors of the requested type, and fit statistics.
public struct LinearRegressionResults: Sendable {
    public let columnNames: [String]
    public let coefficients: [Double]
    public let standardErrors: [Double]
    public let tValues: [Double]
    /// Two-sided p-values from t with n − k degrees of freedom (G − 1 for cluster-robust SEs).
    public let pValues: [Double]
    public let covariance: Matrix
    public let residuals: [Double]
    /// Residual standard error √(Σ w ê² / (n − k)).
    public let sigma: Double
    public let rSquared: Double
    public let residualDegreesOfFreedom: Int
    public let covarianceType: LinearRegression.Covariance
}
