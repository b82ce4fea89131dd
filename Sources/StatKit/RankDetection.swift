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
/// by. (Exactly dependent columns came out at 3–5e-8 in 700 simulated designs of values up
/// to 30,000 with their squares and dummies, however ill-conditioned; a Gram of rows scaled
/// by inexact weights, which this is not, left some at 2e-6.) So the Gram pass is a fast
/// screen: when every rⱼ exceeds 1e-6 the design is clearly of full rank (the common case,
/// one `dsyrk`: n·p²/2 flops); otherwise the decision is taken on the design itself by a
/// Householder QR (LAPACK `dgeqrf`, 2·n·p² flops) whose R is judged as R's `dqrdc2` judges
/// the design (`aliasedByLimitedPivoting`).
public enum RankDetection {
    public static let defaultTolerance = 1e-7

    /// Indices of aliased columns, in increasing order.
    public static func aliasedColumns(of x: Matrix, tolerance: Double = defaultTolerance) -> [Int] {
        guard x.columns > 0, x.rows > 0 else { return [] }
        return aliasedColumns(gram: x.crossProduct(), tolerance: tolerance, design: RowBlocks(x))
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
        return aliasedColumns(gram: gram, tolerance: tolerance, design: RowBlocks(x))
    }

    /// The rows of X for the QR decision, a block at a time: `fill(rows, out, ld)` writes rows
    /// `rows` of X (decoded) column-major into `out`, leading dimension `ld`. Why blocks: a
    /// subgroup cell whose model aliases a column has hundreds of thousands of rows, and a
    /// dense copy of it for the QR was 200 MB at the national peak of memory.
    public struct RowBlocks {
        let rows: Int, columns: Int
        let fill: (Range<Int>, UnsafeMutablePointer<Double>, Int) -> Void

        public init(_ x: Matrix) {
            self.init(MatrixView(x))
        }

        /// Each column is filled by `ColumnReader.gather` (times 1, which is exact), the loop the
        /// Gram passes fill their blocks with.
        public init(_ x: MatrixView) {
            rows = x.rows
            columns = x.columns
            let base = x.base, rowIndices = x.rowIndices, kept = (0..<x.columns).map(x.baseColumn)
            fill = { range, out, ld in
                base.withColumnReaders { readers in
                    Matrix.withGatherBuffers(range.count) { ones, _ in
                        Matrix.withRowList(rowIndices) { at in
                            for (j, c) in kept.enumerated() { readers[c].gather(range.count, from: range.lowerBound, rows: at, times: ones, into: out + j * ld) }
                        }
                    }
                }
            }
        }
    }

    /// The Gram screen on `g` = XᵀX; `design` gives X for the QR when the screen cannot decide.
    public static func aliasedColumns(gram g: Matrix, tolerance: Double, design: RowBlocks) -> [Int] {
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
        return aliasedColumnsByQR(design, tolerance: tolerance)
    }

    /// Residual fraction above which the Gram screen's verdict "not aliased" is certain.
    static let screenThreshold = 1e-6

    /// Rows of X per block of the QR. Why so few: with fewer than 128 columns `dgeqrf` runs
    /// unblocked (`dgeqr2`: a pass over the block per column), so the block should stay in the
    /// core's cache (2,048 × 45 doubles: 0.7 MB); blocks of 65,536 rows (23 MB) took 1.6 times as
    /// long (a 1,000,000 × 45 QR, OpenBLAS 0.3.21 on this machine: 0.75 s against 0.47 s).
    static let qrBlockRows = 2048

    /// The QR decision: the R of X, judged as `dqrdc2` judges X (`aliasedByLimitedPivoting`). X of
    /// at most `qrBlockRows` rows is factorised at once (LAPACK `dgeqrf`); a taller X a block of
    /// rows at a time, each block stacked under the R of the rows before it and factorised again
    /// (TSQR: the R of [R₁; X₂] is the R of [X₁; X₂] up to the signs of its rows, to rounding), so
    /// no copy of X is made. Only a decision near the tolerance could differ from that on a single
    /// factorisation, by rounding: exact collinearity (a subgroup's own dummies) leaves what is
    /// left of a column at ~1e-15 of its norm either way.
    static func aliasedColumnsByQR(_ x: RowBlocks, tolerance: Double) -> [Int] {
        let n = x.rows, p = x.columns
        let blockRows = Swift.max(qrBlockRows, p), stacked = n <= blockRows ? n : p + blockRows
        var a = [Double](repeating: 0, count: stacked * p)
        var start = 0, haveR = false
        while start < n {
            let end = Swift.min(n, start + blockRows)
            let top = haveR ? p : 0, m = top + end - start
            a.withUnsafeMutableBufferPointer { a in
                // Below the R of the rows so far (p rows, upper triangle; zeros below it), this block.
                x.fill(start..<end, a.baseAddress! + top, stacked)
                factorise(a.baseAddress!, rows: m, columns: p, ld: stacked)
                // Keep R (its upper triangle) in the first p rows, zeros below the diagonal.
                for j in 0..<p { for i in (j + 1)..<Swift.max(j + 1, Swift.min(p, m)) { a[j * stacked + i] = 0 } }
            }
            haveR = true
            start = end
        }
        return a.withUnsafeMutableBufferPointer { a in
            aliasedByLimitedPivoting(a.baseAddress!, rows: Swift.min(n, p), columns: p, ld: stacked, tolerance: tolerance)
        }
    }

    /// `dgeqrf` on the m × p matrix at `a` (leading dimension `ld`), in place.
    static func factorise(_ a: UnsafeMutablePointer<Double>, rows: Int, columns: Int, ld: Int) {
        var m = Int32(rows), nn = Int32(columns), lda = Int32(ld), info: Int32 = 0
        var tau = [Double](repeating: 0, count: columns)
        var lwork: Int32 = -1
        var query = [0.0]
        _ = BLASSetup.done
        dgeqrf_(&m, &nn, a, &lda, &tau, &query, &lwork, &info)
        lwork = Int32(Swift.max(1, Int(query[0])))
        var work = [Double](repeating: 0, count: Int(lwork))
        _ = BLASSetup.done
        dgeqrf_(&m, &nn, a, &lda, &tau, &work, &lwork, &info)
        precondition(info == 0, "dgeqrf rejected argument \(-info)")
    }
}
