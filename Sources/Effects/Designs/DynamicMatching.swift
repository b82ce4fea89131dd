import Foundation
import StatKit

/// Nearest-neighbour propensity-score matching for the dynamic design: exact on τ, nearest
/// neighbour on the pooled score within each τ, with replacement (a person is a control at
/// many τ, so controls cannot be used up).
///
/// Each treated row i gets its matched controls M(i) (the `ratio` nearest, ties at the last
/// distance included) and
///
///     Ŷᵢ(0) = (1/|M(i)|) Σ_{c∈M(i)} [Z_c + μ̂₀(Xᵢ) − μ̂₀(X_c)],   ATT = mean over i of Yᵢ − Ŷᵢ(0),
///
/// where Z_c = w_c Y_c is the control's outcome times its censoring weight (w = 1 for now vs
/// waiting; 0 for a control censored at its own trajectory start and 1/P(staying untreated)
/// otherwise for now vs never), and μ̂₀ is a linear regression of Z on the covariates among the
/// matched controls, each weighted by the number of matches it stands in (Σ_i 1/|M(i)|): the
/// bias correction of Abadie & Imbens (2011) as R's `Matching(BiasAdjust = TRUE)` fits it, which
/// removes what the remaining covariate differences within matched sets would add (matching on a
/// score balances the covariates only on average). Without the correction μ̂₀ drops out.
/// Two guards keep the correction from inventing effects in small cells: μ̂₀'s predictions are
/// held to the range of Z over the sample (0–100 for a share), and a model with fewer than 10
/// residual degrees of freedom is not used (the cell is then not corrected, and says so).
///
/// With censoring weights each treated row gets at least 10 controls, so the weights stand in
/// for the censored controls within each matched neighbourhood (Horvitz–Thompson: the censored
/// count with Z = 0; a ratio estimator Σ wY/Σ w is biased in small sets because the weights
/// depend on the benefit path after τ, which goes with the outcome).
///
/// Standard error: Abadie & Imbens (2006) on Z, plus the covariance between the rows of one
/// person (a person is a control at many τ, and a treated person was a control before their τ;
/// their outcome windows overlap): V̂ = V̂_AI + Σ_persons [(Σ_r a_r ê_r)² − Σ_r a_r² ê_r²], with
/// a_r = 1/N₁ for a treated row and −Σ_i 1/(|M(i)| N₁) for a control row, and ê_r the row's
/// residual from μ̂₀ (controls) or from a linear regression of Y on the covariates among the
/// treated. The propensity score and the censoring weights are treated as known.
enum DynamicMatching {
    /// Matched sets one after another: set i is the treated row `treated[i]` and its controls
    /// `controls[start[i]..<start[i + 1]]`.
    ///
    /// Why not an array per set: a national cell has a quarter of a million sets, and an array
    /// each was an allocation each, and a retain and release per set on every pass over them (each
    /// outcome's estimate passes over them).
    struct SetList: Sendable, Equatable {
        private(set) var treated: [Int] = []
        private(set) var start: [Int] = [0]
        private(set) var controls: [Int] = []

        init() {}

        /// The sets of `other` with every row r renamed `rename[r]`.
        init(_ other: SetList, renamed rename: [Int]) {
            treated = other.treated.map { rename[$0] }
            start = other.start
            controls = other.controls.map { rename[$0] }
        }

        var count: Int { treated.count }
        var isEmpty: Bool { treated.isEmpty }

        mutating func append(treated t: Int, controls cs: some Sequence<Int>) {
            treated.append(t)
            controls.append(contentsOf: cs)
            start.append(controls.count)
        }

        /// Calls `body(i, treated row, its controls)` for each set in order, the controls read in place.
        @inline(__always)
        func forEach(_ body: (_ set: Int, _ treated: Int, _ controls: UnsafeBufferPointer<Int>) -> Void) {
            controls.withUnsafeBufferPointer { cs in
                for i in treated.indices { body(i, treated[i], UnsafeBufferPointer(rebasing: cs[start[i]..<start[i + 1]])) }
            }
        }
    }

