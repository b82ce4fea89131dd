// Module Finance — break-even, return on investment, BUIG own risk and safety net, savings.
// May import: nothing but Foundation.

/// Savings from a lower client stock: each client fewer saves a benefit-year.
///
/// 000 chapter 5: a reduction of 30 to 50 clients a year at € 15,000 per benefit-year
/// lowers spending by € 450,000 to € 750,000 a year, and after 4 years by € 1,800,000
/// to € 3,000,000 (the level in year 4: 4 × 30 × € 15,000).
public struct StockReduction: Sendable, Codable, Equatable {
    public let clientsPerYear: Double
    public let costPerClientYear: Double
    public let years: Int
    /// Lower spending in year k = k × clients × cost, k = 1…years.
    public let spendingReductionByYear: [Double]
    /// Sum of the yearly reductions.
    public let cumulativeSaving: Double

    enum CodingKeys: String, CodingKey {
        case years
        case clientsPerYear = "clients_per_year", costPerClientYear = "cost_per_client_year"
        case spendingReductionByYear = "spending_reduction_by_year", cumulativeSaving = "cumulative_saving"
    }

    public init(clientsPerYear: Double, costPerClientYear: Double, years: Int) throws {
        guard (1...100).contains(years) else { throw FinanceError.invalid("years", Double(years), "must be a whole number from 1 to 100") }
        try FinanceError.checkAmount("clients per year", clientsPerYear)
        try FinanceError.checkAmount("cost per client-year", costPerClientYear)
        self.clientsPerYear = clientsPerYear
        self.costPerClientYear = costPerClientYear
        self.years = years
        spendingReductionByYear = (1...years).map { Double($0) * clientsPerYear * costPerClientYear }
        cumulativeSaving = spendingReductionByYear.reduce(0, +)
    }
}

/// A client-stock series checked against a target reduction per year.
///
/// 003 chapter 1 table 1 (Leidschendam-Voorburg): 1,846 clients end 2018, 1,781 end 2019,
/// a fall of 65 against the target of 30 (000 chapter 6).
public struct StockSeries: Sendable, Codable, Equatable {
    public struct Year: Sendable, Codable, Equatable {
        public let year: Int
        public let stock: Double
        /// Previous year's stock minus this year's (positive = fewer clients).
        public let reduction: Double?
        public let targetMet: Bool?
        /// Reduction × cost per client-year.
        public let spendingReduction: Double?

        enum CodingKeys: String, CodingKey {
            case year, stock, reduction
            case targetMet = "target_met", spendingReduction = "spending_reduction"
        }
    }

    public let years: [Year]

    public init(years: [Int], stock: [Double], targetReduction: Double?, costPerClientYear: Double?) throws {
        guard years.count == stock.count, !years.isEmpty else {
            throw FinanceError.mismatchedLengths("give one stock figure per year (\(years.count) years, \(stock.count) figures)")
        }
        try FinanceError.checkYears(years)
        for v in stock { try FinanceError.checkAmount("stock", v) }
        if let t = targetReduction { try FinanceError.checkAmount("target reduction", t) }
        if let c = costPerClientYear { try FinanceError.checkAmount("cost per client-year", c) }
        self.years = years.indices.map { k in
            let r: Double? = k == 0 ? nil : stock[k - 1] - stock[k]
            return Year(year: years[k], stock: stock[k], reduction: r,
                        targetMet: r.flatMap { r in targetReduction.map { r >= $0 } },
                        spendingReduction: r.flatMap { r in costPerClientYear.map { r * $0 } })
        }
    }
}

/// Notional ("fictieve") savings per placement by working time and half-year of outflow.
///
/// 001 appendix 1 (Voorschoten): full-time placement in the first half-year € 13,000,
/// second half-year € 6,500 (half the remaining benefit-year), part-time € 3,250 and € 1,625
/// (a quarter of full time).
public struct NotionalSavings: Sendable, Codable, Equatable {
    public let fullTimeFirstHalf: Double
    public let partTimeFactor: Double

    enum CodingKeys: String, CodingKey {
        case fullTimeFirstHalf = "full_time_first_half", partTimeFactor = "part_time_factor"
    }
    public var fullTimeSecondHalf: Double { fullTimeFirstHalf / 2 }
    public var partTimeFirstHalf: Double { fullTimeFirstHalf * partTimeFactor }
    public var partTimeSecondHalf: Double { fullTimeFirstHalf * partTimeFactor / 2 }

    public init(fullTimeFirstHalf: Double = 13_000, partTimeFactor: Double = 0.25) {
        self.fullTimeFirstHalf = fullTimeFirstHalf
        self.partTimeFactor = partTimeFactor
    }

    /// Throws for a norm that is not an amount or a part-time factor outside [0, 1].
    public func validate() throws {
        try FinanceError.checkAmount("norm", fullTimeFirstHalf)
        guard partTimeFactor.isFinite, (0...1).contains(partTimeFactor) else {
            throw FinanceError.invalid("part-time factor", partTimeFactor, "must be a fraction from 0 to 1")
        }
    }

    /// Σ placements × norm over the four cells.
    public func total(fullTimeFirstHalf a: Int, fullTimeSecondHalf b: Int, partTimeFirstHalf c: Int, partTimeSecondHalf d: Int) -> Double {
        Double(a) * fullTimeFirstHalf + Double(b) * fullTimeSecondHalf + Double(c) * partTimeFirstHalf + Double(d) * partTimeSecondHalf
    }
}
