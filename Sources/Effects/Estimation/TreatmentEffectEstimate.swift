/// A fitted treatment-effect estimate: the estimate with its uncertainty and the diagnostics
/// that say whether to believe it (statsmodels-style results value).
public struct TreatmentEffectEstimate: Sendable, Encodable, Equatable {
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
    /// Matching with replacement: the ATT's standard error accounting for the estimated propensity
    /// score (Abadie & Imbens 2016; `EstimatedScoreAdjustment`), reported next to `standardError`,
    /// which treats the score as known and carries the 95 % interval. Nil where it does not apply.
    public var standardErrorAdjustedForEstimatedScore: Double? {
        get { adjustedStandardError?.value }
        set { adjustedStandardError = NullableNumber(newValue) }
    }
    /// Stored so that a non-finite adjusted SE is written as null.
    var adjustedStandardError: NullableNumber? = nil
    /// How `standardErrorAdjustedForEstimatedScore` was computed, or why it is not given
    public var adjustedStandardErrorMethod: String? = nil
    /// Dynamic matching: how far apart its matched pairs lie (not written; the sensitivity table
    /// reads it to tell whether a caliper would change the match).
    var pairSpread: DynamicMatching.PairSpread? = nil

    /// The output keys, shared with the cohort effect rows (`se`, `estimand` with `estimand_label`,
    /// `n_treated_dropped`, `notes`).
    enum CodingKeys: String, CodingKey {
        case method, estimand, estimate, balance
        case estimandLabel = "estimand_label", warnings = "notes"
        case standardError = "se", standardErrorMethod = "se_method"
        case ciLow = "ci_low", ciHigh = "ci_high"
        case nTreated = "n_treated", nControl = "n_control", nControlsUsed = "n_controls_used"
        case nTreatedOutsideSupport = "n_treated_outside_support"
        case nTreatedDroppedByCaliper = "n_treated_dropped"
        case adjustedStandardError = "se_adjusted_for_estimated_score"
        case adjustedStandardErrorMethod = "se_adjusted_method"
    }

    /// Every key written, a missing value as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        try c.encode(estimand, forKey: .estimand)
        try c.encode(estimand.label, forKey: .estimandLabel)
        try c.encode(estimate, forKey: .estimate)
        try c.encode(standardError, forKey: .standardError)
        try c.encode(standardErrorMethod, forKey: .standardErrorMethod)
        try c.encode(ciLow, forKey: .ciLow)
        try c.encode(ciHigh, forKey: .ciHigh)
        try c.encode(nTreated, forKey: .nTreated)
        try c.encode(nControl, forKey: .nControl)
        try c.encode(nControlsUsed, forKey: .nControlsUsed)
        try c.encode(nTreatedOutsideSupport, forKey: .nTreatedOutsideSupport)
        try c.encode(nTreatedDroppedByCaliper, forKey: .nTreatedDroppedByCaliper)
        try c.encode(adjustedStandardError ?? NullableNumber(nil), forKey: .adjustedStandardError)
        try c.encode(adjustedStandardErrorMethod, forKey: .adjustedStandardErrorMethod)
        try c.encode(balance, forKey: .balance)
        try c.encode(warnings, forKey: .warnings)
    }

    /// A copy with another standard error (e.g. from the bootstrap) and its 95 % interval.
    public func withStandardError(_ se: Double, method: String, interval: (Double, Double)? = nil) -> TreatmentEffectEstimate {
        TreatmentEffectEstimate(method: self.method, estimand: estimand, estimate: estimate, standardError: se, standardErrorMethod: method,
                                ciLow: interval?.0 ?? estimate - 1.959963984540054 * se, ciHigh: interval?.1 ?? estimate + 1.959963984540054 * se,
                                nTreated: nTreated, nControl: nControl, nControlsUsed: nControlsUsed,
                                nTreatedOutsideSupport: nTreatedOutsideSupport, nTreatedDroppedByCaliper: nTreatedDroppedByCaliper,
                                balance: balance, warnings: warnings,
                                adjustedStandardError: adjustedStandardError, adjustedStandardErrorMethod: adjustedStandardErrorMethod,
                                pairSpread: pairSpread)
    }
}

/// A number written as JSON null when absent or not finite.
struct NullableNumber: Encodable, Equatable, Sendable {
    let value: Double?
    init(_ value: Double?) { self.value = value }
    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value, value.isFinite { try c.encode(value) } else { try c.encodeNil() }
    }
}