    /// The matched sets of one cell: for each treated row (that found a control) its matched
    /// control rows at the same τ, plus the counts of treated without a control and outside support.
    struct MatchedSets {
        var sets = SetList()
        var dropped = 0
        var outsideSupport = 0
        /// How far apart the matched pairs lie, as a caliper reads it (`PairSpread`).
        var spread = PairSpread(widest: 0, standardDeviation: 0)
    }

    /// The widest |distance difference| within a matched pair and the standard deviation of the
    /// distance over the units: what decides whether a caliper would have cut a pair.
    struct PairSpread: Sendable, Equatable {
        let widest: Double
        let standardDeviation: Double

        /// The caliper's width in distance units, as `match` computes it.
        static func width(_ caliper: Double, standardDeviation sd: Double) -> Double { caliper * sd }

        /// Whether a caliper of `caliper` SD, applied to the units matched without one, keeps
        /// every pair: `GreedyMatching` cuts a candidate only when its difference exceeds the
        /// width, so the matched sets (with replacement: no treated competes for a control) are
        /// then exactly those without the caliper. Compared with the very doubles `match` uses.
        func keepsEveryPair(caliper: Double) -> Bool { widest <= Self.width(caliper, standardDeviation: standardDeviation) }
    }

    /// The neighbours each treated row is matched to: `ratio`, and at least 10 when the controls
    /// carry censoring weights (they then stand in for the censored within each neighbourhood).
    static func neighbours(_ o: EstimatorOptions, censoringWeighted: Bool) -> Int {
        censoringWeighted ? max(o.ratio, 10) : o.ratio
    }

    /// Nearest-neighbour matches exact on τ, with replacement, on `distance`; `ratio` neighbours
    /// (ties at the last distance included), at least 10 when controls carry censoring weights.
    /// `order` is the rows' `DistanceOrder` on `distance` when the caller has it (else it is sorted here).
    /// `censoringWeighted`: whether the controls carry censoring weights (nil: whether `s`'s do),
    /// for a caller that gives the weighted outcomes to the estimates itself (`EffectPath`).
    static func match(_ s: TreatmentSample, taus: [Int], distance: [Double], options o: EstimatorOptions, order: DistanceOrder? = nil,
                      censoringWeighted: Bool? = nil) -> MatchedSets {
        let sd = WeightedStatistics.variance(distance).squareRoot()
        let ratio = neighbours(o, censoringWeighted: censoringWeighted ?? (s.controlWeights != nil))
        // Rows by τ (an array by month: τ is small, and a dictionary's hashing showed in profiles),
        // each with its place: its group, τ and position in its τ's list, packed in one integer
        // (`Place`), so that the walks in distance order below, which visit the rows scattered,
        // read one array rather than three.
        let maxTau = taus.max() ?? 0
        var treatedAt = [[Int]](repeating: [], count: maxTau + 1), controlsAt = treatedAt
        var place = [Int](repeating: 0, count: s.count)
        for r in s.treated.indices {
            if s.treated[r] { place[r] = Place.pack(treated: true, tau: taus[r], position: treatedAt[taus[r]].count); treatedAt[taus[r]].append(r) }
            else { place[r] = Place.pack(treated: false, tau: taus[r], position: controlsAt[taus[r]].count); controlsAt[taus[r]].append(r) }
        }
        // The sort greedy matching needs at each τ, read off the one sort of all rows.
        let sorted = order ?? DistanceOrder(distance: distance, tieKeys: s.tieKeys)
        var treatedOrderAt = [[Int]](repeating: [], count: maxTau + 1), controlOrderAt = treatedOrderAt
        for r in sorted.ascending where !Place.isTreated(place[r]) { controlOrderAt[Place.tau(place[r])].append(Place.position(place[r])) }
        for r in sorted.descendingByDistance where Place.isTreated(place[r]) { treatedOrderAt[Place.tau(place[r])].append(Place.position(place[r])) }
        var result = MatchedSets(), widest = 0.0
        for t in 0...maxTau {
            // All controls at τ, censored ones included: a treated row's matched set is its
            // neighbourhood in the full pool, in which the censoring weights stand in for the censored.
            let tr = treatedAt[t], co = controlsAt[t]
            guard !tr.isEmpty else { continue }
            guard !co.isEmpty else { result.dropped += tr.count; continue }
            // Common support at τ: treated scores outside the range of the controls' (reported; the match is kept).
            let treatedDistance = distance.gathered(at: tr), controlDistance = distance.gathered(at: co)
            let lo = controlDistance.min()!, hi = controlDistance.max()!
            result.outsideSupport += treatedDistance.count(where: { $0 < lo || $0 > hi })
            let m = GreedyMatching(treatedScores: treatedDistance, controlScores: controlDistance,
                                   treatedTieKeys: s.tieKeys.gathered(at: tr), controlTieKeys: s.tieKeys.gathered(at: co),
                                   treatedOrder: treatedOrderAt[t], controlOrder: controlOrderAt[t],
                                   options: .init(ratio: ratio, replace: true, caliper: o.caliper.map { PairSpread.width($0, standardDeviation: sd) }))
            for (k, ti) in tr.enumerated() {
                if m.matches[k].isEmpty { result.dropped += 1; continue }
                // As GreedyMatching measures a pair: the control's distance less the treated's.
                for q in m.matches[k] { widest = max(widest, abs(controlDistance[q] - treatedDistance[k])) }
                result.sets.append(treated: ti, controls: m.matches[k].lazy.map { co[$0] })
            }
        }
        result.spread = PairSpread(widest: widest, standardDeviation: sd)
        return result
    }

