import Cohort

/// Whether an effect-table cell carries a number, a published "no difference", or nothing.
///
/// The distinction matters when effects are applied: "geen verschil" is an estimate
/// of zero, while an empty cell in the source says nothing and must not be read as
/// zero. `effectFound` records a yes/no finding (tables 3.2/3.3 of 004) without a size.
public enum EffectStatus: String, Sendable, Codable, CaseIterable {
    case estimate
    case noDifference = "no_difference"
    case notReported = "not_reported"
    case effectFound = "effect_found"
}

/// The outcomes an effect table can hold.
public enum EffectOutcome: String, Sendable, Codable, CaseIterable {
    /// Extra persons out of benefit per 100 treated at the horizon (percentage points).
    case outOfBenefit = "out_of_benefit"
    /// Extra months out of benefit per treated person within the horizon.
    case monthsOutOfBenefit = "months_out_of_benefit"
    /// Extra persons out of benefit *to work* per 100 treated (where end reasons are registered).
    case outToWork = "out_to_work"
    /// Extra persons durably out of benefit (6 months in a row) per 100 treated, as
    /// `reval estimate --outcomes durably_out_of_benefit` writes it.
    case durablyOutOfBenefit = "durably_out_of_benefit"
    /// Difference in the share back on benefit within 12 months of leaving, per 100 treated who
    /// left (`reval estimate --outcomes reentry_within_12_months`).
    case reentryWithin12Months = "reentry_within_12_months"
    /// Yes/no finding: does the instrument save benefit months for this group? (004 tables 3.2/3.3)
    case findingMonthsSaved = "finding_months_saved"
    /// Yes/no finding: more people out of benefit in the long run? (004 tables 3.2/3.3)
    case findingOutOfBenefit = "finding_out_of_benefit"

    /// The values an effect on this outcome can take at horizon `months`: a difference of two
    /// shares per 100 lies within ±100, a difference in months within ± the horizon; nil for the
    /// yes/no findings.
    public func possibleRange(horizonMonths months: Int) -> ClosedRange<Double>? {
        switch self {
        case .outOfBenefit, .outToWork, .durablyOutOfBenefit, .reentryWithin12Months: return -100...100
        case .monthsOutOfBenefit: return -Double(months)...Double(months)
        case .findingMonthsSaved, .findingOutOfBenefit: return nil
        }
    }
}

extension EffectUnit {
    /// The unit of an effect on `outcome` (an `EffectOutcome` id; percentage points for an unknown one).
    public init(outcome: String) { self = EffectOutcome(rawValue: outcome)?.unit ?? .percentagePoints }
}

extension EffectOutcome {
    /// The unit of an effect on this outcome.
    public var unit: EffectUnit {
        switch self {
        case .outOfBenefit, .outToWork, .durablyOutOfBenefit, .reentryWithin12Months: return .percentagePoints
        case .monthsOutOfBenefit: return .months
        case .findingMonthsSaved, .findingOutOfBenefit: return .finding
        }
    }
}

/// One row of an effect table (format of DESIGN §5): instrument × subgroup × outcome × horizon.
public struct EffectRow: Sendable, Equatable, Codable {
    public let instrument: String
    /// `all` for an instrument's average, else education, age, work_history or sex.
    public let dimension: String
    public let subgroup: String
    public let outcome: EffectOutcome
    public let horizonMonths: Int
    /// The estimate; 0 for `no_difference`, nil for `not_reported` and `effect_found`.
    public let estimate: Double?
    public let standardError: Double?
    public let ciLow: Double?
    public let ciHigh: Double?
    public let status: EffectStatus
    public let nTreated: Int?
    public let nControl: Int?
    public let source: String
    /// Physical line in the file it was read from (for messages).
    public let line: Int

    public init(instrument: String, dimension: String, subgroup: String, outcome: EffectOutcome, horizonMonths: Int,
                estimate: Double?, standardError: Double? = nil, ciLow: Double? = nil, ciHigh: Double? = nil,
                status: EffectStatus, nTreated: Int? = nil, nControl: Int? = nil, source: String, line: Int = 0) {
        self.instrument = instrument
        self.dimension = dimension
        self.subgroup = subgroup
        self.outcome = outcome
        self.horizonMonths = horizonMonths
        self.estimate = estimate
        self.standardError = standardError
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.status = status
        self.nTreated = nTreated
        self.nControl = nControl
        self.source = source
        self.line = line
    }

    /// The value to apply: the estimate, 0 for "no difference", nil when the source gives none.
    public var applicableValue: Double? {
        switch status {
        case .estimate: return estimate
        case .noDifference: return 0
        case .notReported, .effectFound: return nil
        }
    }
}
