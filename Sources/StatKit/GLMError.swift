/// Why a model could not be fitted. Every case names the covariate or quantity at fault.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// Fewer usable observations than coefficients.
    case tooFewObservations(observations: Int, coefficients: Int)
    /// The outcome of a binomial model lies outside [0, 1].
    case outcomeOutOfRange(row: Int, value: Double)
    /// The outcome, a covariate, a weight or an offset is NaN or infinite.
    case nonFinite(what: String, row: Int)
    /// The maximum-likelihood estimate does not exist because a covariate predicts the outcome perfectly.
    case separation(covariate: String, detail: String)
    /// IRLS did not converge and the fit is not trustworthy.
    case notConverged(iterations: Int)
    /// The normal equations were singular even after dropping aliased columns.
    case singular(String)

    public var description: String { describing { "row \($0 + 1)" } }

    /// The description with a row (0-based) named by `row`: a caller that read the rows from a
    /// file names the file's line instead ("line 12").
    public func describing(row name: (Int) -> String) -> String {
        switch self {
        case .tooFewObservations(let n, let p):
            return "too few observations: \(n) usable rows for \(p) coefficients"
        case .outcomeOutOfRange(let row, let v):
            return "binomial outcome must lie in [0, 1]; \(name(row)) has \(v)"
        case .nonFinite(let what, let row):
            return "\(what) is not a finite number in \(name(row))"
        case .separation(let c, let detail):
            return "separation: covariate '\(c)' \(detail); the maximum-likelihood estimate does not exist (drop or coarsen '\(c)', or use a penalised model)"
        case .notConverged(let it):
            return "IRLS did not converge in \(it) iterations"
        case .singular(let s):
            return "singular design: \(s)"
        }
    }
}
