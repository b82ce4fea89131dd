import Cohort
import TableKit
import StatKit

/// The rows a design compares, built once per instrument and shared by every subgroup cell,
/// outcome and horizon: for the dynamic design one row per treated person at their τ and one
/// per control person at every τ they are eligible for (on benefit and not yet treated); for
/// the static design one row per person. Each row knows its person, τ and covariates at τ.
///
/// Which rows exist does not depend on the outcome or the horizon, so one propensity model
/// per cell serves them all; the outcome of a row at a horizon may be unobservable
/// (`outcomes`), and only then is the row left out of that horizon's estimate.
struct PersonPeriodSample: Sendable {
    var person: [Int] = []
    var tau: [Int] = []
    var treated: [Bool] = []
    /// Each row's tie key for matching (`TreatmentSample.tieKeys`): a uniform number from the
    /// person's content hash, τ and group, so equal scores are ordered by content alone.
    var tieKey: [Double] = []
    /// Treated persons left out because their τ exceeds the maximum.
    var treatedBeyondMaxTau = 0
    /// Control rows eligible at the treated persons' τ (on benefit, not yet treated), before any thinning.
    var eligibleControlRows = 0
    /// Expected share of the eligible control rows kept (1: the full pool).
    var controlShareKept = 1.0

    var count: Int { person.count }

    /// Builds the rows of one instrument. `hashes` are the persons' content hashes (`CanonicalOrder`).
    ///
    /// The controls are the full pool of eligible rows while these number at most
    /// `controlRowBudget` (nil: always). Above it, each τ keeps the share
    /// max(budget / eligible rows, `minimumControlsPerTreated` × treated(τ) / eligible(τ)) of its
    /// controls: a person at τ is kept when a uniform number drawn from its content hash and τ
    /// falls below the share.
    /// Either way the sample is a function of the data alone — never of a row's position, an
    /// id or a seed. Thinning costs precision, not bias (the kept controls are a random sample
    /// of each τ's pool); the analytic standard errors are those of the thinned sample.
    static func build(persons: [CohortPerson], hashes: [UInt64], instrument: Instrument, design: EvaluationDesign,
                      window: Int, maxTau: Int, controlRowBudget: Int?, minimumControlsPerTreated: Int) -> PersonPeriodSample {
        var s = PersonPeriodSample()
        switch design {
        case .static:
            for (i, p) in persons.enumerated() {
                let isTreated = p.instrumentStarts[instrument].map { $0 < window } ?? false
                let isControl = p.firstTrajectoryMonth.map { $0 >= window } ?? true
                if isTreated || isControl { s.append(i, 0, isTreated, hashes[i]) }
            }
        case .dynamic:
            var treatedAt = [Int](repeating: 0, count: maxTau + 1)
            for (i, p) in persons.enumerated() {
                guard let f = p.firstTrajectoryMonth, p.instrumentStarts[instrument] == f, f >= 1 else { continue }
                guard f <= maxTau else { s.treatedBeyondMaxTau += 1; continue }
                s.append(i, f, true, hashes[i])
                treatedAt[f] += 1
            }
            @Sendable func eligible(_ p: CohortPerson, _ t: Int) -> Bool {
                t < p.onBenefit.count && p.onBenefit[t] && (p.firstTrajectoryMonth.map { $0 > t } ?? true)
            }
            // The passes over the control rows run on both cores, a chunk of persons each; the
            // chunks' rows are put together in person order, as one pass would append them.
            let chunks = 16, treatedTaus = treatedAt
            @Sendable func chunk(_ c: Int) -> Range<Int> { persons.count * c / chunks..<persons.count * (c + 1) / chunks }
            let eligibleAt = ParallelMap.run(chunks) { c -> [Int] in
                var eligibleAt = [Int](repeating: 0, count: maxTau + 1)
                for i in chunk(c) { for t in 1...maxTau where treatedTaus[t] > 0 && eligible(persons[i], t) { eligibleAt[t] += 1 } }
                return eligibleAt
            }.reduce(into: [Int](repeating: 0, count: maxTau + 1)) { total, part in for t in total.indices { total[t] += part[t] } }
            let eligibleTotal = eligibleAt.reduce(0, +)
            let keepShare = (0...maxTau).map { t -> Double in
                guard let budget = controlRowBudget, eligibleTotal > budget, eligibleAt[t] > 0 else { return 1 }
                return min(1, max(Double(budget) / Double(eligibleTotal),
                                  Double(minimumControlsPerTreated * treatedAt[t]) / Double(eligibleAt[t])))
            }
            s.eligibleControlRows = eligibleTotal
            s.controlShareKept = eligibleTotal > 0 ? (1...maxTau).reduce(0.0) { $0 + keepShare[$1] * Double(eligibleAt[$1]) } / Double(eligibleTotal) : 1
            var controls = ParallelMap.run(chunks) { c -> PersonPeriodSample in
                var part = PersonPeriodSample()
                for i in chunk(c) {
                    for t in 1...maxTau where treatedTaus[t] > 0 && eligible(persons[i], t) {
                        if keepShare[t] < 1 && ContentHash.uniform(hashes[i], t) >= keepShare[t] { continue }
                        part.append(i, t, false, hashes[i])
                    }
                }
                return part
            }
            s.reserveCapacity(s.count + controls.reduce(0) { $0 + $1.count })
            for c in controls.indices { s.append(contentsOf: controls[c]); controls[c] = PersonPeriodSample() }
        }
        return s
    }