    /// A row's group, τ and position in its τ's list of its group, in one integer: the position in
    /// the low 32 bits, τ above it, the group in bit 62 (τ and positions are far below 2³⁰).
    enum Place {
        static let treatedBit = 1 << 62
        static func pack(treated: Bool, tau: Int, position: Int) -> Int {
            precondition(tau >= 0 && tau < 1 << 30 && position >= 0 && position < 1 << 32)
            return (treated ? treatedBit : 0) | tau << 32 | position
        }
        static func isTreated(_ place: Int) -> Bool { place & treatedBit != 0 }
        static func tau(_ place: Int) -> Int { (place & ~treatedBit) >> 32 }
        static func position(_ place: Int) -> Int { place & 0xFFFF_FFFF }
    }

    /// The estimate for the outcome of `s` (`Match`, then `Match.estimate`).
    /// - Parameters:
    ///   - taus: each row's elapsed month; matching is exact on it.
    ///   - propensity: the rows' scores (fitted once for the cell, `PropensityScore.restricted`).
    ///   - order: the rows' `DistanceOrder` on the matching distance, when the caller has it.
    static func estimate(_ s: TreatmentSample, taus: [Int], propensity ps: PropensityScore, options o: EstimatorOptions,
                         biasAdjustment: Bool, order: DistanceOrder? = nil) throws -> TreatmentEffectEstimate {
        try Match(s, taus: taus, propensity: ps, options: o, biasAdjustment: biasAdjustment, order: order).estimate(s)
    }

    /// The match of one set of units and what the effect on any of their outcomes needs from it.
    ///
    /// Why a type: the matched sets depend on the units, the distance, the estimator options and
    /// whether the controls carry censoring weights (then at least 10 neighbours), not on the
    /// outcome nor on the weights' values; so do each row's own-group neighbour and the outcome
    /// models' factorisations (`MatchedEffect`). A cell's outcome columns observed on the same
    /// rows (most of them: only a state at a long horizon loses the persons not followed up that
    /// long) share one match, and each adds only its own `estimate`.
    struct Match: Sendable {
        let distance: [Double]
        let sets: MatchedSets
        let effect: MatchedEffect
        /// The propensity model's warnings, which every estimate repeats.
        let propensityWarnings: [String]

