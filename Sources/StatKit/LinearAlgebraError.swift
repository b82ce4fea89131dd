/// Why a linear-algebra routine could not return a result.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The matrix is not (numerically) positive definite: the leading minor of this order is not positive.
    case notPositiveDefinite(order: Int)
    /// A LAPACK routine reported an illegal argument (a programming error in reval).
    case lapackArgument(routine: String, info: Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let k):
            return "matrix is not positive definite (leading minor of order \(k) is not positive)"
        case .lapackArgument(let r, let info):
            return "LAPACK \(r) rejected argument \(-info)"
        }
    }
}