    /// Room for `count` rows in every per-row array.
    private mutating func reserveCapacity(_ count: Int) {
        person.reserveCapacity(count); tau.reserveCapacity(count); treated.reserveCapacity(count); tieKey.reserveCapacity(count)
    }

    /// The rows of `other` after these (their counts of persons beyond the maximum τ are not added).
    private mutating func append(contentsOf other: PersonPeriodSample) {
        person += other.person; tau += other.tau; treated += other.treated; tieKey += other.tieKey
    }

    private mutating func append(_ i: Int, _ t: Int, _ isTreated: Bool, _ hash: UInt64) {
        person.append(i); tau.append(t); treated.append(isTreated)
        tieKey.append(ContentHash.uniform(hash, 2 * t + (isTreated ? 1 : 0)))
    }

    /// Each row's outcome over `horizon` from its τ; NaN where it cannot be observed
    /// (`CohortOutcome.value` gives nil; an observed outcome is never NaN). Why not `Double?`: an
    /// optional double takes 16 bytes a row, and a national sample has millions of rows per column.
    func outcomes(_ outcome: CohortOutcome, horizon: Int, persons: [CohortPerson], followUp: FollowUpDistribution) -> [Double] {
        persons.withUnsafeBufferPointer { persons in
            (0..<count).map { r in
                guard let v = outcome.value(persons[person[r]], start: tau[r], horizon: horizon, followUp: followUp) else { return .nan }
                precondition(!v.isNaN, "an observed outcome is a number")
                return v
            }
        }
    }

    /// Now vs never: each control row's weight over `horizon` — 0 when the person starts a
    /// trajectory by τ + horizon (censored at its own start, but kept, so that the propensity
    /// score is fitted on all controls at τ: fitting it after censoring would select on the
    /// later treatment and double the correction the weights make), else 1/P(staying untreated
    /// from τ to τ + horizon), capped at 1,000. Treated rows weigh 1.
    func censoringWeights(horizon: Int, persons: [CohortPerson], hazard: TreatmentHazard) -> (weights: [Double], censoredControls: Int) {
        var censored = 0
        let w = persons.withUnsafeBufferPointer { persons in
            (0..<count).map { r -> Double in
                guard !treated[r] else { return 1 }
                let t = tau[r]
                if let f = persons[person[r]].firstTrajectoryMonth, f <= t + horizon { censored += 1; return 0 }
                return 1 / max(hazard.survival(persons[person[r]].onBenefit, person: person[r], from: t, to: t + horizon), 0.001)
            }
        }
        return (w, censored)
    }