        /// Matches the units of `s`; their outcome and the values of their censoring weights are not read.
        /// - Parameters:
        ///   - taus: each row's elapsed month; matching is exact on it.
        ///   - propensity: the rows' scores (fitted once for the cell, `PropensityScore.restricted`).
        ///   - order: the rows' `DistanceOrder` on the matching distance, when the caller has it.
        init(_ s: TreatmentSample, taus: [Int], propensity ps: PropensityScore, options o: EstimatorOptions,
             biasAdjustment: Bool, order: DistanceOrder? = nil) throws {
            let distance = o.matchOnLogit ? ps.logits : ps.scores
            let sorted = order ?? DistanceOrder(distance: distance, tieKeys: s.tieKeys)
            let sets = match(s, taus: taus, distance: distance, options: o, order: sorted)
            guard !sets.sets.isEmpty else { throw EstimationError.tooFewUnits(treated: 0, control: 0, needed: 1) }
            let neighbour = MatchingEstimator.nearestInOwnGroup(distance: distance, treated: s.treated, ascending: sorted.ascendingByPosition)
            self.distance = distance
            self.sets = sets
            effect = MatchedEffect(s, sets: sets.sets, neighbour: neighbour, biasAdjustment: biasAdjustment)
            propensityWarnings = ps.warnings
        }

        /// The estimate for the outcome of `s`, a sample of the matched units with its own outcome
        /// and censoring weights: the effect on Z = wY (`MatchedEffect.effects`) and the balance
        /// after matching, each matched treated weighted 1 and each control Σ_i w_c/|M(i)|.
        /// `balance`, when given, is the table of an estimate on this match whose controls carry
        /// the same censoring weights (the table depends on those, not on the outcome): it is
        /// reused instead of computed again.
        func estimate(_ s: TreatmentSample, balance shared: BalanceTable? = nil) -> TreatmentEffectEstimate {
            estimates([s], balances: [shared])[0]
        }

        /// The estimates for several samples of the matched units (outcome columns observed on
        /// the same rows), each bit for bit what `estimate(_:balance:)` gives it alone: their
        /// effects share each pass of the outcome regressions over the design
        /// (`MatchedEffect.effects(zs:ranges:)`), which is what a further outcome costs.
        /// - Parameters:
        ///   - balances: per sample, the table to reuse (as `estimate`'s `balance`), or nil.
        ///   - weighAlike: whether two of the samples' controls carry the same censoring weights
        ///     (then the later one reuses the earlier one's table).
        func estimates(_ samples: [TreatmentSample], balances shared: [BalanceTable?],
                       weighAlike: (Int, Int) -> Bool = { _, _ in false }) -> [TreatmentEffectEstimate] {
            precondition(shared.count == samples.count)
            for s in samples {
                precondition(s.treated == effect.sample.treated && (s.controlWeights == nil) == (effect.sample.controlWeights == nil),
                             "the sample is not that of the matched units")
            }
            let (zs, ranges) = outcomes(samples)
            // The effects and the distinct balance tables are independent: they run side by side.
            let owner = samples.indices.map { i in shared[i] == nil ? (0..<i).first { shared[$0] == nil && weighAlike($0, i) } ?? i : i }
            let computed = samples.indices.filter { shared[$0] == nil && owner[$0] == $0 }
            let work = ParallelMap.run(1 + computed.count) { t -> ([MatchedEffect.Estimate], BalanceTable?) in
                if t == 0 { return (effect.effects(zs: zs, ranges: ranges), nil) }
                let s = samples[computed[t - 1]]
                return ([], BalanceTable(sample: s, weights: weights(s), estimand: .att, distance: distance))
            }
            let effects = work[0].0
            var tables = [Int: BalanceTable]()
            for (t, i) in computed.enumerated() { tables[i] = work[t + 1].1 }
            return samples.indices.map { i in
                assemble(samples[i], effect: effects[i], balance: shared[i] ?? tables[owner[i]]!)
            }
        }

        /// The effect alone on the outcome of `s` (a sample of the matched units, as `estimate`
        /// takes it), without a balance table: what a row of the sensitivity table reports.
        /// Bit for bit the estimate and standard error `estimate(_:balance:)` gives.
        func effectOnly(_ s: TreatmentSample) -> (att: Double, se: Double, treatedMatched: Int) {
            precondition(s.treated == effect.sample.treated, "the sample is not that of the matched units")
            let (zs, ranges) = outcomes([s])
            let e = effect.effects(zs: zs, ranges: ranges)[0]
            return (e.att, e.se, sets.sets.count)
        }

