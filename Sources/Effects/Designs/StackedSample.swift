import Cohort
import StatKit

/// Person-period rows of a design: for the dynamic design one row per treated person at
/// their τ and per control person at every τ they are eligible for; for the static design
/// one row per person. Each row knows its person, τ and covariates at τ.
struct StackedSample {
    var person: [Int] = []
    var tau: [Int] = []
    var treated: [Bool] = []
    var outcome: [Double] = []
    /// Inverse probability of staying untreated through the horizon (now vs never); 1 otherwise.
    var censoringWeight: [Double] = []
    /// Control rows dropped because the person started a trajectory before the horizon (now vs never).
    var controlsCensoredByTreatment = 0
    /// Persons whose outcome was not observable (follow-up too short), treated and controls.
    var censoredTreated = 0
    /// The treated persons among them (indices into the persons), for per-cell counts.
    var censoredTreatedPersons: [Int] = []
    var censoredControls = 0
    /// Treated persons in the rows followed up less than τ + h (months out of benefit keeps them, censoring-weighted).
    var treatedFollowedUpShort = 0
    /// Treated persons left out because their τ exceeds the maximum.
    var treatedBeyondMaxTau = 0

    /// Control rows eligible at the treated persons' τ (on benefit, not yet treated), before any thinning.
    var eligibleControlRows = 0
    /// Expected share of the eligible control rows kept (1: the full pool).
    var controlShareKept = 1.0

    /// Control rows kept, whatever the budget: at least this many per treated person at each τ.
    static let minimumControlsPerTreated = 10

    /// Builds the rows for one instrument, outcome and horizon. `hashes` are the persons'
    /// content hashes (`CanonicalOrder`).
    ///
    /// The controls are the full pool of eligible rows while these number at most
    /// `controlRowBudget` (nil: always). Above it, each τ keeps the share
    /// max(budget / eligible rows, 10 × treated(τ) / eligible(τ)) of its controls: a person at τ
    /// is kept when a uniform number drawn from its content hash and τ falls below the share.
    /// Either way the sample is a function of the data alone — never of a row's position, an
    /// id or a seed. Thinning costs precision, not bias (the kept controls are a random sample
    /// of each τ's pool); the analytic standard errors are those of the thinned sample.
    static func build(persons: [CohortPerson], hashes: [UInt64], instrument: Instrument, design: EvaluationDesign, outcome: CohortOutcome,
                      horizon: Int, window: Int, maxTau: Int, controlRowBudget: Int?, hazard: TreatmentHazard? = nil) -> StackedSample {
        var s = StackedSample()
        let followUp = FollowUpDistribution(persons: persons)
        switch design {
        case .static:
            for (i, p) in persons.enumerated() {
                let first = p.firstTrajectoryMonth
                let isTreated = p.instrumentStarts[instrument].map { $0 < window } ?? false
                let isControl = first.map { $0 >= window } ?? true
                guard isTreated || isControl else { continue }
                guard let y = outcome.value(p, start: 0, horizon: horizon, followUp: followUp) else {
                    if isTreated { s.censoredTreated += 1; s.censoredTreatedPersons.append(i) } else { s.censoredControls += 1 }
                    continue
                }
                s.append(i, 0, isTreated, y)
            }
        case .dynamic:
            var treatedAt = [Int](repeating: 0, count: maxTau + 1)
            for (i, p) in persons.enumerated() {
                guard let f = p.firstTrajectoryMonth, p.instrumentStarts[instrument] == f else { continue }
                guard f >= 1 else { continue }
                guard f <= maxTau else { s.treatedBeyondMaxTau += 1; continue }
                guard let y = outcome.value(p, start: f, horizon: horizon, followUp: followUp) else { s.censoredTreated += 1; s.censoredTreatedPersons.append(i); continue }
                s.append(i, f, true, y)
                if p.followupMonths < f + horizon { s.treatedFollowedUpShort += 1 }
                treatedAt[f] += 1
            }
            // Controls at τ: on benefit at τ and not treated by τ (optionally thinned by content, above).
            var eligible = [Int](repeating: 0, count: maxTau + 1)
            for p in persons { for t in 1...maxTau where t < p.onBenefit.count && p.onBenefit[t] && (p.firstTrajectoryMonth.map { $0 > t } ?? true) { eligible[t] += 1 } }
            let eligibleTotal = (1...maxTau).reduce(0) { $0 + (treatedAt[$1] > 0 ? eligible[$1] : 0) }
            let keepShare = (0...maxTau).map { t -> Double in
                guard let budget = controlRowBudget, eligibleTotal > budget, eligible[t] > 0 else { return 1 }
                return min(1, max(Double(budget) / Double(eligibleTotal),
                                  Double(Self.minimumControlsPerTreated * treatedAt[t]) / Double(eligible[t])))
            }
            s.controlShareKept = Double(eligibleTotal) > 0 ? (1...maxTau).reduce(0.0) { $0 + keepShare[$1] * Double(treatedAt[$1] > 0 ? eligible[$1] : 0) } / Double(eligibleTotal) : 1
            for (i, p) in persons.enumerated() {
                for t in 1...maxTau where treatedAt[t] > 0 && t < p.onBenefit.count && p.onBenefit[t] && (p.firstTrajectoryMonth.map { $0 > t } ?? true) {
                    s.eligibleControlRows += 1
                    if keepShare[t] < 1 && ContentHash.uniform(hashes[i], t) >= keepShare[t] { continue }
                    guard let y = outcome.value(p, start: t, horizon: horizon, followUp: followUp) else { s.censoredControls += 1; continue }
                    var w = 1.0
                    if let hazard {
                        if let f = p.firstTrajectoryMonth, f <= t + horizon {
                            // Censored at its own trajectory start: kept with weight 0, so that the propensity
                            // score is fitted on all controls at τ (fitting it after censoring would select
                            // on the later treatment and double the correction the weights make).
                            s.controlsCensoredByTreatment += 1
                            w = 0
                        } else {
                            w = 1 / max(hazard.survival(p, from: t, to: t + horizon), 0.001) // weights capped at 1,000
                        }
                    }
                    s.append(i, t, false, y, weight: w)
                }
            }
        }
        return s
    }

