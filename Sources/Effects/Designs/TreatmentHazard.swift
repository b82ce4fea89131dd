import Cohort
import Foundation
import StatKit

/// The monthly hazard of starting a first trajectory while on benefit, for the
/// *now vs never* estimand: controls are censored when they start a trajectory themselves
/// and the others are weighted by the inverse probability of staying untreated (IPCW).
///
/// A discrete-time logit on person-months on benefit and untreated: covariates at inflow in groups
/// (and the user-named categorical covariates),
/// inflow year, elapsed-month groups (1, 2–3, 4–6, 7–12, 13–24, 25+) and groups of the current
/// spell's duration (0–2, 3–5, 6–11, 12+ months: whether someone who just came back is offered a
/// trajectory as soon as someone long on benefit differs between municipalities, and a model
/// without it weights the wrong controls up). It is fitted on every person:
/// all covariates are categorical, so the person-months collapse into cells (exposure months
/// and starts), and a binomial GLM on the cells' shares weighted by their exposure has the
/// same maximum-likelihood estimate as the fit on the person-months (10⁸ rows for 10⁶
/// persons) in a few hundred rows. Fitting on a sample instead left an error in the hazard
/// that every weight shares: over a 96-month horizon it moved all cells of one simulation the
/// same way, by more than their standard errors.
struct TreatmentHazard: Sendable {
    /// Each person's covariate key (its number in `stay`), in the order of the persons fitted on.
    let personKey: [Int32]
    /// P(no start in a month on benefit) = 1 − hazard, by covariate key and month × spell cell:
    /// key k's cell c at `stay[k * cells + c]`. Persons share a few hundred keys, so this is
    /// computed once per key, not once per person and call (the censoring weights ask for
    /// millions of survival paths at national scale). One flat array: a walk then reads its
    /// key's row in place, where an array per key cost a retain and release per walk.
    let stay: [Double]
    /// Month × spell cells per key (`stay`'s row length).
    static let cells = monthGroups * spellGroups

    /// Elapsed-month group: 1, 2–3, 4–6, 7–12, 13–24, 25+.
    static func monthGroup(_ m: Int) -> Int { m <= 1 ? 0 : m <= 3 ? 1 : m <= 6 ? 2 : m <= 12 ? 3 : m <= 24 ? 4 : 5 }
    static let monthGroups = 6
    /// Current-spell group, by the months on benefit without a break before month m: 0–2, 3–5, 6–11, 12+.
    static func spellGroup(_ spell: Int) -> Int { spell < 3 ? 0 : spell < 6 ? 1 : spell < 12 ? 2 : 3 }
    static let spellGroups = 4
    /// Cell index of a month: month group × spell group.
    static func cell(month m: Int, spell: Int) -> Int { monthGroup(m) * spellGroups + spellGroup(spell) }