        /// Each sample's Z = wY at the rows the estimates read (`MatchedEffect.rowsRead`), and its
        /// range over every row (the bias correction's bound), without the whole vector of Z.
        private func outcomes(_ samples: [TreatmentSample]) -> (zs: [[Double]], ranges: [(low: Double, high: Double)]) {
            func z(_ s: TreatmentSample, _ r: Int) -> Double { s.treated[r] ? s.outcome[r] : (s.controlWeights?[r] ?? 1) * s.outcome[r] }
            let zs = samples.map { s in effect.rowsRead.map { z(s, $0) } }
            let ranges = samples.map { s -> (low: Double, high: Double) in
                guard !s.treated.isEmpty else { return (0, 0) }
                var low = z(s, 0), high = low
                // As `Sequence.min()` and `max()`: the first extreme under `<`.
                for r in 1..<s.count { let v = z(s, r); if v < low { low = v }; if high < v { high = v } }
                return (low, high)
            }
            return (zs, ranges)
        }

        /// One sample's estimate from its effect and balance table, with the warnings.
        private func assemble(_ s: TreatmentSample, effect e: MatchedEffect.Estimate, balance: BalanceTable) -> TreatmentEffectEstimate {
            let dropped = sets.dropped, outsideSupport = sets.outsideSupport
            let att = e.att, se = e.se, mu0Failure = e.mu0Failure
            var warnings = propensityWarnings.map { "propensity model: \($0)" }
            if effect.biasAdjustment, let why = mu0Failure { warnings.append("matches not bias-corrected: the matched controls' outcome model cannot be used (\(why))") }
            if dropped > 0 { warnings.append("\(dropped) treated without a control at their tau (or within the caliper)") }
            if outsideSupport > 0 { warnings.append("\(outsideSupport) treated outside the range of the controls' scores at their tau") }
            if balance.maxAbsSMDAfter > 0.1 { warnings.append("largest |SMD| after matching \(String(format: "%.3f", balance.maxAbsSMDAfter)) > 0.1") }
            return TreatmentEffectEstimate(
                method: .psm, estimand: .att, estimate: att, standardError: se,
                standardErrorMethod: "Abadie-Imbens (2006) within tau strata plus the covariance of one person's rows; propensity score and censoring weights treated as known",
                ciLow: att - TreatmentEffectEstimator.z95 * se, ciHigh: att + TreatmentEffectEstimator.z95 * se,
                nTreated: s.treatedCount, nControl: s.count - s.treatedCount, nControlsUsed: e.controlsUsed, nTreatedOutsideSupport: outsideSupport,
                nTreatedDroppedByCaliper: dropped, balance: balance, warnings: warnings, pairSpread: sets.spread)
        }

        /// The units' weights after matching, with the censoring weights of `s`'s controls.
        private func weights(_ s: TreatmentSample) -> [Double] {
            var weights = [Double](repeating: 0, count: s.count)
            sets.sets.forEach { _, ti, cs in
                weights[ti] = 1
                for c in cs { weights[c] += (s.controlWeights?[c] ?? 1) / Double(cs.count) }
            }
            return weights
        }
    }

    /// The bias-corrected matching estimate on fixed matched sets, for any outcome: what does
    /// not depend on the outcome — each control's share of the matches, the rows and weights of
    /// the two outcome regressions and their factorisations — is computed once at init, so the
    /// effect path's 32 outcomes on one matched set cost one regression setup, not 32, and
    /// outcomes given together (`effects(zs:ranges:)`) share each pass of the regressions over
    /// the design. The formulas are those of the type's documentation.
    ///
    /// An estimate reads the outcome of few rows of a large sample (`rowsRead`: the sets and the
    /// used controls' neighbours), so outcomes are given and everything per row is kept for those
    /// rows only, by their position in `rowsRead`.
    struct MatchedEffect: Sendable {
        typealias Estimate = (att: Double, se: Double, controlsUsed: Int, mu0Failure: String?)

