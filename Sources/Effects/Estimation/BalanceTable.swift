import StatKit

/// Covariate balance before and after matching or weighting (Stuart 2010): standardised
/// mean differences with the treated group's SD as denominator (for the ATT; pooled for the
/// ATE), and variance ratios treated/control.
public struct BalanceTable: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        public let covariate: String
        public let smdBefore: Double
        public let smdAfter: Double
        public let varianceRatioBefore: Double
        public let varianceRatioAfter: Double

        enum CodingKeys: String, CodingKey {
            case covariate
            case smdBefore = "smd_before", smdAfter = "smd_after"
            case varianceRatioBefore = "variance_ratio_before", varianceRatioAfter = "variance_ratio_after"
        }

        /// A ratio or SMD that is undefined (a group without variance) is `null` in JSON,
        /// which cannot hold NaN.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(covariate, forKey: .covariate)
            for (key, v) in [(CodingKeys.smdBefore, smdBefore), (.smdAfter, smdAfter), (.varianceRatioBefore, varianceRatioBefore), (.varianceRatioAfter, varianceRatioAfter)] {
                if v.isFinite { try c.encode(v, forKey: key) } else { try c.encodeNil(forKey: key) }
            }
        }
    }

    public let rows: [Row]
    /// The largest |SMD| after adjustment.
    public var maxAbsSMDAfter: Double { rows.map { abs($0.smdAfter) }.max() ?? 0 }

    /// - Parameter weights: weights after adjustment (matching or IPW); 0 drops a unit.
    public init(sample: TreatmentSample, weights: [Double], estimand: Estimand) {
        let t = sample.treated.indices.filter { sample.treated[$0] }
        let c = sample.treated.indices.filter { !sample.treated[$0] }
        let denominator: WeightedStatistics.SMDDenominator = estimand == .att ? .treated : .pooled
        rows = (1..<sample.design.columns).map { j in
            let x = sample.design.column(j)
            let xt = t.map { x[$0] }, xc = c.map { x[$0] }
            let wt = t.map { weights[$0] }, wc = c.map { weights[$0] }
            func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : .nan }
            let ktAfter = t.filter { weights[$0] > 0 }, kcAfter = c.filter { weights[$0] > 0 }
            let vtAfter = ktAfter.count > 1 ? WeightedStatistics.variance(ktAfter.map { x[$0] }, weights: ktAfter.map { weights[$0] }) : .nan
            let vcAfter = kcAfter.count > 1 ? WeightedStatistics.variance(kcAfter.map { x[$0] }, weights: kcAfter.map { weights[$0] }) : .nan
            return Row(covariate: sample.covariateNames[j],
                       smdBefore: WeightedStatistics.standardizedMeanDifference(treated: xt, control: xc, denominator: denominator),
                       smdAfter: WeightedStatistics.standardizedMeanDifference(treated: xt, control: xc, treatedWeights: wt, controlWeights: wc, denominator: denominator),
                       varianceRatioBefore: ratio(WeightedStatistics.variance(xt), WeightedStatistics.variance(xc)),
                       varianceRatioAfter: ratio(vtAfter, vcAfter))
        }
    }
}
