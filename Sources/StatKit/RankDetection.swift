import CLapack

/// Finds the columns of a design matrix that are (numerically) linear combinations
/// of the columns before them — the columns R's `lm`/`glm` report as `NA` ("aliased").
///
/// Method: Gram–Schmidt in the Gram matrix. With G = XᵀX scaled to unit diagonal
/// (every column to unit norm), columns are taken in order; column j's squared residual
/// after projection on the columns kept so far is r²ⱼ = Gⱼⱼ − Σₖ L²ⱼₖ (a Cholesky step
/// restricted to kept columns). Column j is aliased when rⱼ ≤ tol, i.e. less than a
/// fraction `tol` of its norm survives. Taking columns in order flags the *later* column
/// of a dependent set: R's "first come, first kept" rule (LINPACK `dqrdc2`, tol 1e-7).
///
/// Accuracy: the Gram matrix carries absolute error ~ε per entry after scaling, so rⱼ is
/// only resolved down to about √(p·ε) ≈ 5e-8 — too close to the 1e-7 threshold to decide
/// by. So the Gram pass is a fast screen: when every rⱼ exceeds 1e-6 the design is
/// clearly of full rank (the common case, one `dsyrk`: n·p²/2 flops); otherwise the
/// decision is taken by an unpivoted Householder QR (LAPACK `dgeqrf`, 2·n·p² flops),
/// flagging column j when |Rⱼⱼ| ≤ tol·‖xⱼ‖, exactly as `dqrdc2` does.
public enum RankDetection {
    public static let defaultTolerance = 1e-7

    /// Indices of aliased columns, in increasing order.
    public static func aliasedColumns(of x: Matrix, tolerance: Double = defaultTolerance) -> [Int] {
        guard x.columns > 0, x.rows > 0 else { return [] }
        return aliasedColumns(gram: x.crossProduct(), tolerance: tolerance) { x.decoded() }
    }

    /// Aliased columns of a view of a larger design (`MatrixView`), read in place unless the
    /// Gram screen cannot decide; a whole matrix as `aliasedColumns(of:)`.
    public static func aliasedColumns(of x: MatrixView, tolerance: Double = defaultTolerance) -> [Int] {
        if x.isWhole { return aliasedColumns(of: x.base, tolerance: tolerance) }
        let gram = x.weightedNormalEquations(weights: [Double](repeating: 1, count: x.rows), response: nil).gram
        return aliasedColumns(of: x, unweightedGram: gram, tolerance: tolerance)
    }

    /// As `aliasedColumns(of:)` for a view that is not the whole matrix, when the caller has formed
    /// its Gram XᵀX already (`MatrixView.weightedAndUnweightedGram`: in the pass of a weighted fit).
    public static func aliasedColumns(of x: MatrixView, unweightedGram gram: Matrix, tolerance: Double = defaultTolerance) -> [Int] {
        precondition(!x.isWhole, "a whole matrix is judged on its own cross-product")
        guard x.columns > 0, x.rows > 0 else { return [] }
        return aliasedColumns(gram: gram, tolerance: tolerance) { x.materialized() }
    }

    /// The Gram screen on `g` = XᵀX; `design` gives X for the QR when the screen cannot decide.
    static func aliasedColumns(gram g: Matrix, tolerance: Double, design: () -> Matrix) -> [Int] {
        let p = g.columns
        let norms = (0..<p).map { g[$0, $0].squareRoot() }
        var kept = [Int]()
        var l = Matrix(rows: p, columns: p) // rows of the Cholesky factor for kept columns
        var aliased = [Int]()
        var smallestResidual = Double.infinity
        for j in 0..<p {
            guard norms[j] > 0 else { aliased.append(j); continue }
            var residual = 1.0
            for (pos, k) in kept.enumerated() {
                // L[j, pos] = (G̃[j, k] − Σ_{q<pos} L[j, q] L[k, q]) / L[k, pos]
                var s = g[j, k] / (norms[j] * norms[k])
                for q in 0..<pos { s -= l[j, q] * l[k, q] }
                l[j, pos] = s / l[k, pos]
                residual -= l[j, pos] * l[j, pos]
            }
            let r = Swift.max(residual, 0).squareRoot()
            smallestResidual = Swift.min(smallestResidual, r)
            if r <= tolerance {
                aliased.append(j)
            } else {
                l[j, kept.count] = r
                kept.append(j)
            }
        }
        if smallestResidual > screenThreshold { return aliased }
        var x = design()
        return aliasedColumnsByQR(overwriting: &x, tolerance: tolerance, norms: norms)
    }

    /// Residual fraction above which the Gram screen's verdict "not aliased" is certain.
    static let screenThreshold = 1e-6

    /// The QR decision; `dgeqrf` overwrites `x` with the factorisation. In place, so that a design
    /// the caller copied for it (a view's rows: hundreds of megabytes at national scale) is not
    /// copied once more; a matrix shared with the caller is copied as any array written to.
    static func aliasedColumnsByQR(overwriting x: inout Matrix, tolerance: Double, norms: [Double]) -> [Int] {
        precondition(!x.isCoded, "decode a coded matrix first")
        let n = x.rows, p = x.columns
        var m = Int32(n), nn = Int32(p), lda = Int32(n), info: Int32 = 0
        var tau = [Double](repeating: 0, count: p)
        var lwork: Int32 = -1
        var query = [0.0]
        x.storage.withUnsafeMutableBufferPointer { a in
            _ = BLASThreads.oneThreadPerCall
            dgeqrf_(&m, &nn, a.baseAddress, &lda, &tau, &query, &lwork, &info)
            lwork = Int32(Swift.max(1, Int(query[0])))
            var work = [Double](repeating: 0, count: Int(lwork))
            _ = BLASThreads.oneThreadPerCall
            dgeqrf_(&m, &nn, a.baseAddress, &lda, &tau, &work, &lwork, &info)
        }
        precondition(info == 0, "dgeqrf rejected argument \(-info)")
        return (0..<p).filter { j in
            let rjj = j < n ? abs(x[j, j]) : 0
            return norms[j] == 0 || rjj <= tolerance * norms[j]
        }
    }
}
