import Foundation
import StatKit

/// The propensity score P(treated | X) from a logistic regression fitted by IRLS (StatKit),
/// the model R's `glm(family = binomial)` and MatchIt's default `distance = "glm"` fit.
public struct PropensityScore: Sendable {
    public let model: GLMResults
    /// Fitted probabilities.
    public let scores: [Double]
    /// Fitted log-odds.
    public var logits: [Double] { model.linearPredictor }

    public init(_ sample: TreatmentSample) throws {
        do {
            model = try GeneralizedLinearModel.fit(x: sample.design, y: sample.treated.map { $0 ? 1 : 0 },
                                                   columnNames: sample.covariateNames, family: .binomial)
        } catch let e as ModelError {
            throw EstimationError.propensity(e.description)
        }
        scores = model.fittedValues
    }
}
