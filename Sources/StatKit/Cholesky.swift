import CLapack
import Foundation

/// The Cholesky factorisation `A = Uᵀ U` of a symmetric positive-definite matrix (LAPACK `dpotrf`).
///
/// Used for the normal equations of least squares and IRLS: for a full-rank design
/// this is the fastest stable solve, with relative accuracy about κ(A)·ε.
/// Rank-deficient designs are caught first by `RankDetection` (a Householder QR),
/// because Cholesky on `XᵀX` squares the condition number.
public struct Cholesky: Sendable {
    /// Upper triangle holds U; the strict lower triangle is unused.
    let factor: Matrix

    public init(_ a: Matrix) throws {
        precondition(a.rows == a.columns, "Cholesky needs a square matrix")
        var f = a
        var n = Int32(a.rows), lda = Int32(Swift.max(1, a.rows)), info: Int32 = 0
        var uplo = Int8(UInt8(ascii: "U"))
        if a.rows > 0 {
            _ = BLASSetup.done
            f.storage.withUnsafeMutableBufferPointer { p in dpotrf_(&uplo, &n, p.baseAddress, &lda, &info, 1) }
        }
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(order: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapackArgument(routine: "dpotrf", info: Int(info)) }
        factor = f
    }

    /// The factorisation whose factor U is given (upper triangular, A = UᵀU): the R of a QR of
    /// a matrix whose cross-product A is.
    init(upperFactor: Matrix) {
        precondition(upperFactor.rows == upperFactor.columns, "a Cholesky factor is square")
        factor = upperFactor
    }

    /// Solves `A x = b` (LAPACK `dpotrs`).
    public func solve(_ b: [Double]) -> [Double] {
        var x = b
        var n = Int32(factor.rows), nrhs: Int32 = 1, lda = Int32(Swift.max(1, factor.rows))
        var ldb = lda, info: Int32 = 0
        var uplo = Int8(UInt8(ascii: "U"))
        if factor.rows == 0 { return x }
        factor.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeMutableBufferPointer { px in
                _ = BLASSetup.done
                dpotrs_(&uplo, &n, &nrhs, pa.baseAddress, &lda, px.baseAddress, &ldb, &info, 1)
            }
        }
        precondition(info == 0, "dpotrs rejected argument \(-info)")
        return x
    }

    /// `A⁻¹` (LAPACK `dpotri`), returned as a full symmetric matrix.
    public func inverse() -> Matrix {
        var inv = factor
        var n = Int32(factor.rows), lda = Int32(Swift.max(1, factor.rows)), info: Int32 = 0
        var uplo = Int8(UInt8(ascii: "U"))
        if factor.rows == 0 { return inv }
        _ = BLASSetup.done
        inv.storage.withUnsafeMutableBufferPointer { p in dpotri_(&uplo, &n, p.baseAddress, &lda, &info, 1) }
        precondition(info == 0, "dpotri failed with info \(info) on a factor dpotrf accepted")
        inv.symmetrizeFromUpper()
        return inv
    }

    /// log det A = 2 Σ log Uᵢᵢ.
    public var logDeterminant: Double {
        factor.diagonal.reduce(0) { $0 + 2 * log($1) }
    }
}