    mutating func append(_ i: Int, _ t: Int, _ isTreated: Bool, _ y: Double, weight: Double = 1) {
        person.append(i); tau.append(t); treated.append(isTreated); outcome.append(y); censoringWeight.append(weight)
    }

    /// The covariates at inflow, intercept first, with inflow-year dummies after the first year;
    /// the propensity model and the trajectory-start hazard (`TreatmentHazard`) both use them.
    static func inflowCovariateNames(years: [Int]) -> [String] {
        ["(Intercept)", "age_25_44", "age_45_54", "age_55_plus", "female", "education_high", "education_unknown",
         "worked_24m", "single_parent", "couple", "reentrant"] + years.dropFirst().map { "inflow_\($0)" }
    }

    static func inflowCovariates(_ p: CohortPerson, years: [Int]) -> [Double] {
        [1, p.ageBand == "25-44" ? 1 : 0, p.ageBand == "45-54" ? 1 : 0, p.ageBand == "55+" ? 1 : 0,
         p.sex == .female ? 1 : 0, p.education == "high" ? 1 : 0, p.education == "unknown" ? 1 : 0,
         p.worked24m ? 1 : 0, p.household == .singleParent ? 1 : 0, p.household == .couple ? 1 : 0, p.reentrant ? 1 : 0]
            + years.dropFirst().map { p.inflowDate.year == $0 ? 1 : 0 }
    }

    /// Covariates at inflow plus, for the dynamic design, the benefit history up to τ.
    func design(persons: [CohortPerson], rows: [Int], dynamic: Bool) -> (Matrix, [String]) {
        let years = Array(Set(rows.map { persons[person[$0]].inflowDate.year })).sorted()
        var names = Self.inflowCovariateNames(years: years)
        if dynamic { names += ["tau_4_6", "tau_7_12", "tau_13_plus", "months_on_benefit_before_tau", "current_spell_months",
                                "current_spell_0_2", "current_spell_3_5", "current_spell_6_11", "left_benefit_before_tau"] }
        var m = Matrix(rows: rows.count, columns: names.count)
        for (r, k) in rows.enumerated() {
            let p = persons[person[k]], t = tau[k]
            var v = Self.inflowCovariates(p, years: years)
            if dynamic {
                var onBefore = 0, spell = 0
                for mth in 0..<t { if p.onBenefit[mth] { onBefore += 1; spell += 1 } else { spell = 0 } }
                v += [t >= 4 && t <= 6 ? 1 : 0, t >= 7 && t <= 12 ? 1 : 0, t >= 13 ? 1 : 0, Double(onBefore), Double(spell),
                      spell < 3 ? 1 : 0, spell >= 3 && spell < 6 ? 1 : 0, spell >= 6 && spell < 12 ? 1 : 0, onBefore < t ? 1 : 0]
            }
            for j in 0..<v.count { m[r, j] = v[j] }
        }
        return (m, names)
    }
}
