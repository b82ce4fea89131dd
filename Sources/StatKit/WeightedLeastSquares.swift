/// One weighted least-squares solve, the step shared by OLS/WLS and each IRLS iteration.
///
/// Forms the normal equations `G = XᵀWX`, `b = XᵀWz` in one blocked pass, equilibrates
/// them with D = diag(√Gⱼⱼ) — the same as scaling every column of W^½X to unit norm —
/// and solves `(D⁻¹GD⁻¹) β̃ = D⁻¹b` by Cholesky, β = D⁻¹β̃.
///
/// Why equilibrate: designs mix an intercept with covariates such as earnings in euros
/// (10⁴), which alone puts κ(XᵀX) near 10¹⁰. Diagonal scaling removes that part of the
/// condition number exactly, leaving the normal-equation solve with about κ(X̃)²·ε
/// relative accuracy — well below 1e-9 on typical designs, which is what lets reval agree
/// with R's QR-based `glm.fit` to 1e-6 (1e-12 on LaLonde). A QR of the n × p matrix costs
/// twice the flops and a full copy per iteration, and buys nothing once rank deficiency
/// has been caught beforehand by `RankDetection` — except on a design of full rank so
/// ill-conditioned that its normal equations are not (a near-saturated one: ten rows, twelve
/// covariates, one within 3e-7 of a multiple of another). There the Cholesky fails and the
/// solve falls back to the QR, as R's `glm.fit` takes every step (`init(qrOf:z:w:)`).
struct WeightedLeastSquares {
    let coefficients: [Double]
    /// (XᵀWX)⁻¹, the unscaled covariance of the coefficients.
    let unscaledCovariance: Matrix

    /// - Parameters:
    ///   - x: n × p design of full column rank (callers drop aliased columns first).
    ///   - z: working response.
    ///   - w: non-negative weights (W = diag(w)).
    init(x: MatrixView, z: [Double], w: [Double]) throws {
        do {
            self = try Self(normalEquationsOf: x, z: z, w: w)
        } catch let error as LinearAlgebraError {
            // Too ill-conditioned for the normal equations (κ(X)² past 1/ε): the QR, when the
            // design is small enough to copy (these are the near-saturated ones).
            guard x.rows * (x.columns + 1) <= Self.qrFallbackLimit else { throw error }
            self = try Self(qrOf: x, z: z, w: w)
        }
    }

    private init(normalEquationsOf x: MatrixView, z: [Double], w: [Double]) throws {
        let p = x.columns
        var (gram, rhs) = x.weightedNormalEquations(weights: w, response: z)
        let scale = (0..<p).map { gram[$0, $0] > 0 ? gram[$0, $0].squareRoot() : 1 }
        for j in 0..<p {
            for i in 0..<p { gram[i, j] /= scale[i] * scale[j] }
            rhs[j] /= scale[j]
        }
        let chol = try Cholesky(gram)
        let betaScaled = chol.solve(rhs)
        coefficients = (0..<p).map { betaScaled[$0] / scale[$0] }
        var inv = chol.inverse()
        for j in 0..<p { for i in 0..<p { inv[i, j] /= scale[i] * scale[j] } }
        unscaledCovariance = inv
    }
}
