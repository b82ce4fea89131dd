/// Options shared by the estimators.
public struct EstimatorOptions: Sendable {
    public var method: EstimationMethod = .psm
    public var estimand: Estimand = .att
    /// Controls per treated unit (matching).
    public var ratio = 1
    /// Match with replacement.
    public var replace = false
    /// Caliper in standard deviations of the matching distance; nil for none.
    public var caliper: Double?
    /// Match on the logit of the score instead of the score (MatchIt matches on the score).
    public var matchOnLogit = false
    /// Tie-breaking: by the units' values (row-order independent, default) or by row order (as MatchIt).
    public var tiesByRowOrder = false
    /// Reproduce MatchIt 4.5.1's matches (see `GreedyMatching.Options.preferLower`); implies ties by row order.
    public var matchItCompatible = false
    /// Trim (drop) units with a propensity score outside [trim, 1 − trim] (weighting); 0 for none.
    public var trim = 0.0

    public init() {}
}
