import Cohort
import StatKit

/// The effect on being out of benefit month by month after the start, from one match: what
/// Lammers & Kok (2021) and most evaluations of active labour-market policy show (a lock-in dip
/// while in the programme, then the gain), where two horizons show only two points of it.
///
/// The treated and controls of the whole-cohort cell who are followed up through the last
/// month P are matched once (exact on τ, nearest neighbour on the cell's propensity score, as
/// `DynamicMatching`); for every month m = 3, 6, …, P the same matched sets give the
/// bias-corrected ATT on "out of benefit at τ + m" (percentage points) with its standard
/// error (`DynamicMatching.MatchedEffect`), and a pointwise 95 % band. Now vs never weights each
/// control by its own month-m censoring weight. P is the largest multiple of 3 up to the longest
/// requested horizon through which at least the minimum cell size of treated are followed up;
/// the points therefore describe one fixed group of persons, and their estimates can differ
/// slightly from the per-horizon estimates, which use everyone observed at that horizon.
public struct EffectPath: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public let month: Int
        public let estimate: Double
        public let se: Double
        public let ciLow: Double
        public let ciHigh: Double

        enum CodingKeys: String, CodingKey {
            case month, estimate, se
            case ciLow = "ci_low", ciHigh = "ci_high"
        }
    }

    public let outcome: String
    /// Treated persons followed up through the last month (the group every point describes).
    public let nTreated: Int
    public let points: [Point]
    /// The lowest point when it lies below zero (the lock-in dip), else nil.
    public let lockInDip: Point?
    /// The first month from which every later point estimate is above zero; nil if the last is not.
    public let monthTurningPositive: Int?
    /// The last point: the long-run level.
    public let longRunLevel: Point?

    enum CodingKeys: String, CodingKey {
        case outcome, points
        case nTreated = "n_treated", lockInDip = "lock_in_dip", monthTurningPositive = "month_turning_positive", longRunLevel = "long_run_level"
    }

    /// Absent values are written as null, so the keys are always there.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(nTreated, forKey: .nTreated)
        try c.encode(points, forKey: .points)
        try c.encode(lockInDip, forKey: .lockInDip)
        try c.encode(monthTurningPositive, forKey: .monthTurningPositive)
        try c.encode(longRunLevel, forKey: .longRunLevel)
    }

    init(nTreated: Int, points: [Point]) {
        outcome = CohortOutcome.outOfBenefit.rawValue
        self.nTreated = nTreated
        self.points = points
        let low = points.min { $0.estimate < $1.estimate }
        lockInDip = low.flatMap { $0.estimate < 0 ? $0 : nil }
        let lastNonPositive = points.lastIndex { $0.estimate <= 0 }
        monthTurningPositive = points.isEmpty || points.last!.estimate <= 0 ? nil : points[(lastNonPositive.map { $0 + 1 } ?? 0)].month
        longRunLevel = points.last
    }

    /// The units a cell's path describes: its last month P and the cell's rows (positions in
    /// `rows`) followed up through P. Nil when the longest horizon is below 3 months or too few
    /// treated are followed up even 3 months.
    static func units(_ c: CellContext, rows: [Int]) -> Units? {
        let o = c.options, sample = c.sample, persons = c.persons
        guard let maxHorizon = o.horizons.max(), maxHorizon >= 3 else { return nil }
        func followed(_ k: Int, _ m: Int) -> Bool { persons[sample.person[rows[k]]].followupMonths >= sample.tau[rows[k]] + m }
        let candidates = Array(stride(from: maxHorizon / 3 * 3, through: 3, by: -3))
        guard let last = candidates.first(where: { m in rows.indices.count(where: { sample.treated[rows[$0]] && followed($0, m) }) >= o.minimumCell }) else { return nil }
        return Units(last: last, base: rows.indices.filter { followed($0, last) })
    }

    /// The path's last month and its units, as positions in the cell's rows (`units(_:rows:)`).
    struct Units {
        let last: Int
        let base: [Int]
    }

    /// The path of one cell. `rows` are the cell's sample rows, `x` its design, `propensity` its
    /// score for every row (same order), `units` what `units(_:rows:)` gives; nil when too few
    /// treated are matched. `order` is the cell's `DistanceOrder` on the matching distance.
    /// `match`: the cell's match of these very units with the estimate's options and censoring,
    /// which the path then shares instead of matching again: that of a headline column observed
    /// on exactly these rows (out of benefit at P, when P is a requested horizon; at national
    /// scale the longest).
    static func estimate(_ c: CellContext, rows: [Int], x: MatrixView, covariateNames: [String], propensity: PropensityScore,
                         hazard: TreatmentHazard?, order: DistanceOrder, units: Units, match: DynamicMatching.Match?) throws -> EffectPath? {
        let o = c.options, sample = c.sample, persons = c.persons
        let last = units.last, base = units.base
        let baseRows = base.map { rows[$0] }
        let months = Array(stride(from: 3, through: last, by: 3))
        // Outcome and, for now vs never, a control row's censoring weights: 0 once its own
        // trajectory has started, else 1/P(still untreated), from its survival path (`survival[k]`
        // at month τ + first + k).
        // They take the fields they read, not the person: passing `persons[i]` whole copies the
        // record (a retain and release of each of its arrays, per row and month).
        @Sendable func outOfBenefit(_ onBenefit: BenefitHistory, _ r: Int, _ m: Int) -> Double { onBenefit[sample.tau[r] + m] ? 0 : 100 }
        /// Now vs never: calls `visit(k, w, y)` with control row r's censoring weight w and outcome y
        /// at each month ms[k], in order, walking its survival path on from `walk` (`TreatmentHazard.walk`).
        /// The callers pass `persons[p].onBenefit` straight in and `visit` does not capture it: a
        /// history held in a local is a retain and a release per row and batch (3 % of a national run).
        @Sendable func censoringWeights(_ h: TreatmentHazard, _ walk: inout SurvivalWalk, _ onBenefit: BenefitHistory, start: Int?,
                                        _ r: Int, at ms: [Int], _ visit: (Int, Double, Double) -> Void) {
            let t = sample.tau[r]
            var k = 0
            h.walk(&walk, onBenefit, from: t, through: t + ms.last!) { month, survival in
                guard k < ms.count, month - t == ms[k] else { return }
                visit(k, start.map { $0 <= month } == true ? 0 : 1 / max(survival, 0.001), outOfBenefit(onBenefit, r, ms[k]))
                k += 1
            }
        }
        // The match's sample carries no censoring weights: the match reads only whether the controls
        // carry them (`censoringWeighted`: then at least 10 neighbours), and the estimates below are
        // given each month's weighted outcomes (`effects`). Its outcome, the last month's, is not read either.
        let matched: DynamicMatching.MatchedEffect
        if let match {
            precondition(match.effect.sample.count == base.count && match.effect.sample.treated == baseRows.map { sample.treated[$0] },
                         "the match is not of the path's units")
            guard match.sets.sets.count >= o.minimumCell else { return nil }
            matched = match.effect
        } else {
            let s = TreatmentSample(treated: baseRows.map { sample.treated[$0] }, outcome: baseRows.map { outOfBenefit(persons[sample.person[$0]].onBenefit, $0, last) },
                                    design: x, covariateNames: covariateNames, clusters: baseRows.map { sample.person[$0] }, designRows: base,
                                    tieKeys: baseRows.map { sample.tieKey[$0] })
            let ps = propensity.restricted(to: base)
            let distance = o.estimator.matchOnLogit ? ps.logits : ps.scores
            let sorted = order.restricted(to: base)
            let sets = DynamicMatching.match(s, taus: baseRows.map { sample.tau[$0] }, distance: distance, options: o.estimator, order: sorted,
                                             censoringWeighted: hazard != nil)
            guard sets.sets.count >= o.minimumCell else { return nil }
            let neighbour = MatchingEstimator.nearestInOwnGroup(distance: distance, treated: s.treated, ascending: sorted.ascendingByPosition)
            matched = DynamicMatching.MatchedEffect(s, sets: sets.sets, neighbour: neighbour, biasAdjustment: o.biasAdjustment)
        }
        // Each month's range of Z over every row is the bias correction's bound. The rows the
        // estimates do not read add theirs in one pass over all months here, their walks not kept;
        // the rows read add theirs batch by batch below, from the outcomes the batch computes anyway.
        // (Z at all rows and months is never held: rows × months doubles are gigabytes at national scale.)
        let read = matched.rowsRead
        func rangesOfRowsNotRead() -> (low: [Double], high: [Double]) {
            let isRead = read.reduce(into: [Bool](repeating: false, count: baseRows.count)) { $0[$1] = true }
            let chunks = ParallelMap.run(8) { c -> (low: [Double], high: [Double]) in
                let range = baseRows.count * c / 8..<baseRows.count * (c + 1) / 8
                var low = [Double](repeating: .infinity, count: months.count), high = low.map { -$0 }
                // Without censoring weights every Z is 0 or 100: once a chunk has met both at every
                // month, its other rows cannot change its ranges (checked every 256 rows).
                var sinceCheck = 0
                func settled() -> Bool {
                    guard hazard == nil else { return false }
                    sinceCheck += 1
                    guard sinceCheck == 256 else { return false }
                    sinceCheck = 0
                    return low.allSatisfy { $0 == 0 } && high.allSatisfy { $0 == 100 }
                }
                persons.withUnsafeBufferPointer { persons in
                    for i in range where !isRead[i] {
                        if settled() { break }
                        let r = baseRows[i], p = sample.person[r]
                        if let h = hazard, !sample.treated[r] {
                            var walk = SurvivalWalk(h, person: p)
                            censoringWeights(h, &walk, persons[p].onBenefit, start: persons[p].firstTrajectoryMonth, r, at: months) { k, w, y in
                                let z = w * y
                                low[k] = min(low[k], z); high[k] = max(high[k], z)
                            }
                        } else {
                            for (k, m) in months.enumerated() {
                                let z = outOfBenefit(persons[p].onBenefit, r, m)
                                low[k] = min(low[k], z); high[k] = max(high[k], z)
                            }
                        }
                    }
                }
                return (low, high)
            }
            return (months.indices.map { k in chunks.map { $0.low[k] }.min()! }, months.indices.map { k in chunks.map { $0.high[k] }.max()! })
        }
        let (low, high) = rangesOfRowsNotRead()
        // The rows the estimates read get their outcomes a batch of months at a time (a path at
        // national scale reads over a million rows, and all 32 months at once took 0.4 GB), each
        // control walking its survival path on from where the last batch left it (`SurvivalWalk`)
        // rather than from month 0 again. A batch is one call of `effects`, whose regressions
        // read the design once for all its months (each pass on both cores).
        let batchSize = 8
        var points = [Point]()
        var walks = [[SurvivalWalk]]() // per chunk of `read`, its controls' walks in order (none before the first batch)
        for first in stride(from: 0, to: months.count, by: batchSize) {
            let batch = Array(months[first..<min(first + batchSize, months.count)]), before = walks
            var chunks = ParallelMap.run(8) { c -> (z: [[Double]], walks: [SurvivalWalk]) in
                let range = read.count * c / 8..<read.count * (c + 1) / 8
                var z = [[Double]](repeating: [], count: batch.count), walked = [SurvivalWalk]()
                for b in batch.indices { z[b].reserveCapacity(range.count) }
                persons.withUnsafeBufferPointer { persons in
                    for i in read[range] {
                        let r = baseRows[i], p = sample.person[r]
                        if let h = hazard, !sample.treated[r] {
                            var walk = before.isEmpty ? SurvivalWalk(h, person: p) : before[c][walked.count]
                            censoringWeights(h, &walk, persons[p].onBenefit, start: persons[p].firstTrajectoryMonth, r, at: batch) { b, w, y in
                                z[b].append(w * y)
                            }
                            walked.append(walk)
                        } else {
                            for (b, m) in batch.enumerated() { z[b].append(outOfBenefit(persons[p].onBenefit, r, m)) }
                        }
                    }
                }
                return (z, walked)
            }
            walks = chunks.map(\.walks)
            // Each chunk's outcomes are freed once copied: the chunks and the batch are not both
            // held (eight months of a million rows are 64 MB).
            var zs = batch.map { _ in [Double]() }
            for b in zs.indices { zs[b].reserveCapacity(read.count) }
            for c in chunks.indices {
                for b in zs.indices { zs[b].append(contentsOf: chunks[c].z[b]) }
                chunks[c].z = []
            }
            // Each month's range: the rows not read, and the rows read.
            let ranges = zs.indices.map { b in
                zs[b].reduce((low: low[first + b], high: high[first + b])) { range, z in (min(range.low, z), max(range.high, z)) }
            }
            let estimates = matched.effects(zs: zs, ranges: ranges)
            points += zip(batch, estimates).map { m, e in
                Point(month: m, estimate: e.att, se: e.se, ciLow: e.att - TreatmentEffectEstimator.z95 * e.se,
                      ciHigh: e.att + TreatmentEffectEstimator.z95 * e.se)
            }
        }
        return EffectPath(nTreated: matched.sets.count, points: points)
    }
}
