import StatKit

/// Covariate balance before and after matching or weighting, with cobalt's conventions
/// (Greifer, `bal.tab`): the propensity score itself first (`distance`), then every covariate;
/// for a continuous covariate the standardised mean difference (SMD) with the treated group's
/// unweighted SD as denominator (for the ATT; pooled for the ATE; Stuart 2010) and the variance
/// ratio treated/control; for a binary covariate (values 0/1 only) the raw difference in
/// proportions and no variance ratio, since a proportion's variance follows from its mean.
/// Reference levels of factors, which the model leaves out, are listed too (`referenceLevels`):
/// the worst imbalance can sit in the level the model does not show.
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
    /// The largest |difference| after adjustment over the covariates (the distance row left out), as cobalt's `m.threshold` checks.
    public var maxAbsSMDAfter: Double {
        rows.filter { $0.type != "distance" }.compactMap { $0.differenceAfter.map(abs) }.filter(\.isFinite).max() ?? 0
    }

    /// - Parameters:
    ///   - weights: weights after adjustment (matching or IPW); 0 drops a unit.
    ///   - distance: the propensity score (or its logit) the adjustment used, shown first.
    ///   - referenceLevels: columns the model leaves out (reference levels of factors), one value per row, by name.
    public init(sample: TreatmentSample, weights: [Double], estimand: Estimand, distance: [Double]? = nil,
                referenceLevels: [(name: String, values: [Double])] = []) {
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
        rows = (distance.map { [fromArray("distance", $0, type: "distance")] } ?? [])
            + (1..<sample.designColumns).map { j in
                sample.withDesignColumn(j) { Self.row(sample.covariateNames[j], $0, inSource, type: nil, denominator: denominator) }
            }
            + referenceLevels.map { fromArray($0.name, $0.values) }
    }

    /// The treated and control units as positions in a column, with their weights after adjustment.
    private struct Groups {
        let t: [Int], c: [Int]
        /// Weights of `t` and `c`, and the positions of the units with a positive weight.
        let wt: [Double], wc: [Double]
        let tAfter: [Int], cAfter: [Int], wtAfter: [Double], wcAfter: [Double]

        /// `positions`: the units' indices in the sample when `treated`/`control` are positions in a larger column.
        init(treated: [Int], control: [Int], weights: [Double], positions: ([Int], [Int])? = nil) {
            t = treated; c = control
            let (ut, uc) = positions ?? (treated, control)
            let w1 = ut.map { weights[$0] }, w0 = uc.map { weights[$0] }
            let kt = w1.indices.filter { w1[$0] > 0 }, kc = w0.indices.filter { w0[$0] > 0 }
            wt = w1; wc = w0
            tAfter = kt.map { treated[$0] }; cAfter = kc.map { control[$0] }
            wtAfter = kt.map { w1[$0] }; wcAfter = kc.map { w0[$0] }
        }
    }

    /// One row of the table from a column `x` read at the groups' positions. The sums run in
    /// the order `WeightedStatistics` runs them, so the figures equal those of its functions.
    private static func row(_ name: String, _ x: UnsafeBufferPointer<Double>, _ g: Groups, type: String?,
                            denominator: WeightedStatistics.SMDDenominator) -> Row {
        let kind = type ?? (g.t.allSatisfy { x[$0] == 0 || x[$0] == 1 } && g.c.allSatisfy { x[$0] == 0 || x[$0] == 1 } ? "binary" : "continuous")
        let meanT = mean(x, g.t, nil), meanC = mean(x, g.c, nil)
        let afterT = mean(x, g.t, g.wt), afterC = mean(x, g.c, g.wc)
        guard kind != "binary" else {
            return Row(covariate: name, type: kind, differenceBefore: meanT - meanC, differenceAfter: afterT - afterC,
                       varianceRatioBefore: nil, varianceRatioAfter: nil)
        }
        let vt = variance(x, g.t, nil), vc = variance(x, g.c, nil)
        let s: Double
        switch denominator {
        case .treated: s = vt.squareRoot()
        case .pooled: s = ((vt + vc) / 2).squareRoot()
        }
        func smd(_ diff: Double) -> Double { s > 0 ? diff / s : (diff == 0 ? 0 : (diff > 0 ? .infinity : -.infinity)) }
        func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 && a.isFinite ? a / b : nil }
        let vtAfter = g.tAfter.count > 1 ? variance(x, g.tAfter, g.wtAfter) : .nan
        let vcAfter = g.cAfter.count > 1 ? variance(x, g.cAfter, g.wcAfter) : .nan
        return Row(covariate: name, type: kind, differenceBefore: smd(meanT - meanC), differenceAfter: smd(afterT - afterC),
                   varianceRatioBefore: ratio(vt, vc), varianceRatioAfter: ratio(vtAfter, vcAfter))
    }

    /// `WeightedStatistics.mean` of x at `at` (weights aligned with `at`).
    private static func mean(_ x: UnsafeBufferPointer<Double>, _ at: [Int], _ w: [Double]?) -> Double {
        guard let w else { return at.reduce(0) { $0 + x[$1] } / Double(at.count) }
        var sw = 0.0, swx = 0.0
        for k in at.indices { sw += w[k]; swx += w[k] * x[at[k]] }
        return swx / sw
    }

    /// `WeightedStatistics.variance` of x at `at` (unit weights when nil).
    private static func variance(_ x: UnsafeBufferPointer<Double>, _ at: [Int], _ w: [Double]?) -> Double {
        var sw = 0.0, sw2 = 0.0, ss = 0.0, swx = 0.0
        for k in at.indices { let wk = w?[k] ?? 1; sw += wk; swx += wk * x[at[k]] }
        let m = swx / sw
        for k in at.indices {
            let wk = w?[k] ?? 1, d = x[at[k]] - m
            sw2 += wk * wk
            ss += wk * d * d
        }
        return ss / (sw - sw2 / sw)
    }
}