        let sample: TreatmentSample
        let biasAdjustment: Bool
        /// The rows whose outcome the estimates read, in increasing order: the treated of the
        /// sets, the used controls and their nearest own-group neighbours.
        let rowsRead: [Int]
        /// The matched sets, treated and controls as positions in `rowsRead`.
        let sets: SetList
        /// The controls used in at least one set, as positions in `rowsRead` (in increasing order),
        /// and for each: its nearest row of its own group on the distance, for σ̂²
        /// (`MatchingEstimator.nearestInOwnGroup`, a position too); b = Σ 1/(|M(i)| N₁) over the sets
        /// it is in, b2 = Σ of the squares, k = Σ 1/|M(i)|.
        let used: [Int], neighbour: [Int], b: [Double], b2: [Double], k: [Double]
        /// The person of each set's treated row and of each used control, numbered 0..<persons in
        /// the order of the sample's person indices (`TreatmentSample.clusters`; none: rows are persons).
        let treatedPerson: [Int], usedPerson: [Int], persons: Int
        /// μ̂₀: regression among the used controls weighted by k; μ̂₁: among the treated.
        let mu0: Result<WeightedLinearFit, Error>, mu1: Result<WeightedLinearFit, Error>

        init(_ s: TreatmentSample, sets matched: SetList, neighbour: [Int], biasAdjustment: Bool) {
            sample = s
            self.biasAdjustment = biasAdjustment
            let n1 = Double(matched.count)
            // The used controls, marked, then numbered in increasing row order; their sums are kept
            // by that number only (three doubles for every row of a national sample were 65 MB a
            // match). Each sum still adds its terms in the order of the sets.
            var position = [Int](repeating: -1, count: s.count)
            for c in matched.controls { position[c] = 0 }
            let usedRows = Self.marked(position), treatedRows = matched.treated
            for (u, r) in usedRows.enumerated() { position[r] = u }
            var b = [Double](repeating: 0, count: usedRows.count), b2 = b, k = b
            matched.forEach { _, _, cs in
                let size = Double(cs.count)
                for c in cs { let u = position[c]; k[u] += 1 / size; b[u] += 1 / (size * n1); b2[u] += 1 / (size * size * n1 * n1) }
            }
            // Marked, then read off in order: a set of a million rows and its sort showed in profiles.
            for r in usedRows { position[r] = -1 }
            for r in treatedRows { position[r] = 0 }
            for r in usedRows { position[r] = 0; position[neighbour[r]] = 0 }
            rowsRead = Self.marked(position)
            for (i, r) in rowsRead.enumerated() { position[r] = i }
            sets = SetList(matched, renamed: position)
            used = usedRows.map { position[$0] }
            self.neighbour = usedRows.map { position[neighbour[$0]] }
            (self.b, self.b2, self.k) = (b, b2, k)
            // Persons without a treated or used row add nothing to the standard error's sum over persons.
            let clusters = s.clusters ?? Array(s.treated.indices)
            var person = [Int](repeating: -1, count: (clusters.max() ?? 0) + 1)
            for r in treatedRows { person[clusters[r]] = 0 }
            for r in usedRows { person[clusters[r]] = 0 }
            var persons = 0
            for c in person.indices where person[c] == 0 { person[c] = persons; persons += 1 }
            treatedPerson = treatedRows.map { person[clusters[$0]] }
            usedPerson = usedRows.map { person[clusters[$0]] }
            self.persons = persons
            mu0 = Self.outcomeModel(s, units: usedRows, weights: self.k)
            mu1 = Self.outcomeModel(s, units: treatedRows, weights: nil)
        }

        /// The indices marked 0, in increasing order: counted, then written at their size (a
        /// `filter` grows its array by appends, each growth a copy of megabytes at national scale).
        private static func marked(_ marks: [Int]) -> [Int] {
            marks.withUnsafeBufferPointer { m in
                let count = m.count(where: { $0 == 0 })
                return [Int](unsafeUninitializedCapacity: count) { out, initialized in
                    var k = 0
                    for i in 0..<m.count where m[i] == 0 { out[k] = i; k += 1 }
                    initialized = count
                }
            }
        }

        /// Residual degrees of freedom an outcome model needs: with fewer, a regression on few
        /// matched rows (a small subgroup cell: 30 rows, 45 covariates) interpolates them exactly
        /// and its predictions at other rows are arbitrary — a bias "correction" of hundreds of
        /// percentage points, and residuals of 0 in the standard error. The same floor as the
        /// disclosure rule for models (CBS: at least 10 residual degrees of freedom).
        static let minimumResidualDegreesOfFreedom = 10

