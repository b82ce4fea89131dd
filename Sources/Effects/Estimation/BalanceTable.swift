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
        let ktAfter = t.filter { weights[$0] > 0 }, kcAfter = c.filter { weights[$0] > 0 }
        let denominator: WeightedStatistics.SMDDenominator = estimand == .att ? .treated : .pooled
        func row(_ name: String, _ x: [Double], type: String? = nil) -> Row {
            let kind = type ?? (x.allSatisfy { $0 == 0 || $0 == 1 } ? "binary" : "continuous")
            let xt = t.map { x[$0] }, xc = c.map { x[$0] }
            let wt = t.map { weights[$0] }, wc = c.map { weights[$0] }
            func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 && a.isFinite ? a / b : nil }
            func difference(_ tw: [Double]?, _ cw: [Double]?) -> Double {
                guard kind == "binary" else {
                    return WeightedStatistics.standardizedMeanDifference(treated: xt, control: xc, treatedWeights: tw, controlWeights: cw, denominator: denominator)
                }
                return WeightedStatistics.mean(xt, weights: tw) - WeightedStatistics.mean(xc, weights: cw)
            }
            guard kind != "binary" else {
                return Row(covariate: name, type: kind, differenceBefore: difference(nil, nil), differenceAfter: difference(wt, wc),
                           varianceRatioBefore: nil, varianceRatioAfter: nil)
            }
            let vtAfter = ktAfter.count > 1 ? WeightedStatistics.variance(ktAfter.map { x[$0] }, weights: ktAfter.map { weights[$0] }) : .nan
            let vcAfter = kcAfter.count > 1 ? WeightedStatistics.variance(kcAfter.map { x[$0] }, weights: kcAfter.map { weights[$0] }) : .nan
            return Row(covariate: name, type: kind, differenceBefore: difference(nil, nil), differenceAfter: difference(wt, wc),
                       varianceRatioBefore: ratio(WeightedStatistics.variance(xt), WeightedStatistics.variance(xc)),
                       varianceRatioAfter: ratio(vtAfter, vcAfter))
        }
        rows = (distance.map { [row("distance", $0, type: "distance")] } ?? [])
            + (1..<sample.design.columns).map { row(sample.covariateNames[$0], sample.design.column($0)) }
            + referenceLevels.map { row($0.name, $0.values) }
    }
}
