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
    ///
    /// The "before" half of every covariate row comes from `sample.balanceBefore` when the
    /// caller computed it once for several adjustments of the same units (`Before`).
    public init(sample: TreatmentSample, weights: [Double], estimand: Estimand, distance: [Double]? = nil) {
        let groups = Groups(sample)
        let denominator: WeightedStatistics.SMDDenominator = estimand == .att ? .treated : .pooled
        let after = groups.weighted(weights)
        func fromArray(_ name: String, _ x: [Double], type: String? = nil) -> Row {
            x.withUnsafeBufferPointer { x in
                let column = ColumnReader(x)
                let moments = Moments.ofColumns([column], groups.t, groups.c, continuous: type != nil)[0]
                let squares = [type != nil || !(moments.t.binary && moments.c.binary)]
                let weighted = (WeightedMoments.ofColumns([column], after.t, after.wt, squares: squares)[0],
                                WeightedMoments.ofColumns([column], after.c, after.wc, squares: squares)[0])
                return Self.row(name, moments, weighted, after, type: type, denominator: denominator)
            }
        }
        // Design columns are read in place (through each unit's row of the underlying design):
        // a cell's sample of a million rows is never copied column by column.
        let before = sample.balanceBefore ?? Before(sample)
        precondition(before.columns.count == sample.designColumns - 1 && before.describes(sample), "balanceBefore was computed for other units")
        let inSource = after.inSource
        let covariateRows: [Row] = sample.designColumns <= 1 ? [] : sample.withDesignColumns { readers -> [Row] in
            let columns = Array(readers.dropFirst())
            let squares = before.columns.map { !($0.t.binary && $0.c.binary) }
            let t = WeightedMoments.ofColumns(columns, inSource.t, inSource.wt, squares: squares)
            let c = WeightedMoments.ofColumns(columns, inSource.c, inSource.wc, squares: squares)
            return columns.indices.map { j in
                Self.row(sample.covariateNames[j + 1], before.columns[j], (t[j], c[j]), inSource, type: nil, denominator: denominator)
            }
        }
        let modelRows = (distance.map { [fromArray("distance", $0, type: "distance")] } ?? []) + covariateRows
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

    /// The unweighted moments of every covariate (the design's columns after the intercept) in
    /// the treated and the control group: the "before" half of a balance table. They depend on
    /// the units alone, not on the weights, so the estimates of one cell by several methods and
    /// estimands (matching, IPW, now vs waiting, now vs never) compute them once and hand them
    /// over in `TreatmentSample.balanceBefore`.
    public struct Before: Sendable {
        fileprivate let columns: [Moments]
        /// Which units the moments describe, their rows in the design and their groups: a table
        /// refuses moments of other units (`describes`). The sample's own arrays, not copies.
        private let sourceRows: [Int], treated: [Bool]

        public init(_ sample: TreatmentSample) {
            let groups = Groups(sample)
            let source = sample.designSourceRows
            let t = groups.t.map { source[$0] }, c = groups.c.map { source[$0] }
            columns = sample.designColumns <= 1 ? [] : sample.withDesignColumns { Moments.ofColumns(Array($0.dropFirst()), t, c) }
            (sourceRows, treated) = (source, sample.treated)
        }

        /// Whether the moments are those of the sample's units. Why arrays, not a hash of them: a
        /// comparison is exact, and costs nothing when the sample shares the arrays (a cell's
        /// columns on the same rows do); hashing every row for every table showed in profiles.
        fileprivate func describes(_ sample: TreatmentSample) -> Bool {
            sourceRows == sample.designSourceRows && treated == sample.treated
        }
    }

    /// The units of each group, as positions in the sample.
    private struct Groups {
        let t: [Int], c: [Int]
        let sourceRows: [Int]

        init(_ sample: TreatmentSample) {
            // Each list made at its size (a filter grows it by copies: a national cell's millions of units).
            var t = [Int](), c = [Int]()
            t.reserveCapacity(sample.treatedCount)
            c.reserveCapacity(sample.count - sample.treatedCount)
            for (i, isTreated) in sample.treated.enumerated() { if isTreated { t.append(i) } else { c.append(i) } }
            (self.t, self.c) = (t, c)
            sourceRows = sample.designSourceRows
        }

        /// The units of non-zero weight after adjustment, per group, with their weights.
        func weighted(_ weights: [Double]) -> Weighted {
            func nonZero(_ units: [Int]) -> [Int] {
                var kept = [Int]()
                kept.reserveCapacity(units.count)
                for u in units where weights[u] != 0 { kept.append(u) }
                return kept
            }
            let tw = nonZero(t), cw = nonZero(c)
            return Weighted(t: tw, c: cw, wt: weights.gathered(at: tw), wc: weights.gathered(at: cw),
                            sourceT: sourceRows.gathered(at: tw), sourceC: sourceRows.gathered(at: cw),
                            tPositive: tw.count(where: { weights[$0] > 0 }), cPositive: cw.count(where: { weights[$0] > 0 }))
        }
    }

    /// The units that count after adjustment (weight ≠ 0) and their weights. A unit of weight 0
    /// adds exactly 0 to every weighted sum of a finite covariate, so leaving it out changes no
    /// figure; after matching such units are most of the controls.
    private struct Weighted {
        let t: [Int], c: [Int]
        let wt: [Double], wc: [Double]
        /// The same units as rows of the underlying design.
        let sourceT: [Int], sourceC: [Int]
        /// Units of positive weight per group (a weighted variance needs two).
        let tPositive: Int, cPositive: Int

        /// The units addressed by their rows in the underlying design (for design columns).
        var inSource: Weighted {
            Weighted(t: sourceT, c: sourceC, wt: wt, wc: wc, sourceT: sourceT, sourceC: sourceC, tPositive: tPositive, cPositive: cPositive)
        }
    }

    /// Units per block of the passes over many columns: a block's positions and weights stay in
    /// the L1 cache while every column reads its values at them. Column by column, each column
    /// streamed them from memory again (45 passes over two arrays of millions of entries a
    /// table). Every sum still adds its units in their order, so blocking changes no figure.
    fileprivate static let block = 2_048

    /// Calls `body` with each block of `count` units, in order.
    @inline(__always)
    fileprivate static func forBlocks(_ count: Int, _ body: (Range<Int>) -> Void) {
        for start in stride(from: 0, to: count, by: block) { body(start..<Swift.min(start + block, count)) }
    }

    /// Calls `body` with the listed columns four at a time, and how many of the four are real
    /// (the last four repeat their first column to fill up; the caller keeps the real lanes).
    ///
    /// Why: the passes below sum a column over many units, and a single sum waits for each
    /// addition to finish before the next (a chain of dependent additions); four columns summed
    /// side by side, one SIMD lane each, keep four sums in flight. A lane adds exactly as a scalar
    /// does, and each sum still takes its own column's terms in unit order, so no figure changes.
    @inline(__always)
    fileprivate static func inFours(_ columns: [Int], _ body: (_ columns: SIMD4<Int>, _ lanes: Int) -> Void) {
        for start in stride(from: 0, to: columns.count, by: 4) {
            let lanes = Swift.min(4, columns.count - start)
            var j = SIMD4(repeating: columns[start])
            for lane in 1..<lanes { j[lane] = columns[start + lane] }
            body(j, lanes)
        }
    }

    /// Adds Σ wₖ (x − mean)² over the units `at` (w: 1 without weights) to `sums[j]` for each
    /// listed column j, around `means[j]`: the second pass of a variance, four columns side by side
    /// (`inFours`), each sum over the units in order. Without weights each term is (1 · d) · d, and
    /// a product by 1 is exact: the sums of (x − mean)².
    fileprivate static func addSquaredDeviations(_ x: [ColumnReader], _ at: [Int], weights: [Double]?, columns: [Int], means: [Double],
                                                 into sums: inout [Double]) {
        let ones = weights == nil ? [Double](repeating: 1, count: Swift.min(at.count, block)) : []
        at.withUnsafeBufferPointer { at in
            (weights ?? ones).withUnsafeBufferPointer { w in
                forBlocks(at.count) { range in
                    // Without weights, the block's factors are the ones, from 0.
                    let offset = weights == nil ? range.lowerBound : 0
                    inFours(columns) { j, lanes in
                        let c = (x[j[0]], x[j[1]], x[j[2]], x[j[3]])
                        let mean = SIMD4(means[j[0]], means[j[1]], means[j[2]], means[j[3]])
                        var s = SIMD4(sums[j[0]], sums[j[1]], sums[j[2]], sums[j[3]])
                        for k in range {
                            let r = at[k], d = SIMD4(c.0[r], c.1[r], c.2[r], c.3[r]) - mean
                            s += SIMD4(repeating: w[k - offset]) * d * d
                        }
                        for lane in 0..<lanes { sums[j[lane]] = s[lane] }
                    }
                }
            }
        }
    }

    /// Unweighted sums over one group of a column: the mean, whether the column is binary in
    /// that group and, for a column that is not binary, the variance.
    fileprivate struct GroupMoments: Sendable {
        var n = 0.0, sum = 0.0, squares = 0.0
        var binary = true

        /// Each column's sums over the units `at`, four columns side by side (`inFours`).
        static func sums(_ x: [ColumnReader], _ at: [Int]) -> [GroupMoments] {
            var m = [GroupMoments](repeating: GroupMoments(), count: x.count)
            at.withUnsafeBufferPointer { at in
                forBlocks(at.count) { range in
                    inFours(Array(x.indices)) { j, lanes in
                        let c = (x[j[0]], x[j[1]], x[j[2]], x[j[3]])
                        var sum = SIMD4(m[j[0]].sum, m[j[1]].sum, m[j[2]].sum, m[j[3]].sum)
                        var other = SIMDMask<SIMD4<Int64>>(repeating: false)
                        for k in range {
                            let r = at[k], v = SIMD4(c.0[r], c.1[r], c.2[r], c.3[r])
                            other .|= (v .!= 0) .& (v .!= 1)
                            sum += v
                        }
                        for lane in 0..<lanes {
                            m[j[lane]].sum = sum[lane]
                            m[j[lane]].n += Double(range.count) // as adding 1 per unit: a whole number, exact
                            if other[lane] { m[j[lane]].binary = false }
                        }
                    }
                }
            }
            return m
        }

        /// Adds Σ(x − x̄)² over the units `at` to the moments of the listed columns: a second pass,
        /// as `WeightedStatistics.variance` runs it, so the figures equal its.
        static func addSquares(_ m: inout [GroupMoments], _ x: [ColumnReader], _ at: [Int], columns: [Int]) {
            var squares = m.map(\.squares)
            addSquaredDeviations(x, at, weights: nil, columns: columns, means: m.map(\.mean), into: &squares)
            for j in columns { m[j].squares = squares[j] }
        }
        var mean: Double { sum / n }
        /// The unweighted variance (n − 1).
        var variance: Double { squares / (n - 1) }
    }

    /// A column's unweighted moments in both groups (variances only for a continuous column:
    /// a binary one is summarised by its proportions).
    fileprivate struct Moments: Sendable {
        let t: GroupMoments, c: GroupMoments

        /// The moments of each column in the groups `t` and `c`; `continuous`: every column gets its variances.
        static func ofColumns(_ x: [ColumnReader], _ t: [Int], _ c: [Int], continuous: Bool = false) -> [Moments] {
            var mt = GroupMoments.sums(x, t), mc = GroupMoments.sums(x, c)
            // Whether a column is binary in both groups is known only after both first passes.
            let continuousColumns = x.indices.filter { continuous || !(mt[$0].binary && mc[$0].binary) }
            GroupMoments.addSquares(&mt, x, t, columns: continuousColumns)
            GroupMoments.addSquares(&mc, x, c, columns: continuousColumns)
            return x.indices.map { Moments(t: mt[$0], c: mc[$0]) }
        }
    }

    /// Weighted sums over one group's units of positive weight: the weighted mean and, with the
    /// reliability-weights correction, the weighted variance (as `WeightedStatistics.variance`).
    fileprivate struct WeightedMoments {
        var sumW = 0.0, sumWX = 0.0, weightedSquares = 0.0, sumW2 = 0.0

        /// Each column's sums over the units `at` with weights `w`; `squares[j]`: column j's
        /// variance too (a second pass, around the weighted mean). Σw and Σw² are the same sums for
        /// every column (the same terms in the same order), so they are added once; the columns'
        /// sums run four side by side (`inFours`).
        static func ofColumns(_ x: [ColumnReader], _ at: [Int], _ w: [Double], squares: [Bool]) -> [WeightedMoments] {
            var m = [WeightedMoments](repeating: WeightedMoments(), count: x.count)
            let second = x.indices.filter { squares[$0] }
            at.withUnsafeBufferPointer { at in
                w.withUnsafeBufferPointer { w in
                    var sumW = 0.0, sumW2 = 0.0
                    for k in 0..<at.count { sumW += w[k] }
                    if !second.isEmpty { for k in 0..<at.count { sumW2 += w[k] * w[k] } }
                    for j in x.indices { m[j].sumW = sumW }
                    forBlocks(at.count) { range in
                        inFours(Array(x.indices)) { j, lanes in
                            let c = (x[j[0]], x[j[1]], x[j[2]], x[j[3]])
                            var s = SIMD4(m[j[0]].sumWX, m[j[1]].sumWX, m[j[2]].sumWX, m[j[3]].sumWX)
                            for k in range { let r = at[k]; s += SIMD4(repeating: w[k]) * SIMD4(c.0[r], c.1[r], c.2[r], c.3[r]) }
                            for lane in 0..<lanes { m[j[lane]].sumWX = s[lane] }
                        }
                    }
                    for j in second { m[j].sumW2 = sumW2 }
                }
            }
            var squares = m.map(\.weightedSquares)
            addSquaredDeviations(x, at, weights: w, columns: second, means: m.map(\.mean), into: &squares)
            for j in second { m[j].weightedSquares = squares[j] }
            return m
        }
        var mean: Double { sumWX / sumW }
        var variance: Double { weightedSquares / (sumW - sumW2 / sumW) }
    }

    /// One row of the table from a column's unweighted moments and its weighted moments after
    /// adjustment (`after`): the means are all a binary covariate needs; a continuous one adds
    /// the SMD's denominator and the variance ratios.
    private static func row(_ name: String, _ before: Moments, _ after: (t: WeightedMoments, c: WeightedMoments), _ g: Weighted, type: String?,
                            denominator: WeightedStatistics.SMDDenominator) -> Row {
        let st = before.t, sc = before.c
        let kind = type ?? (st.binary && sc.binary ? "binary" : "continuous")
        let (at, ac) = after
        guard kind != "binary" else {
            return Row(covariate: name, type: kind, differenceBefore: st.mean - sc.mean, differenceAfter: at.mean - ac.mean,
                       varianceRatioBefore: nil, varianceRatioAfter: nil)
        }
        let vt = st.variance, vc = sc.variance
        let s: Double
        switch denominator {
        case .treated: s = vt.squareRoot()
        case .pooled: s = ((vt + vc) / 2).squareRoot()
        }
        func smd(_ diff: Double) -> Double { s > 0 ? diff / s : (diff == 0 ? 0 : (diff > 0 ? .infinity : -.infinity)) }
        func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 && a.isFinite ? a / b : nil }
        let vtAfter = g.tPositive > 1 ? at.variance : .nan
        let vcAfter = g.cPositive > 1 ? ac.variance : .nan
        return Row(covariate: name, type: kind, differenceBefore: smd(st.mean - sc.mean), differenceAfter: smd(at.mean - ac.mean),
                   varianceRatioBefore: ratio(vt, vc), varianceRatioAfter: ratio(vtAfter, vcAfter))
    }
}