        private static func outcomeModel(_ s: TreatmentSample, units: [Int], weights: [Double]?) -> Result<WeightedLinearFit, Error> {
            Result {
                let fit = try s.linearFit(units: units, weights: weights)
                let df = units.count - fit.keptColumns.count
                guard df >= minimumResidualDegreesOfFreedom else {
                    throw EstimationError.unsupported("\(units.count) rows for \(fit.keptColumns.count) coefficients leave \(df) residual degrees of freedom (at least \(minimumResidualDegreesOfFreedom) needed)")
                }
                return fit
            }
        }

        /// The estimates for several outcomes, each given at the rows of `rowsRead` (in that order)
        /// with its range over the whole sample, to which its bias correction is held. Each is bit
        /// for bit what it would be alone: the outcome regressions of all of them go through the
        /// design's rows once (`WeightedLinearFit.coefficients(_:responses:)`), and each outcome
        /// still meets exactly the operations it meets alone.
        func effects(zs: [[Double]], ranges: [(low: Double, high: Double)]) -> [Estimate] {
            precondition(zs.count == ranges.count && zs.allSatisfy { $0.count == rowsRead.count })
            let treated = sets.treated
            let (fitted0, fitted1) = fittedValues(zs)
            // The per-outcome arrays are made once for all outcomes (each is rows or persons long:
            // a fresh mapping of megabytes per outcome, 32 outcomes per effect path). Each outcome
            // writes every entry it reads: the predictions at the rows it reads, the sums zeroed.
            var mu0 = [Double](repeating: 0, count: rowsRead.count), mu1 = mu0
            var scratch = Scratch(sets: sets.count, persons: persons)
            return zs.indices.map { b in
                let mu0Failure = prediction(fitted0, response: b, of: zs, range: ranges[b], rows: used, weights: k, predictAt: treated + used, into: &mu0)
                _ = prediction(fitted1, response: b, of: zs, range: ranges[b], rows: treated, weights: nil, predictAt: treated, into: &mu1)
                return estimate(z: zs[b], mu0: mu0, mu1: mu1, mu0Failure: mu0Failure, scratch: &scratch)
            }
        }

        /// Room for one outcome's estimate: each set's difference, and per person the sum of its
        /// rows' a_r ê_r and of their squares (side by side).
        private struct Scratch {
            var diffs: [Double]
            var personSums: [Double]
            init(sets: Int, persons: Int) {
                diffs = [Double](repeating: 0, count: sets)
                personSums = [Double](repeating: 0, count: 2 * persons)
            }
        }

        /// The estimate for one outcome z given μ̂₀ and μ̂₁ (all at positions of `rowsRead`).
        private func estimate(z: [Double], mu0: [Double], mu1: [Double], mu0Failure: String?, scratch: inout Scratch) -> Estimate {
            let n1 = Double(sets.count)
            sets.forEach { i, ti, cs in
                let adjust = biasAdjustment ? mu0[ti] : 0
                scratch.diffs[i] = z[ti] - cs.reduce(0) { $0 + z[$1] + adjust - (biasAdjustment ? mu0[$1] : 0) } / Double(cs.count)
            }
            let att = scratch.diffs.reduce(0, +) / n1
            var v = scratch.diffs.reduce(0) { $0 + ($1 - att) * ($1 - att) } / (n1 * n1)
            for (u, c) in used.enumerated() { let d = z[c] - z[neighbour[u]]; v += (b[u] * b[u] - b2[u]) * d * d / 2 }
            // Rows of one person: a_r ê_r summed within the person, minus the rows' own squares (already in V̂_AI).
            let within = scratch.personSums.withUnsafeMutableBufferPointer { sums -> Double in
                sums.update(repeating: 0)
                func add(_ person: Int, _ a: Double, _ residual: Double) {
                    let e = a * residual
                    sums[2 * person] += e
                    sums[2 * person + 1] += e * e
                }
                for (i, ti) in sets.treated.enumerated() { add(treatedPerson[i], 1 / n1, z[ti] - mu1[ti]) }
                for (u, c) in used.enumerated() { add(usedPerson[u], -b[u], z[c] - mu0[c]) }
                var within = 0.0
                for p in 0..<persons { within = within + sums[2 * p] * sums[2 * p] - sums[2 * p + 1] }
                return within
            }
            return (att, max(v + within, 0).squareRoot(), used.count, mu0Failure)
        }

