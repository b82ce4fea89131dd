/// Return on investment of a re-integration instrument: what one extra person out of benefit
/// costs, how many benefit months a euro buys, and how soon the instrument pays for itself.
///
/// With cost C for n participants, an effect of e extra persons out of benefit per 100
/// participants, m benefit months saved per participant over a horizon of H months and a gross
/// benefit month B (€ 1.260, 004 §2.6):
/// - extra persons out of benefit = n × e / 100; cost per extra person = C / (n × e / 100);
/// - months saved = n × m; euros saved = n × m × B; months per € 1.000 = 1000 × n × m / C;
/// - break-even: the instrument pays for itself when it saves C / B benefit months, C / (n × B)
///   per participant (004 §2.6, Leidse Kracht: € 799.000 / € 1.260 = 634 months, 4 per person);
/// - payback time: with savings spread evenly over the horizon, H × C / (n × m × B) months
///   (nil when the savings over the horizon do not cover the cost).
public struct ReturnOnInvestment: Sendable, Codable, Equatable {
    public let cost: Double
    public let participants: Double
    public let monthlyBenefit: Double
    public let horizonMonths: Double
    public let extraOutOfBenefitPer100: Double?
    public let monthsSavedPerParticipant: Double?

    public let breakEvenBenefitMonths: Double
    public let breakEvenMonthsPerParticipant: Double
    public let extraOutOfBenefit: Double?
    public let costPerExtraOutOfBenefit: Double?
    public let benefitMonthsSaved: Double?
    public let eurosSaved: Double?
    public let benefitMonthsPerThousandEuros: Double?
    /// Euros saved per euro spent.
    public let returnRatio: Double?
    public let paybackMonths: Double?

    enum CodingKeys: String, CodingKey {
        case cost, participants
        case monthlyBenefit = "monthly_benefit", horizonMonths = "horizon_months", extraOutOfBenefitPer100 = "extra_out_of_benefit_per_100"
        case monthsSavedPerParticipant = "months_saved_per_participant", breakEvenBenefitMonths = "break_even_benefit_months"
        case breakEvenMonthsPerParticipant = "break_even_months_per_participant", extraOutOfBenefit = "extra_out_of_benefit"
        case costPerExtraOutOfBenefit = "cost_per_extra_out_of_benefit", benefitMonthsSaved = "benefit_months_saved", eurosSaved = "euros_saved"
        case benefitMonthsPerThousandEuros = "benefit_months_per_1000_euros", returnRatio = "return_ratio", paybackMonths = "payback_months"
    }

    public init(cost: Double, participants: Double, monthlyBenefit: Double = BenefitAmounts.grossMonth, horizonMonths: Double = 96,
                extraOutOfBenefitPer100: Double? = nil, monthsSavedPerParticipant: Double? = nil) throws {
        try FinanceError.checkAmount("cost", cost, positive: true)
        try FinanceError.checkAmount("participants", participants, positive: true)
        try FinanceError.checkAmount("monthly benefit", monthlyBenefit, positive: true)
        try FinanceError.checkAmount("horizon in months", horizonMonths, positive: true)
        if let e = extraOutOfBenefitPer100 {
            guard e.isFinite, (0...100).contains(e) else { throw FinanceError.invalid("extra out of benefit per 100", e, "must be from 0 to 100") }
        }
        if let m = monthsSavedPerParticipant {
            guard m.isFinite, m >= 0, m <= horizonMonths else { throw FinanceError.invalid("months saved per participant", m, "must be from 0 to the horizon") }
        }
        self.cost = cost
        self.participants = participants
        self.monthlyBenefit = monthlyBenefit
        self.horizonMonths = horizonMonths
        self.extraOutOfBenefitPer100 = extraOutOfBenefitPer100
        self.monthsSavedPerParticipant = monthsSavedPerParticipant
        breakEvenBenefitMonths = cost / monthlyBenefit
        breakEvenMonthsPerParticipant = cost / (participants * monthlyBenefit)
        let extra = extraOutOfBenefitPer100.map { participants * $0 / 100 }
        extraOutOfBenefit = extra
        costPerExtraOutOfBenefit = extra.flatMap { $0 > 0 ? cost / $0 : nil }
        let months = monthsSavedPerParticipant.map { participants * $0 }
        benefitMonthsSaved = months
        eurosSaved = months.map { $0 * monthlyBenefit }
        benefitMonthsPerThousandEuros = months.map { 1000 * $0 / cost }
        returnRatio = months.map { $0 * monthlyBenefit / cost }
        paybackMonths = months.flatMap { m in
            let saved = m * monthlyBenefit
            return saved >= cost ? horizonMonths * cost / saved : nil
        }
    }
}