    init(persons: [CohortPerson], user: UserCovariateDesign) throws {
        // The person part: `CovariatesAtInflow.categorical` (5-year age groups, months-worked
        // groups, …) and the dummies of the user-named categorical covariates.
        let covariates = CovariatesAtInflow(years: Array(Set(persons.map { $0.inflowDate.year })).sorted())
        let user = user.categoricalOnly
        // Cells: person covariates × month group × spell group → (exposure months, starts). Each
        // person's covariate key is numbered once; the number also finds the person's hazard later.
        // Tallied by chunks of persons on both cores, each numbering its keys in the order it meets
        // them; the chunks' keys are then numbered in chunk order, which is the order of first
        // appearance over all persons, as one pass would number them. The counts are whole
        // numbers, so adding the chunks' gives exactly one pass's.
        let chunks = 8, width = Self.cells
        let tallies = ParallelMap.run(chunks) { c -> Tally in
            var t = Tally()
            persons.withUnsafeBufferPointer { persons in
                for i in persons.count * c / chunks..<persons.count * (c + 1) / chunks { t.add(persons[i], covariates, user, width: width) }
            }
            return t
        }
        var keys = [[Double]](), number = [[Double]: Int]()
        var counts = [[(exposure: Double, starts: Double)]]()
        var personKey = [Int32]()
        personKey.reserveCapacity(persons.count)
        for t in tallies {
            let global = t.keys.indices.map { k in
                number[t.keys[k]] ?? {
                    number[t.keys[k]] = keys.count
                    keys.append(t.keys[k])
                    counts.append([(exposure: Double, starts: Double)](repeating: (0, 0), count: width))
                    return keys.count - 1
                }()
            }
            for (k, g) in global.enumerated() {
                for c in 0..<width { counts[g][c].exposure += t.counts[k][c].exposure; counts[g][c].starts += t.counts[k][c].starts }
            }
            personKey += t.personKey.map { Int32(global[Int($0)]) }
        }
        self.personKey = personKey
        // Rows in a fixed order (a Dictionary's order changes from run to run, and so would the fit's rounding).
        var rows = [[Double]](), share = [Double](), exposure = [Double]()
        for k in keys.indices.sorted(by: { keys[$0].lexicographicallyPrecedes(keys[$1]) }) {
            let key = keys[k]
            for (cell, c) in counts[k].enumerated() where c.exposure > 0 {
                rows.append(key + Self.timeFeatures(cell: cell))
                share.append(c.starts / c.exposure)
                exposure.append(c.exposure)
            }
        }
        guard let columns = rows.first?.count else { throw EstimationError.unsupported("no person-months to model treatment starts") }
        var x = Matrix(rows: rows.count, columns: columns)
        for (r, v) in rows.enumerated() { for j in 0..<columns { x[r, j] = v[j] } }
        let fit: GLMResults
        do { fit = try GeneralizedLinearModel.fit(x: x, y: share, columnNames: (0..<columns).map { "h\($0)" }, family: .binomial, weights: exposure) } catch {
            throw EstimationError.unsupported("treatment-start hazard model: \(error)")
        }
        // Coefficients: intercept, the person's covariates, inflow years after the first, then the
        // month groups after the first and the spell groups after the first.
        let b = fit.coefficients.map { $0.isNaN ? 0 : $0 }
        let personWidth = columns - Self.monthGroups - Self.spellGroups + 2
        let timeEffects = (0..<width).map { c in zip(Self.timeFeatures(cell: c), b[personWidth...]).reduce(0) { $0 + $1.0 * $1.1 } }
        stay = keys.flatMap { key in
            let base = zip(key, b).reduce(0) { $0 + $1.0 * $1.1 }
            return timeEffects.map { 1 - 1 / (1 + exp(-(base + $0))) }
        }
    }

    /// One chunk of persons' covariate keys (numbered in the order met), exposure months and
    /// starts by key and cell, and each person's key number.
    private struct Tally: Sendable {
        var keys = [[Double]](), number = [[Double]: Int]()
        var counts = [[(exposure: Double, starts: Double)]]()
        var personKey = [Int32]()

        /// Inlined: a person read in place would be copied to a call (a retain of each of its arrays).
        @inline(__always)
        mutating func add(_ p: CohortPerson, _ covariates: CovariatesAtInflow, _ user: UserCovariateDesign, width: Int) {
            let key = TreatmentHazard.personPart(p, covariates, user)
            let k = number[key] ?? {
                number[key] = keys.count
                keys.append(key)
                counts.append([(exposure: Double, starts: Double)](repeating: (0, 0), count: width))
                return keys.count - 1
            }()
            personKey.append(Int32(k))
            let end = min(p.followupMonths, p.firstTrajectoryMonth ?? p.followupMonths)
            guard end >= 1 else { return }
            var spell = p.onBenefit[0] ? 1 : 0
            for m in 1...end {
                if p.onBenefit[m] {
                    let c = TreatmentHazard.cell(month: m, spell: spell)
                    counts[k][c].exposure += 1
                    if p.firstTrajectoryMonth == m { counts[k][c].starts += 1 }
                }
                spell = p.onBenefit[m] ? spell + 1 : 0
            }
        }
    }

