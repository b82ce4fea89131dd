import Foundation
import StatKit

/// The propensity score P(treated | X) from a logistic regression fitted by IRLS (StatKit),
/// the model R's `glm(family = binomial)` and MatchIt's default `distance = "glm"` fit.
///
/// Fitted once per sample and then carried to subsets of its rows (`restricted(to:)`), so that
/// the outcomes and horizons of one cell, whose observable rows differ, share one model.
public struct PropensityScore: Sendable {
    /// Fitted probabilities.
    public let scores: [Double]
    /// Fitted log-odds.
    public let logits: [Double]
    /// The fit's warnings (e.g. fitted probabilities of 0 or 1).
    public let warnings: [String]
    /// The logit's design (non-aliased columns) and the covariance of its coefficients, which the
    /// standard error adjusted for the estimated score needs (Abadie & Imbens 2016); nil once the
    /// score is carried to a subset of the rows it was fitted on, or when the caller said it will
    /// not need it (`keepingFit: false`: the cohort's cells, whose estimates carry the score to
    /// their rows, and whose fitted design would be a copy of up to a gigabyte).
    public let fit: Fit?

    public struct Fit: Sendable {
        /// n × k design of the fitted (non-aliased) columns, intercept first.
        public let design: Matrix
        /// k × k estimated covariance of the coefficients, (XᵀŴX)⁻¹.
        public let covariance: Matrix
    }

    public init(_ sample: TreatmentSample) throws {
        try self.init(design: sample.design, treated: sample.treated, covariateNames: sample.covariateNames)
    }

    /// Fits the score of `treated` on `design` (intercept first).
    public init(design: Matrix, treated: [Bool], covariateNames: [String]) throws {
        try self.init(design: MatrixView(design), treated: treated, covariateNames: covariateNames)
    }

    /// Fits the score on a view of a larger design (`MatrixView`: a cell's rows and columns, read
    /// in place); `fit` is kept only with `keepingFit` and a view of the whole matrix.
    /// `startAtMean`: IRLS starts from the share treated (`GeneralizedLinearModel.Options.startAtMean`),
    /// fewer steps to the same maximum; off, it starts as R's `glm` does, as the comparisons
    /// with R and MatchIt in generic mode need to the last digit.
    public init(design: MatrixView, treated: [Bool], covariateNames: [String], keepingFit: Bool = true, startAtMean: Bool = false) throws {
        let model: GLMResults
        var options = GeneralizedLinearModel.Options()
        options.startAtMean = startAtMean
        do {
            model = try GeneralizedLinearModel.fit(x: design, y: treated.map { $0 ? 1 : 0 },
                                                   columnNames: covariateNames, family: .binomial, options: options)
        } catch let e as ModelError {
            throw EstimationError.propensity(e.description)
        }
        scores = model.fittedValues
        logits = model.linearPredictor
        warnings = model.warnings
        fit = keepingFit && design.isWhole ? Fit(design: model.aliasedColumns.isEmpty ? design.base : design.base.selectingColumns(model.keptColumns),
                                   covariance: model.covariance) : nil
    }

    private init(scores: [Double], logits: [Double], warnings: [String]) {
        self.scores = scores
        self.logits = logits
        self.warnings = warnings
        fit = nil
    }

    /// The scores of the given rows, in that order.
    public func restricted(to rows: [Int]) -> PropensityScore {
        PropensityScore(scores: scores.gathered(at: rows), logits: logits.gathered(at: rows), warnings: warnings)
    }
}
