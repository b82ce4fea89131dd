/// The BUIG safety-net rule of one year: the municipality bears the whole deficit up to
/// `fullRiskShare` of the state budget, `sharedRiskFraction` of the part between that and
/// `sharedRiskUpper`, and the safety net (vangnet) covers the rest. The rule changed over the
/// years (000 §6 footnote 23 states the 2019-2022 rule; the 2017 rule follows from the figures of
/// 000 §3), so reval keeps the rules by year in `Data/finance/buig-rules.csv` with their sources.
public struct BUIGRule: Sendable, Codable, Equatable {
    /// Printed in a source, or derived from printed figures (the source says how).
    public enum Basis: String, Sendable, Codable { case printed, derived }

    public let year: Int
    public let fullRiskShare: Double
    public let sharedRiskUpper: Double
    public let sharedRiskFraction: Double
    public let basis: Basis
    public let source: String

    enum CodingKeys: String, CodingKey {
        case year, basis, source
        case fullRiskShare = "full_risk_share", sharedRiskUpper = "shared_risk_upper", sharedRiskFraction = "shared_risk_fraction"
    }

    public init(year: Int, fullRiskShare: Double, sharedRiskUpper: Double, sharedRiskFraction: Double, basis: Basis, source: String) throws {
        guard (0...1).contains(fullRiskShare), (fullRiskShare...1).contains(sharedRiskUpper), (0...1).contains(sharedRiskFraction) else {
            throw FinanceError.invalid("BUIG rule \(year)", fullRiskShare, "needs 0 ≤ full-risk share ≤ shared-risk upper bound ≤ 100% and a fraction in 0-100%")
        }
        self.year = year
        self.fullRiskShare = fullRiskShare
        self.sharedRiskUpper = sharedRiskUpper
        self.sharedRiskFraction = sharedRiskFraction
        self.basis = basis
        self.source = source
    }

    /// The municipality's own risk for a deficit (spending − budget, 0 when there is none).
    public func ownRisk(budget: Double, deficit: Double) -> Double {
        let d = max(deficit, 0)
        let full = min(d, fullRiskShare * budget)
        let shared = min(max(d - fullRiskShare * budget, 0), (sharedRiskUpper - fullRiskShare) * budget)
        return full + sharedRiskFraction * shared
    }

    /// The own risk as a share of the budget once the deficit exceeds the upper bound (8,75% in 2017, 10% from 2019).
    public var maximumOwnRiskShare: Double { fullRiskShare + sharedRiskFraction * (sharedRiskUpper - fullRiskShare) }
}
