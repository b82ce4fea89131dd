/// The unit of a number reval reports: every output names it (key and column `unit`), so a
/// reader knows a 0–1 share from percentage points. Effects and applied figures (`Effects`)
/// and the shares of a description (`Share`) speak this one vocabulary; it lives here, below
/// both.
public enum EffectUnit: String, Sendable, Codable, CaseIterable {
    /// Extra persons per 100 treated: a difference of two shares, times 100.
    case percentagePoints = "percentage_points"
    /// Months (out of benefit, or saved).
    case months
    /// Euros.
    case euros
    /// A share from 0 to 1.
    case share
    /// A number of persons (an applied effect: extra persons out of benefit).
    case persons
    /// A yes/no finding without a size.
    case finding
}
