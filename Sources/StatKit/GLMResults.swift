/// A fitted generalised linear model: estimates, standard errors and diagnostics together,
/// with the quantities R's `summary(glm(...))` prints.
public struct GLMResults: Sendable {
    public let family: GLMFamily
    /// Names of the design columns, `(Intercept)` first when there is one.
    public let columnNames: [String]
    /// One per column; NaN for aliased columns.
    public let coefficients: [Double]
    public let standardErrors: [Double]
    /// z (binomial) or t (gaussian) values.
    public let testStatistics: [Double]
    public let pValues: [Double]
    public let aliasedColumns: [String]
    /// Indices of the non-aliased columns; `covariance` is indexed by position in this list.
    public let keptColumns: [Int]
    /// Covariance of the non-aliased coefficients (dispersion × (XᵀWX)⁻¹).
    public let covariance: Matrix
    public let deviance: Double
    public let nullDeviance: Double
    public let residualDegreesOfFreedom: Int
    public let nullDegreesOfFreedom: Int
    /// 1 for binomial; the Pearson estimate Σ w r² / df for gaussian.
    public let dispersion: Double
    public let aic: Double
    public let iterations: Int
    public let converged: Bool
    /// μ̂ for every row.
    public let fittedValues: [Double]
    /// η̂ = Xβ̂ + offset for every row.
    public let linearPredictor: [Double]
    /// Rows with positive weight.
    public let observations: Int
    /// Non-fatal conditions worth showing the user (R's warnings).
    public let warnings: [String]

    /// "z" for a model with fixed dispersion, "t" otherwise.
    public var statisticName: String { family.hasFixedDispersion ? "z" : "t" }
}
