extension WeightedLeastSquares {
    /// Most entries (rows × columns, the response included) of a design the QR copies whole: 64 MB.
    /// The fallback is for the small, near-saturated designs whose normal equations fail; a
    /// national cell never reaches it, and would not be copied.
    static let qrFallbackLimit = 1 << 23

    /// The solve by a Householder QR of [W^½X | W^½z] (LAPACK `dgeqrf`), which is what R's
    /// `glm.fit` does at every step (through `dqrls`): with R the triangular factor of W^½X
    /// and c the first p entries of the last column, β = R⁻¹c by back substitution, accurate to
    /// about κ(X)·ε where the normal equations are accurate to κ(X)²·ε; and
    /// (XᵀWX)⁻¹ = (RᵀR)⁻¹, from R as from a Cholesky factor (`dpotri`; the signs of R's rows
    /// do not matter). A zero on R's diagonal is a singular design, as before.
    init(qrOf x: MatrixView, z: [Double], w: [Double]) throws {
        let n = x.rows, p = x.columns
        guard n >= p else { throw LinearAlgebraError.notPositiveDefinite(order: n + 1) }
        var a = [Double](repeating: 0, count: n * (p + 1))
        a.withUnsafeMutableBufferPointer { a in
            let base = a.baseAddress!
            RankDetection.RowBlocks(x).fill(0..<n, base, n)
            for i in 0..<n {
                let root = w[i].squareRoot()
                for j in 0..<p { base[j * n + i] *= root }
                base[p * n + i] = root * z[i]
            }
            if n > 0 { RankDetection.factorise(base, rows: n, columns: p + 1, ld: n) }
        }
        var beta = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            let rii = a[i * n + i]
            guard rii != 0 else { throw LinearAlgebraError.notPositiveDefinite(order: i + 1) }
            var s = a[p * n + i]
            for j in (i + 1)..<p { s -= a[j * n + i] * beta[j] }
            beta[i] = s / rii
        }
        var factor = Matrix(rows: p, columns: p)
        for j in 0..<p { for i in 0...j { factor[i, j] = a[j * n + i] } }
        coefficients = beta
        unscaledCovariance = Cholesky(upperFactor: factor).inverse()
    }
}
