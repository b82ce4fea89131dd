import CLapack
import Foundation

/// Finds the columns of a design matrix that are (numerically) linear combinations
/// of the columns before them — the columns R's `lm`/`glm` report as `NA` ("aliased").
///
/// Method: an unpivoted Householder QR (LAPACK `dgeqrf`) processes the columns in
/// order; column j is aliased when |Rⱼⱼ| ≤ tol · ‖xⱼ‖, i.e. less than a fraction
/// `tol` of the column survives projection on the columns kept so far. Because the
/// QR is unpivoted, it is always the *later* column of a dependent set that is
/// flagged, which is R's "first come, first kept" rule (LINPACK `dqrdc2`, tol 1e-7).
/// The reflectors of an aliased column are still applied, but its contribution is
/// ~tol relative, so later decisions stay sound.
public enum RankDetection {
    public static let defaultTolerance = 1e-7

    /// Indices of aliased columns, in increasing order.
    public static func aliasedColumns(of x: Matrix, tolerance: Double = defaultTolerance) -> [Int] {
        let n = x.rows, p = x.columns
        guard p > 0, n > 0 else { return [] }
        var norms = [Double](repeating: 0, count: p)
        for j in 0..<p {
            norms[j] = x.withColumn(j) { c in c.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        }
        var a = x.storage
        var m = Int32(n), nn = Int32(p), lda = Int32(n), info: Int32 = 0
        var tau = [Double](repeating: 0, count: p)
        var lwork: Int32 = -1
        var query = [0.0]
        dgeqrf_(&m, &nn, &a, &lda, &tau, &query, &lwork, &info)
        lwork = Int32(Swift.max(1, Int(query[0])))
        var work = [Double](repeating: 0, count: Int(lwork))
        dgeqrf_(&m, &nn, &a, &lda, &tau, &work, &lwork, &info)
        precondition(info == 0, "dgeqrf rejected argument \(-info)")
        var aliased = [Int]()
        for j in 0..<p {
            let rjj = j < n ? abs(a[j + j * n]) : 0
            if norms[j] == 0 || rjj <= tolerance * norms[j] { aliased.append(j) }
        }
        return aliased
    }
}