    /// The person's covariates in the model: grouped ones at inflow, then the user's categorical ones.
    @inline(__always)
    static func personPart(_ p: CohortPerson, _ covariates: CovariatesAtInflow, _ user: UserCovariateDesign) -> [Double] {
        covariates.categorical(p) + user.values(p)
    }

    /// Dummies of a month × spell cell: month groups after the first, then spell groups after the first.
    static func timeFeatures(cell: Int) -> [Double] {
        let g = cell / spellGroups, d = cell % spellGroups
        return (1..<monthGroups).map { g == $0 ? 1 : 0 } + (1..<spellGroups).map { d == $0 ? 1 : 0 }
    }

    /// P(no trajectory start in months (from, to]) given the person's benefit path (`onBenefit`,
    /// `CohortPerson.onBenefit`): the product of 1 − hazard over the months on benefit. `person`
    /// is the person's position in the persons the hazard was fitted on. Why the path and not the
    /// person: a caller reading persons in a loop would copy each record to pass it (a retain and
    /// release of each of its arrays).
    func survival(_ onBenefit: BenefitHistory, person: Int, from: Int, to: Int) -> Double {
        guard to > from else { return 1 }
        var walk = SurvivalWalk(self, person: person), last = 1.0
        self.walk(&walk, onBenefit, from: from, through: to) { _, s in last = s }
        return last
    }

    /// Walks `walk` on through month `to` (at least `from` ≥ 0, and a month not walked yet),
    /// calling `visit(m, P(no trajectory start in months (from, m]))` for m = max(walk.next,
    /// from)…to, in order. Walking on later continues the same product, so a path walked a
    /// stretch at a time has bit for bit the values of the path walked at once. No array per
    /// path: the effect path and the censoring weights read a few months of millions of paths,
    /// and an array per path was most of their cost.
    @inline(__always)
    func walk(_ walk: inout SurvivalWalk, _ onBenefit: BenefitHistory, from: Int, through to: Int, _ visit: (Int, Double) -> Void) {
        precondition(from >= 0 && to >= from && to >= walk.next, "month \(to) is walked already or before \(from)")
        var s = walk.survival, spell = Int(walk.spell), first = walk.next
        // Before `from` the product does not start and only the spell runs on: it is read off
        // backwards from month from − 1 instead (what the months before would have counted).
        if first < from { spell = onBenefit.run(endingBefore: from); first = from }
        stay.withUnsafeBufferPointer { stay in
            let row = Int(walk.key) * Self.cells
            for m in first...to {
                let on = onBenefit.isOn(m)
                if m > from && on { s *= stay[row + Self.cell(month: m, spell: spell)] }
                if m >= from { visit(m, s) }
                spell = on ? spell + 1 : 0
            }
        }
        walk.next = to + 1
        walk.survival = s
        walk.spell = Int32(spell)
    }
}

/// A person's survival path (`TreatmentHazard.walk`) walked a stretch of months at a
/// time, the loop's state kept in between: the effect path needs a control's weight at every
/// month but holds eight months of weights at a time, and walking each row's path again from
/// month 0 (and forming its covariates again) for every eight months made the survival paths a
/// quarter of the path's time. 24 bytes a row (a million rows read at national scale).
struct SurvivalWalk: Sendable {
    /// The person's covariate key in the hazard (`TreatmentHazard.stay` holds its 1 − hazard).
    let key: Int32
    /// P(no start) through month next − 1.
    fileprivate var survival = 1.0
    /// The first month not walked yet, and the months on benefit without a break before it.
    fileprivate(set) var next: Int { get { Int(nextMonth) } set { nextMonth = Int32(newValue) } }
    private var nextMonth: Int32 = 0
    fileprivate var spell: Int32 = 0

    /// A walk from month 0 of the person at position `person` of the persons the hazard was fitted on.
    init(_ h: TreatmentHazard, person: Int) {
        key = h.personKey[person]
    }
}
