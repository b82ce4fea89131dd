/// Break-even of a placement instrument: how many benefit months it must save to pay
/// for itself, and by which week participants must then be in work.
///
/// Section 2.6 of 004 (Leidse Kracht): cost = fixed + bonus × placements
/// (€ 511,000 + 160 × € 1,800 = € 799,000); months = cost / gross benefit month
/// (€ 799,000 / € 1,260 = 634); per participant 634 / 160 ≈ 4 months ≈ 17 weeks
/// (weeks = months × 52/12); with spontaneous outflow after 24.7 weeks on average,
/// participants must be in work by week 24.7 − 17.2 ≈ 8, i.e. about a week after they
/// enter the instrument in week 7.
public struct BreakEven: Sendable, Codable, Equatable {
    public struct Input: Sendable, Codable, Equatable {
        public var fixedCost: Double
        public var bonusPerPlacement: Double
        public var placements: Double
        public var monthlyBenefit: Double
        /// Mean week in which participants would leave benefit without the instrument.
        public var spontaneousOutflowWeek: Double
        /// Week of the benefit spell in which participants enter the instrument.
        public var entryWeek: Double
        /// Budgeted maximum of variable costs, if any, to check the bonuses against.
        public var maximumVariableCost: Double?

        enum CodingKeys: String, CodingKey {
            case placements
            case fixedCost = "fixed_cost", bonusPerPlacement = "bonus_per_placement", monthlyBenefit = "monthly_benefit"
            case spontaneousOutflowWeek = "spontaneous_outflow_week", entryWeek = "entry_week", maximumVariableCost = "maximum_variable_cost"
        }

        public init(fixedCost: Double, bonusPerPlacement: Double, placements: Double, monthlyBenefit: Double = BenefitAmounts.grossMonth,
                    spontaneousOutflowWeek: Double, entryWeek: Double, maximumVariableCost: Double? = nil) {
            self.fixedCost = fixedCost
            self.bonusPerPlacement = bonusPerPlacement
            self.placements = placements
            self.monthlyBenefit = monthlyBenefit
            self.spontaneousOutflowWeek = spontaneousOutflowWeek
            self.entryWeek = entryWeek
            self.maximumVariableCost = maximumVariableCost
        }
    }

    /// Weeks in an average month: 52 / 12 ≈ 4.33.
    public static let weeksPerMonth = 52.0 / 12.0

    public let input: Input
    public let bonusTotal: Double
    public let cost: Double
    public let benefitMonthsToSave: Double
    public let monthsPerParticipant: Double
    public let weeksPerParticipant: Double
    /// The week of the spell by which participants must be in work on average.
    public let placedByWeek: Double
    /// Weeks after entering the instrument by which they must be in work.
    public let weeksAfterEntry: Double
    /// Whether the bonuses fit in the budgeted variable costs (nil when no maximum is given).
    public let bonusesWithinVariableBudget: Bool?

    enum CodingKeys: String, CodingKey {
        case input, cost
        case bonusTotal = "bonus_total", benefitMonthsToSave = "benefit_months_to_save", monthsPerParticipant = "months_per_participant"
        case weeksPerParticipant = "weeks_per_participant", placedByWeek = "placed_by_week", weeksAfterEntry = "weeks_after_entry"
        case bonusesWithinVariableBudget = "bonuses_within_variable_budget"
    }

    public init(_ input: Input) throws {
        try FinanceError.checkAmount("placements", input.placements, positive: true)
        try FinanceError.checkAmount("monthly benefit", input.monthlyBenefit, positive: true)
        try FinanceError.checkAmount("fixed cost", input.fixedCost)
        try FinanceError.checkAmount("bonus per placement", input.bonusPerPlacement)
        try FinanceError.checkAmount("entry week", input.entryWeek)
        try FinanceError.checkAmount("spontaneous outflow week", input.spontaneousOutflowWeek, positive: true)
        if let m = input.maximumVariableCost { try FinanceError.checkAmount("maximum variable cost", m) }
        guard input.entryWeek < input.spontaneousOutflowWeek else {
            throw FinanceError.invalid("entry week", input.entryWeek, "must lie before the spontaneous outflow week (\(input.spontaneousOutflowWeek))")
        }
        self.input = input
        bonusTotal = input.bonusPerPlacement * input.placements
        cost = input.fixedCost + bonusTotal
        benefitMonthsToSave = cost / input.monthlyBenefit
        monthsPerParticipant = benefitMonthsToSave / input.placements
        weeksPerParticipant = monthsPerParticipant * Self.weeksPerMonth
        placedByWeek = input.spontaneousOutflowWeek - weeksPerParticipant
        weeksAfterEntry = placedByWeek - input.entryWeek
        let bonuses = bonusTotal
        bonusesWithinVariableBudget = input.maximumVariableCost.map { bonuses <= $0 }
    }
}

/// Invalid finance input, named.
public enum FinanceError: Error, CustomStringConvertible, Equatable {
    case invalid(String, Double, String)
    case mismatchedLengths(String)

    /// Amounts in euros, counts and weeks: finite, not negative (positive when asked), and
    /// at most 10¹⁵, so no product of them overflows to infinity.
    public static func checkAmount(_ what: String, _ v: Double, positive: Bool = false) throws {
        guard v.isFinite, positive ? v > 0 : v >= 0 else { throw FinanceError.invalid(what, v, positive ? "must be a positive number" : "must be a number of at least 0") }
        guard v <= 1e15 else { throw FinanceError.invalid(what, v, "must be at most 10^15") }
    }

    /// Years of a series: each from 1900 to 2200, increasing.
    public static func checkYears(_ years: [Int]) throws {
        guard !years.isEmpty else { throw FinanceError.mismatchedLengths("give at least one year") }
        for (k, y) in years.enumerated() {
            guard (1900...2200).contains(y) else { throw FinanceError.invalid("year", Double(y), "must be from 1900 to 2200") }
            guard k == 0 || y > years[k - 1] else { throw FinanceError.invalid("year", Double(y), "must follow \(years[k - 1]): give the years in increasing order, each once") }
        }
    }

    public var description: String {
        switch self {
        case .invalid(let what, let v, let why): return "\(what) \(why) (value '\(v.formatted)')"
        case .mismatchedLengths(let s): return s
        }
    }
}

private extension Double {
    /// 30 rather than 30.0 in messages.
    var formatted: String { isFinite && self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