    /// Covariates at inflow (`CovariatesAtInflow.values`), the user-named ones (`user`) and, for
    /// the dynamic design, the benefit history up to τ; one row per sample row.
    func design(persons: [CohortPerson], dynamic: Bool, user: UserCovariateDesign) -> (Matrix, [String], [DesignFactor]) {
        let years = Array(Set(person.map { persons[$0].inflowDate.year })).sorted()
        let covariates = CovariatesAtInflow(years: years)
        var names = covariates.names + user.names
        if dynamic { names += ["tau_4_6", "tau_7_12", "tau_13_plus", "months_on_benefit_before_tau", "current_spell_months",
                                "current_spell_0_2", "current_spell_3_5", "current_spell_6_11", "left_benefit_before_tau"] }
        // Coded: nearly every column is a dummy or a small count (`ColumnCoding`), an eighth of the memory.
        var m = Matrix(codedRows: count, columns: names.count)
        // Blocks of rows are built on both cores, each as one row-major array that is then copied
        // into the column-major design; a block is a sixteenth of the rows, so what is in flight
        // stays an eighth of the design (a gigabyte at national scale).
        // The two blocks' arrays are kept from wave to wave: a fresh one per wave was a fresh
        // mapping of tens of megabytes that the kernel zeroes, sixteen per national sample.
        let block = max(4096, count / 16 + 1), blocks = [RowBlock(), RowBlock()]
        for wave in stride(from: 0, to: count, by: 2 * block) {
            _ = ParallelMap.run(2) { h in
                rowValues(min(wave + h * block, count)..<min(wave + (h + 1) * block, count), persons: persons, covariates: covariates,
                          user: user, dynamic: dynamic, into: blocks[h])
            }
            for (h, part) in blocks.enumerated() where !part.values.isEmpty { m.setRows(from: wave + h * block, rowMajor: part.values) }
        }
        let factors = covariates.factors + user.factors
            + (dynamic ? [DesignFactor(reference: "tau_1_3", levels: ["tau_4_6", "tau_7_12", "tau_13_plus"]),
                          DesignFactor(reference: "current_spell_12_plus", levels: ["current_spell_0_2", "current_spell_3_5", "current_spell_6_11"])] : [])
        return (m, names, factors)
    }

    /// The design's values of the rows in `range`, row after row: the covariates at inflow, the
    /// user-named ones and, for the dynamic design, the benefit history up to τ. A person's rows
    /// follow each other (`build` appends them so), so the values at inflow are computed once per
    /// run of rows of one person.
    private func rowValues(_ range: Range<Int>, persons: [CohortPerson], covariates: CovariatesAtInflow, user: UserCovariateDesign,
                           dynamic: Bool, into block: RowBlock) {
        // Taken out of the box while it is filled: appending to a class's property checks exclusive access at every call.
        var out = block.values
        block.values = []
        defer { block.values = out }
        out.removeAll(keepingCapacity: true)
        guard !range.isEmpty else { return }
        var atInflow = [Double](), last = -1
        persons.withUnsafeBufferPointer { persons in
            for r in range {
                let t = tau[r]
                if person[r] != last {
                    atInflow = covariates.values(persons[person[r]]) + (user.covariates.isEmpty ? [] : user.values(persons[person[r]]))
                    last = person[r]
                }
                if out.isEmpty { out.reserveCapacity(range.count * (atInflow.count + (dynamic ? 9 : 0))) }
                out += atInflow
                if dynamic {
                    var onBefore = 0, spell = 0
                    for mth in 0..<t { if persons[person[r]].onBenefit[mth] { onBefore += 1; spell += 1 } else { spell = 0 } }
                    // Appended one by one: an array literal per row is an allocation per row.
                    out.append(t >= 4 && t <= 6 ? 1 : 0); out.append(t >= 7 && t <= 12 ? 1 : 0); out.append(t >= 13 ? 1 : 0)
                    out.append(Double(onBefore)); out.append(Double(spell))
                    out.append(spell < 3 ? 1 : 0); out.append(spell >= 3 && spell < 6 ? 1 : 0); out.append(spell >= 6 && spell < 12 ? 1 : 0)
                    out.append(onBefore < t ? 1 : 0)
                }
            }
        }
    }
}

/// One block of design rows, row after row, refilled wave after wave (`PersonPeriodSample.design`).
/// Unchecked `Sendable`: each wave's two pieces of work fill one block each, and the blocks are
/// read only after both are done.
private final class RowBlock: @unchecked Sendable {
    var values = [Double]()
}
