/// A fitted treatment-effect estimate: the estimate with its uncertainty and the diagnostics
/// that say whether to believe it (statsmodels-style results value).
public struct TreatmentEffectEstimate: Sendable, Codable, Equatable {
    public let method: EstimationMethod
    public let estimand: Estimand
    public let estimate: Double
    public let standardError: Double?
    /// How `standardError` was computed.
    public let standardErrorMethod: String
    public let ciLow: Double?
    public let ciHigh: Double?
    public let nTreated: Int
    public let nControl: Int
    /// Distinct controls used (matching) or with positive weight (weighting).
    public let nControlsUsed: Int
    /// Treated units outside the range of the controls' propensity scores.
    public let nTreatedOutsideSupport: Int
    /// Treated units dropped because no control was within the caliper (matching).
    public let nTreatedDroppedByCaliper: Int
    public let balance: BalanceTable
    public let warnings: [String]

    enum CodingKeys: String, CodingKey {
        case method, estimand, estimate, balance, warnings
        case standardError = "se", standardErrorMethod = "se_method"
        case ciLow = "ci_low", ciHigh = "ci_high"
        case nTreated = "n_treated", nControl = "n_control", nControlsUsed = "n_controls_used"
        case nTreatedOutsideSupport = "n_treated_outside_support"
        case nTreatedDroppedByCaliper = "n_treated_dropped_by_caliper"
    }

    /// A copy with another standard error (e.g. from the bootstrap) and its 95 % interval.
    public func withStandardError(_ se: Double, method: String, interval: (Double, Double)? = nil) -> TreatmentEffectEstimate {
        TreatmentEffectEstimate(method: self.method, estimand: estimand, estimate: estimate, standardError: se, standardErrorMethod: method,
                                ciLow: interval?.0 ?? estimate - 1.959963984540054 * se, ciHigh: interval?.1 ?? estimate + 1.959963984540054 * se,
                                nTreated: nTreated, nControl: nControl, nControlsUsed: nControlsUsed,
                                nTreatedOutsideSupport: nTreatedOutsideSupport, nTreatedDroppedByCaliper: nTreatedDroppedByCaliper,
                                balance: balance, warnings: warnings)
    }
}
