/// How a municipality's BUIG deficit is split between its own risk and the safety net.
///
/// Rule as 000 chapter 6 (footnote 23) states it: the municipality bears all of the
/// deficit up to 7.5 % of the state budget plus 50 % of the part between 7.5 % and
/// 12.5 %; the safety net (vangnet) covers the rest. So with deficit D and budget B:
/// own risk = min(D, 0.075 B) + 0.5 · clamp(D − 0.075 B, 0, 0.05 B), safety net = D − own risk.
/// (Above 12.5 % the own risk is therefore exactly 10 % of the budget.)
public struct BUIGSettlement: Sendable, Codable, Equatable {
    public static let fullRiskShare = 0.075
    public static let sharedRiskShare = 0.125
    public static let sharedRiskFraction = 0.5

    public let year: Int?
    public let budget: Double
    public let netSpending: Double
    /// Budget − spending: negative for a deficit, as 000 prints "Saldo".
    public let balance: Double
    /// Spending − budget when positive, else 0.
    public let deficit: Double
    public let deficitShareOfBudget: Double
    public let ownRisk: Double
    public let safetyNet: Double

    enum CodingKeys: String, CodingKey {
        case year, budget, balance, deficit
        case netSpending = "net_spending", deficitShareOfBudget = "deficit_share_of_budget", ownRisk = "own_risk", safetyNet = "safety_net"
    }

    public init(year: Int? = nil, budget: Double, netSpending: Double) throws {
        try FinanceError.checkAmount("BUIG budget", budget, positive: true)
        guard netSpending.isFinite, netSpending >= 0 else { throw FinanceError.invalid("net spending", netSpending, "must not be negative") }
        self.year = year
        self.budget = budget
        self.netSpending = netSpending
        balance = budget - netSpending
        deficit = max(0, netSpending - budget)
        deficitShareOfBudget = deficit / budget
        let full = min(deficit, Self.fullRiskShare * budget)
        let sharedBand = (Self.sharedRiskShare - Self.fullRiskShare) * budget
        let shared = min(max(deficit - Self.fullRiskShare * budget, 0), sharedBand)
        ownRisk = full + Self.sharedRiskFraction * shared
        safetyNet = deficit - ownRisk
    }
}

/// BUIG settlements over years, with an optional scenario that lowers spending by
/// a number of clients per year at a cost per client-year, cumulatively: in scenario
/// year k spending is lower by k × clients × cost (000 chapter 6: 30 clients × € 15,000,
/// so € 450,000 in 2019 rising to € 1,800,000 in 2022).
public struct BUIGProjection: Sendable, Codable, Equatable {
    public let baseline: [BUIGSettlement]
    public let scenario: [BUIGSettlement]?
    public let clientsPerYear: Double?
    public let costPerClientYear: Double?
    /// Own risk saved by the scenario, per year (baseline − scenario).
    public let ownRiskSaved: [Double]?

    enum CodingKeys: String, CodingKey {
        case baseline, scenario
        case clientsPerYear = "clients_per_year", costPerClientYear = "cost_per_client_year", ownRiskSaved = "own_risk_saved"
    }

    public init(years: [Int], budgets: [Double], netSpending: [Double], scenarioBudgets: [Double]? = nil,
                clientsPerYear: Double? = nil, costPerClientYear: Double? = nil) throws {
        guard years.count == budgets.count, years.count == netSpending.count else {
            throw FinanceError.mismatchedLengths("give one budget and one net spending figure per year (\(years.count) years, \(budgets.count) budgets, \(netSpending.count) spending)")
        }
        try FinanceError.checkYears(years)
        for v in netSpending { try FinanceError.checkAmount("net spending", v) }
        if (clientsPerYear == nil) != (costPerClientYear == nil) {
            throw FinanceError.mismatchedLengths("a scenario needs both the clients fewer per year and the cost per client-year")
        }
        if let c = clientsPerYear { try FinanceError.checkAmount("clients per year", c) }
        if let c = costPerClientYear { try FinanceError.checkAmount("cost per client-year", c) }
        baseline = try years.indices.map { try BUIGSettlement(year: years[$0], budget: budgets[$0], netSpending: netSpending[$0]) }
        self.clientsPerYear = clientsPerYear
        self.costPerClientYear = costPerClientYear
        if let clients = clientsPerYear, let cost = costPerClientYear {
            let sb = scenarioBudgets ?? budgets
            guard sb.count == years.count else { throw FinanceError.mismatchedLengths("give one scenario budget per year") }
            let s = try years.indices.map { k in
                try BUIGSettlement(year: years[k], budget: sb[k], netSpending: netSpending[k] - Double(k + 1) * clients * cost)
            }
            scenario = s
            let base = baseline
            ownRiskSaved = years.indices.map { base[$0].ownRisk - s[$0].ownRisk }
        } else {
            scenario = nil
            ownRiskSaved = nil
        }
    }
}