        /// An outcome model's fitted values: pieces of positions of `rowsRead` with the fitted
        /// values there, of the outcomes side by side (`WeightedLinearFit.predict(_:responses:atRows:)`).
        typealias FittedValues = [(at: [Int], values: [Double])]

        /// The outcome models' fitted values for the outcomes `zs`: μ̂₀, the regression of each z
        /// among the used controls weighted by k, at the treated and the used controls; μ̂₁, among
        /// the treated, at the treated (where each is needed, and only there); or why a model
        /// cannot be used. The treated rows are read once for both models.
        private func fittedValues(_ zs: [[Double]]) -> (mu0: Result<FittedValues, Error>, mu1: Result<FittedValues, Error>) {
            let responses = zs.count, treated = sets.treated
            // The responses at the model's rows side by side, handed to the fit and gone before the predictions are made.
            func coefficients(_ model: Result<WeightedLinearFit, Error>, rows: [Int]) -> Result<(fit: WeightedLinearFit, coefficients: [Double]), Error> {
                model.map { fit in
                    var y = [Double](repeating: 0, count: rows.count * responses)
                    for (i, r) in rows.enumerated() { for b in 0..<responses { y[i * responses + b] = zs[b][r] } }
                    return (fit, fit.coefficients(consume y, responses: responses))
                }
            }
            func predicted(_ m: (fit: WeightedLinearFit, coefficients: [Double]), at positions: [Int]) -> (at: [Int], values: [Double]) {
                (positions, m.fit.predict(m.coefficients, responses: responses, atRows: sample.designSourceRows(of: positions.map { rowsRead[$0] })))
            }
            let c0 = coefficients(mu0, rows: used), c1 = coefficients(mu1, rows: treated)
            if case .success(let m0) = c0, case .success(let m1) = c1 {
                let atTreated = WeightedLinearFit.predict([m0, m1], responses: responses, atRows: sample.designSourceRows(of: treated.map { rowsRead[$0] }))
                return (.success([(treated, atTreated[0]), predicted(m0, at: used)]), .success([(treated, atTreated[1])]))
            }
            return (c0.map { [predicted($0, at: treated), predicted($0, at: used)] }, c1.map { [predicted($0, at: treated)] })
        }

        /// Writes outcome b's prediction at the positions `predictAt` into `prediction` (other
        /// entries are left as they are), from `fittedValues` (which cover those positions), held
        /// to `range`, that of z over the sample. Columns aliased within the rows drop out as R's
        /// `lm` drops them (coefficient NA, counted as 0). When the fit fails or has too few
        /// residual degrees of freedom, the rows' mean stands in and the text returned says why:
        /// the bias correction then vanishes and the residuals are taken around the mean.
        private func prediction(_ fitted: Result<FittedValues, Error>, response b: Int, of zs: [[Double]], range: (low: Double, high: Double),
                                rows: [Int], weights: [Double]?, predictAt: [Int], into prediction: inout [Double]) -> String? {
            switch fitted {
            case .success(let pieces):
                // A linear prediction beyond every outcome of the sample is extrapolation (a share
                // below 0 or above 100): it is held to their range.
                for piece in pieces {
                    for (k, r) in piece.at.enumerated() { prediction[r] = min(max(piece.values[k * zs.count + b], range.low), range.high) }
                }
                return nil
            case .failure(let error):
                let z = zs[b], w = weights ?? [Double](repeating: 1, count: rows.count)
                let sw = w.reduce(0, +)
                let mean = sw > 0 ? zip(rows, w).reduce(0) { $0 + z[$1.0] * $1.1 } / sw : 0
                for r in predictAt { prediction[r] = mean }
                return "\(error)"
            }
        }
    }
}
