import StatKit
import TableKit

/// Covariate balance before and after matching or weighting, with cobalt's conventions
/// (Greifer, `bal.tab`): the propensity score itself first (`distance`), then every covariate;
/// for a continuous covariate the standardised mean difference (SMD) with the treated group's
/// unweighted SD as denominator (for the ATT; pooled for the ATE; Stuart 2010) and the variance
/// ratio treated/control; for a binary covariate (values 0/1 only) the raw difference in
/// proportions and no variance ratio, since a proportion's variance follows from its mean.
/// Every level of every factor is listed, the reference level the model leaves out included
/// (before the factor's first level; `referenceLevels` names them): the worst imbalance can sit in
/// the level the model does not show.
public struct BalanceTable: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        public let covariate: String
        /// `distance` (the propensity score), `binary` or `continuous`.
        public let type: String
        /// SMD for `distance` and continuous covariates, difference in proportions for binary ones.
        public let differenceBefore: Double?
        public let differenceAfter: Double?
        /// Treated / control variance; nil for binary covariates and where a variance is 0 or undefined.
        public let varianceRatioBefore: Double?
        public let varianceRatioAfter: Double?

        enum CodingKeys: String, CodingKey {
            case covariate, type
            case differenceBefore = "diff_before", differenceAfter = "diff_after"
            case varianceRatioBefore = "variance_ratio_before", varianceRatioAfter = "variance_ratio_after"
        }

        /// Undefined statistics are written as null (JSON has no NaN), never as a crash.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(covariate, forKey: .covariate)
            try c.encode(type, forKey: .type)
            for (key, v) in [(CodingKeys.differenceBefore, differenceBefore), (.differenceAfter, differenceAfter),
                             (.varianceRatioBefore, varianceRatioBefore), (.varianceRatioAfter, varianceRatioAfter)] {
                if let v, v.isFinite { try c.encode(v, forKey: key) } else { try c.encodeNil(forKey: key) }
            }
        }
    }

    public let rows: [Row]
    /// The rows that are reference levels of factors: in the table, not in the model.
    public let referenceLevels: [String]

    enum CodingKeys: String, CodingKey {
        case rows
        case referenceLevels = "reference_levels"
    }

    /// The model's covariates as the table lists them: neither the distance nor a reference level.
    public var modelCovariates: [String] {
        rows.map(\.covariate).filter { $0 != "distance" && !referenceLevels.contains($0) }
    }

    /// The rows with a finite difference before and after (a love plot's points), in table order.
    public var finiteDifferences: [(covariate: String, before: Double, after: Double)] {
        rows.compactMap { r in
            guard let b = r.differenceBefore, let a = r.differenceAfter, b.isFinite, a.isFinite else { return nil }
            return (r.covariate, b, a)
        }
    }

    /// The largest |difference| after adjustment over the covariates and reference levels (the distance row left out), as cobalt's `m.threshold` checks.
    public var maxAbsSMDAfter: Double {
        rows.filter { $0.type != "distance" }.compactMap { $0.differenceAfter.map(abs) }.filter(\.isFinite).max() ?? 0
    }

    /// - Parameters:
    ///   - weights: weights after adjustment (matching or IPW); 0 drops a unit.
    ///   - distance: the propensity score (or its logit) the adjustment used, shown first.
    public init(sample: TreatmentSample, weights: [Double], estimand: Estimand, distance: [Double]? = nil) {
        let t = sample.treated.indices.filter { sample.treated[$0] }
        let c = sample.treated.indices.filter { !sample.treated[$0] }
        let groups = Groups(treated: t, control: c, weights: weights)
        let denominator: WeightedStatistics.SMDDenominator = estimand == .att ? .treated : .pooled
        // Design columns are read in place (through each unit's row of the underlying design):
        // a cell's sample of a million rows is never copied column by column.
        let source = sample.designSourceRows
        let inSource = Groups(treated: t.map { source[$0] }, control: c.map { source[$0] }, weights: weights, positions: (t, c))
        func fromArray(_ name: String, _ x: [Double], type: String? = nil) -> Row {
            x.withUnsafeBufferPointer { Self.row(name, $0, groups, type: type, denominator: denominator) }
        }
        let modelRows = (distance.map { [fromArray("distance", $0, type: "distance")] } ?? [])
            + (1..<sample.designColumns).map { j in
                sample.withDesignColumn(j) { Self.row(sample.covariateNames[j], $0, inSource, type: nil, denominator: denominator) }
            }
        (rows, referenceLevels) = Self.addingReferenceLevels(modelRows, factors: sample.factors)
    }

    /// The rows with each factor's reference level before the factor's first level in the table
    /// (level order, as cobalt lists a factor: the reference is the first level).
    ///
    /// The shares of a factor's levels add up to the share of `within` (1 for everyone) in both
    /// groups, before and after adjustment alike (weighted means are linear), so the reference
    /// level's difference in proportions is exactly Δ(within) − Σ Δ(level). A level or `within`
    /// that is not in the table is constant in the sample (a cell's model drops such columns), so
    /// its Δ is 0 (so is a reference level without a row: its factor is constant); a factor with
    /// none of its levels in the table is constant and gets no row. A factor with a level merged
    /// into another must not be passed (nor one nested in it).
    /// Factors are taken in order, so a nested factor can split a reference level derived before it.
    static func addingReferenceLevels(_ rows: [Row], factors: [DesignFactor]) -> (rows: [Row], referenceLevels: [String]) {
        var binary = [String: Row]()
        for r in rows where r.type == "binary" { binary[r.covariate] = binary[r.covariate] ?? r }
        let names = Set(rows.map(\.covariate))
        var derived = [String: [Row]](), references = [String]()
        for f in factors {
            let present = f.levels.filter { names.contains($0) || binary[$0] != nil }
            guard let first = present.first, present.allSatisfy({ binary[$0] != nil }) else { continue }
            let within = f.within.flatMap { binary[$0] }
            if let w = f.within, within == nil, names.contains(w) { continue }
            func delta(_ k: KeyPath<Row, Double?>) -> Double? {
                let parts = present.compactMap { binary[$0]![keyPath: k] }
                guard parts.count == present.count, let base = within.map({ $0[keyPath: k] }) ?? 0 else { return nil }
                return base - parts.reduce(0, +)
            }
            let row = Row(covariate: f.reference, type: "binary", differenceBefore: delta(\.differenceBefore), differenceAfter: delta(\.differenceAfter),
                          varianceRatioBefore: nil, varianceRatioAfter: nil)
            binary[f.reference] = row
            derived[first, default: []].append(row)
            references.append(f.reference)
        }
        return (rows.flatMap { (derived[$0.covariate] ?? []) + [$0] }, references)
    }

    /// The treated and control units as positions in a column, with their weights after adjustment.
    private struct Groups {
        let t: [Int], c: [Int]
        let wt: [Double], wc: [Double]
        /// Units with a positive weight after adjustment, per group.
        let tAfter: Int, cAfter: Int

        /// `positions`: the units' indices in the sample when `treated`/`control` are positions in a larger column.
        init(treated: [Int], control: [Int], weights: [Double], positions: ([Int], [Int])? = nil) {
            t = treated; c = control
            let (ut, uc) = positions ?? (treated, control)
            wt = ut.map { weights[$0] }; wc = uc.map { weights[$0] }
            tAfter = wt.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }; cAfter = wc.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        }
    }

    /// Sums over one group of a column: what every mean and variance of the table needs.
    private struct GroupSums {
        var n = 0.0, sum = 0.0, sumW = 0.0, sumWX = 0.0
        var binary = true
        /// Σ(x − x̄)², Σw(x − x̄_w)² and Σw² (second pass; continuous columns only).
        var squares = 0.0, weightedSquares = 0.0, sumW2 = 0.0

        init(_ x: UnsafeBufferPointer<Double>, _ at: [Int], _ w: [Double]) {
            for k in at.indices {
                let v = x[at[k]]
                if v != 0 && v != 1 { binary = false }
                n += 1; sum += v; sumW += w[k]; sumWX += w[k] * v
            }
        }
        var mean: Double { sum / n }
        var weightedMean: Double { sumWX / sumW }

        mutating func addSquares(_ x: UnsafeBufferPointer<Double>, _ at: [Int], _ w: [Double]) {
            let m = mean, mw = weightedMean
            for k in at.indices {
                let v = x[at[k]], d = v - m, dw = v - mw
                squares += d * d
                sumW2 += w[k] * w[k]
                weightedSquares += w[k] * dw * dw
            }
        }
        /// The unweighted variance (n − 1) and the weighted one with the reliability-weights
        /// correction, as `WeightedStatistics.variance` gives them (units of weight 0 add nothing).
        var variance: Double { squares / (n - 1) }
        var weightedVariance: Double { weightedSquares / (sumW - sumW2 / sumW) }
    }

    /// One row of the table from a column `x` read at the groups' positions: one pass for the
    /// means (all a binary covariate needs), a second for the variances of a continuous one.
    /// The sums run in the order `WeightedStatistics` runs them, so the figures equal its functions'.
    private static func row(_ name: String, _ x: UnsafeBufferPointer<Double>, _ g: Groups, type: String?,
                            denominator: WeightedStatistics.SMDDenominator) -> Row {
        var st = GroupSums(x, g.t, g.wt), sc = GroupSums(x, g.c, g.wc)
        let kind = type ?? (st.binary && sc.binary ? "binary" : "continuous")
        guard kind != "binary" else {
            return Row(covariate: name, type: kind, differenceBefore: st.mean - sc.mean, differenceAfter: st.weightedMean - sc.weightedMean,
                       varianceRatioBefore: nil, varianceRatioAfter: nil)
        }
        st.addSquares(x, g.t, g.wt)
        sc.addSquares(x, g.c, g.wc)
        let vt = st.variance, vc = sc.variance
        let s: Double
        switch denominator {
        case .treated: s = vt.squareRoot()
        case .pooled: s = ((vt + vc) / 2).squareRoot()
        }
        func smd(_ diff: Double) -> Double { s > 0 ? diff / s : (diff == 0 ? 0 : (diff > 0 ? .infinity : -.infinity)) }
        func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 && a.isFinite ? a / b : nil }
        let vtAfter = g.tAfter > 1 ? st.weightedVariance : .nan
        let vcAfter = g.cAfter > 1 ? sc.weightedVariance : .nan
        return Row(covariate: name, type: kind, differenceBefore: smd(st.mean - sc.mean), differenceAfter: smd(st.weightedMean - sc.weightedMean),
                   varianceRatioBefore: ratio(vt, vc), varianceRatioAfter: ratio(vtAfter, vcAfter))
    }
}
