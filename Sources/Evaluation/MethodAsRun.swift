/// The method of a report as it ran, taken from the config and the estimates, so that the
/// method section describes what was done and nothing else.
public struct MethodAsRun: Codable, Sendable {
    /// dynamic or static.
    public let design: String
    /// psm, ipw or aipw.
    public let estimator: String
    /// now-vs-waiting, now-vs-never, static-att or static-ate.
    public let estimand: String
    public let horizons: [Int]
    public let subgroups: [String]
    public let instruments: [String]
    /// Dynamic design: the latest month of a start that is estimated.
    public let maxTau: Int?
    /// Static design: treated when the start lies within this many months of inflow.
    public let window: Int?
    /// Matching: caliper in standard deviations of the score; nil: none.
    public let caliper: Double?
    /// Matching: controls per treated person.
    public let ratio: Int
    /// Matching: a control may serve several participants.
    public let replacement: Bool
    /// Weighting: scores outside [trim, 1 − trim] left out; 0: none.
    public let trim: Double
    /// Dynamic matching: matches corrected by a linear outcome model of the controls.
    public let biasAdjustment: Bool
    /// Cells with fewer treated or controls are not estimated.
    public let minimumCell: Int
    /// The propensity model's covariates (the first instrument's whole-cohort cell).
    public let covariates: [String]
    public let cohortStart: String
    public let cohortEnd: String
    public let extractionDate: String
    public let describeFrom: String?
    public let describeTo: String?

    enum CodingKeys: String, CodingKey {
        case design, estimator, estimand, horizons, subgroups, instruments, window, caliper, ratio, replacement, trim, covariates
        case maxTau = "max_tau", biasAdjustment = "bias_adjustment", minimumCell = "minimum_cell"
        case cohortStart = "cohort_start", cohortEnd = "cohort_end", extractionDate = "extraction_date"
        case describeFrom = "describe_from", describeTo = "describe_to"
    }
}
