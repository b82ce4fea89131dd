import Foundation
import StatKit

/// The units an estimator works on: treatment, outcome and covariates, one row per unit.
public struct TreatmentSample: Sendable {
    public let treated: [Bool]
    public let outcome: [Double]
    /// Covariate design with an intercept first; used for the propensity and outcome models.
    public let design: Matrix
    public let covariateNames: [String]
    /// Row-order-independent tie keys in [0, 1): a hash of each unit's covariates. Never of the
    /// outcome: matching must not look at outcomes (a key that did would sort tied controls by
    /// their outcome and bias the estimate).
    public let tieKeys: [Double]

    public init(treated: [Bool], outcome: [Double], design: Matrix, covariateNames: [String]) {
        precondition(treated.count == outcome.count && outcome.count == design.rows && covariateNames.count == design.columns)
        self.treated = treated
        self.outcome = outcome
        self.design = design
        self.covariateNames = covariateNames
        tieKeys = (0..<design.rows).map { i in
            // FNV-1a over the bit patterns of the row's covariates: equal rows get equal keys wherever they sit.
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            func eat(_ v: Double) { var b = v.bitPattern; for _ in 0..<8 { h = (h ^ (b & 0xFF)) &* 0x100_0000_01B3; b >>= 8 } }
            for j in 0..<design.columns { eat(design[i, j]) }
            return Double(h >> 11) * 0x1.0p-53
        }
    }

    public var count: Int { treated.count }
    public var treatedCount: Int { treated.filter { $0 }.count }

    /// The sample restricted to the given rows (bootstrap, subgroup cells).
    public func subset(_ rows: [Int]) -> TreatmentSample {
        TreatmentSample(treated: rows.map { treated[$0] }, outcome: rows.map { outcome[$0] }, design: design.selectingRows(rows),
                        covariateNames: covariateNames)
    }
}

/// Which effect is estimated.
public enum Estimand: String, Sendable, Codable, CaseIterable {
    /// Average effect on the treated.
    case att = "ATT"
    /// Average effect in the whole sample.
    case ate = "ATE"
}

/// How the effect is estimated.
public enum EstimationMethod: String, Sendable, Codable, CaseIterable {
    /// Nearest-neighbour propensity-score matching.
    case psm
    /// Inverse-probability weighting (normalised weights).
    case ipw
    /// Augmented IPW (doubly robust).
    case aipw
}

public enum EstimationError: Error, CustomStringConvertible, Equatable {
    case tooFewUnits(treated: Int, control: Int, needed: Int)
    case propensity(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .tooFewUnits(let t, let c, let n): return "too few units to estimate: \(t) treated and \(c) controls (need at least \(n) of each)"
        case .propensity(let s): return "propensity model: \(s)"
        case .unsupported(let s): return s
        }
    }
}
