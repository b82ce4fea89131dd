import Cohort

/// How treated and control units are defined on spell data.
public enum EvaluationDesign: String, Sendable, Codable, CaseIterable {
    /// Sianesi (2004): treated = first trajectory, including the instrument, in elapsed month τ;
    /// controls = on benefit at τ and not treated by τ (they may be treated later). Exact on τ.
    case dynamic
    /// Treated = the instrument started within W months of inflow; controls = no trajectory
    /// within W; covariates and outcomes from inflow. Shown for comparison: it suffers from
    /// survivor bias (see the docs).
    case `static`
}

/// What the controls of the dynamic design stand for.
public enum DynamicEstimand: String, Sendable, Codable, CaseIterable {
    /// Controls may start a trajectory later (Sianesi 2004; the literature's estimand).
    case nowVsWaiting = "now-vs-waiting"
    /// Controls are censored when they start a trajectory and reweighted by the inverse
    /// probability of staying untreated: "how many more than without re-integration".
    case nowVsNever = "now-vs-never"
}

/// The outcomes an estimate can be for.
public enum CohortOutcome: String, Sendable, Codable, CaseIterable {
    /// Out of benefit at τ + h (reported in percentage points: extra persons per 100 treated).
    case outOfBenefit = "out_of_benefit"
    /// Months out of benefit in [τ, τ + h), weighted for censoring (`FollowUpDistribution`):
    /// persons followed up less than τ + h count with the months they were observed.
    case monthsOutOfBenefit = "months_out_of_benefit"
    /// Out of benefit at τ + h *to work* (percentage points), only where the end reason is
    /// registered: a person off benefit whose end reason is missing is left out. The reason is the
    /// cohort spell's (the export's end reason of later spells is not kept in the cohort file).
    case outToWork = "out_to_work"
    /// Durably out of benefit at τ + h (percentage points): off benefit at the start of each of
    /// the 6 months τ + h … τ + h + 5, the field's "duurzame uitstroom"; complete cases (follow-up
    /// to τ + h + 5).
    case durablyOutOfBenefit = "durably_out_of_benefit"
    /// Back on benefit within 12 months of leaving (percentage points), for those who leave
    /// benefit in [τ, τ + h): 100 when on benefit again at one of the 12 month starts after the
    /// first month off benefit, 0 when not. Persons who do not leave in the window, or are not
    /// followed up 12 months after leaving, are left out. It conditions on leaving, which the
    /// treatment itself changes, so it describes the exits rather than estimating a causal effect
    /// on everyone; the notes say so.
    case reentryWithin12Months = "reentry_within_12_months"

    /// The outcomes estimated unless asked otherwise.
    public static let standard: [CohortOutcome] = [.outOfBenefit, .monthsOutOfBenefit]

    /// The value for a person from month `start` over horizon `h`, or nil when it cannot be
    /// observed: for the states at τ + h, follow-up shorter than τ + h (complete cases); for
    /// months out of benefit, a month of the window that nobody of the person's inflow year is observed in.
    /// Inlined: called once per sample row with a person read in place, which a call would copy
    /// (a retain and release of each of its arrays; 2 % of a national estimate).
    @inline(__always)
    func value(_ p: CohortPerson, start: Int, horizon h: Int, followUp: FollowUpDistribution) -> Double? {
        let observedAtEnd = start + h <= p.followupMonths
        switch self {
        case .monthsOutOfBenefit:
            return followUp.monthsOutOfBenefit(p, start: start, horizon: h)
        case .outOfBenefit:
            guard observedAtEnd else { return nil }
            return p.onBenefit[start + h] ? 0 : 100
        case .outToWork:
            guard observedAtEnd else { return nil }
            if p.onBenefit[start + h] { return 0 }
            guard let reason = p.endReason, reason != .unknown else { return nil }
            return reason == .work ? 100 : 0
        case .durablyOutOfBenefit:
            guard start + h + 5 <= p.followupMonths else { return nil }
            return (start + h...start + h + 5).allSatisfy { !p.onBenefit[$0] } ? 100 : 0
        case .reentryWithin12Months:
            let end = min(start + h, p.followupMonths + 1)
            guard start < end, let exit = (start..<end).first(where: { !p.onBenefit[$0] }), exit + 12 <= p.followupMonths else { return nil }
            return (exit + 1...exit + 12).contains { p.onBenefit[$0] } ? 100 : 0
        }
    }
}

/// Subgroup dimensions of the effect tables.
public enum SubgroupDimension: String, Sendable, Codable, CaseIterable {
    case education, age, workHistory = "work_history", sex
    /// The provider (aanbieder) of the person's first trajectory of the instrument estimated,
    /// "unknown" when the export names none.
    case provider

    /// The dimensions of the person at inflow, along which the published tables and the
    /// composition-adjusted application (`apply --by`, `composition_by`) split a cohort.
    public static let personal: [SubgroupDimension] = [.education, .age, .workHistory, .sex]

    /// Whether the dimension describes the treatment rather than the person before it (the
    /// provider): its cells split the treated only, and every control is a control in every
    /// cell, so each provider's participants are compared with the same pool.
    public var splitsTreatedOnly: Bool { self == .provider }

    /// The person's cell when `instrument` is estimated (or applied).
    public func cell(of p: CohortPerson, instrument: Instrument) -> String {
        switch self {
        case .education: return p.education
        case .age: return p.ageBand
        case .workHistory: return p.workHistory
        case .sex: return p.sex.rawValue
        case .provider: return p.providers[instrument] ?? "unknown"
        }
    }
}
