import Cohort
import Foundation

/// The monthly benefit used to turn months into euros. No default here: the amounts of the
/// source documents live in `Finance.BenefitAmounts`, which callers pass (Effects does not
/// depend on Finance).
public struct MonthlyBenefit: Sendable, Codable, Equatable {
    /// Gross cost of one benefit month (004 §2.6: € 1,260 = 1.5 × net, 2015).
    public var gross: Double
    /// Net benefit month (004 §2.6: € 840 per 1 January 2015).
    public var net: Double

    public init(gross: Double, net: Double) {
        self.gross = gross
        self.net = net
    }
}

/// One subgroup cell as applied.
public struct AppliedCell: Sendable, Codable, Equatable {
    public let subgroup: String
    public let participants: Int
    /// The effect used (per 100 for out-of-benefit, per person for months); nil when none was available.
    public let effect: Double?
    /// Status of the cell in the table (`absent` when the table has no such cell).
    public let status: String
    /// True when the cell was not reported and the instrument's average was used instead.
    public let fellBackToAverage: Bool
    public let source: String?

    enum CodingKeys: String, CodingKey {
        case subgroup, participants, effect, status, source
        case fellBackToAverage = "fell_back_to_average"
    }
}

/// An applied quantity (extra people out of benefit, or months saved) for one instrument.
public struct AppliedQuantity: Sendable, Codable, Equatable {
    public init(outcome: String, horizonMonths: Int, exact: Double?, standardError: Double?, cells: [AppliedCell]) {
        self.outcome = outcome
        self.horizonMonths = horizonMonths
        self.exact = exact
        self.standardError = standardError
        self.cells = cells
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(horizonMonths, forKey: .horizonMonths)
        try c.encode(unit, forKey: .unit)
        try c.encode(exact, forKey: .exact)
        try c.encode(rounded, forKey: .rounded)
        try c.encode(standardError, forKey: .standardError)
        try c.encode(cells, forKey: .cells)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(outcome: try c.decode(String.self, forKey: .outcome), horizonMonths: try c.decode(Int.self, forKey: .horizonMonths),
                  exact: try c.decodeIfPresent(Double.self, forKey: .exact), standardError: try c.decodeIfPresent(Double.self, forKey: .standardError),
                  cells: try c.decode([AppliedCell].self, forKey: .cells))
    }

    public let outcome: String
    public let horizonMonths: Int
    /// Unrounded Σ n·e; nil when some cell had no usable effect.
    public let exact: Double?
    /// `exact` rounded to one decimal, as 004 prints per-instrument figures (3.1, 62.3).
    public var rounded: Double? { exact.map { Rounding.halfUp($0, step: 0.1) } }
    /// Propagated SE when every cell used has one (cells treated as independent).
    public let standardError: Double?
    public let cells: [AppliedCell]
    /// Extra persons out of benefit, or months saved.
    public var unit: EffectUnit { EffectUnit(outcome: outcome) == .months ? .months : .persons }

    enum CodingKeys: String, CodingKey {
        case outcome, unit, exact, rounded, cells
        case horizonMonths = "horizon_months"
        case standardError = "se"
    }
}

/// Per-instrument result of applying effects.
public struct InstrumentEffect: Sendable, Codable, Equatable {
    public let instrument: String
    public let participants: Int
    public let extraOutOfBenefitShort: AppliedQuantity
    public let extraOutOfBenefitLong: AppliedQuantity
    public let benefitMonthsSaved: AppliedQuantity

    enum CodingKeys: String, CodingKey {
        case instrument, participants
        case extraOutOfBenefitShort = "extra_out_of_benefit_short"
        case extraOutOfBenefitLong = "extra_out_of_benefit_long"
        case benefitMonthsSaved = "benefit_months_saved"
    }
}

/// The result of `reval apply`: totals rounded as the source rounds them, unrounded totals,
/// money, per-instrument rows and the rules applied.
public struct AppliedEffects: Sendable, Codable {
    public let mode: EffectApplication.Mode
    public let dimension: String?
    public let horizonShortMonths: Int
    public let horizonLongMonths: Int
    public let instruments: [InstrumentEffect]
    public let monthlyBenefit: MonthlyBenefit
    /// Σ over instruments of each instrument's figure rounded to 0.1 (004's method); nil if any is unavailable.
    public let extraOutOfBenefit2y: Double?
    public let extraOutOfBenefit8y: Double?
    public let extraOutOfBenefit2yExact: Double?
    public let extraOutOfBenefit8yExact: Double?
    public let extraOutOfBenefit2ySE: Double?
    public let extraOutOfBenefit8ySE: Double?
    /// Σ nₖ·mₖ rounded to whole months, as 004 prints 2,356.
    public let benefitMonthsSaved: Double?
    public let benefitMonthsSavedExact: Double?
    public let benefitMonthsSavedSE: Double?
    /// Months saved × gross monthly benefit, unrounded months.
    public let eurosSaved: Double?
    public let eurosSavedNet: Double?
    public let uncertainty: String
    public let notes: [String]

    enum CodingKeys: String, CodingKey {
        case mode, dimension, instruments, uncertainty, notes
        case horizonShortMonths = "horizon_short_months"
        case horizonLongMonths = "horizon_long_months"
        case monthlyBenefit = "monthly_benefit"
        case extraOutOfBenefit2y = "extra_out_of_benefit_2y"
        case extraOutOfBenefit8y = "extra_out_of_benefit_8y"
        case extraOutOfBenefit2yExact = "extra_out_of_benefit_2y_exact"
        case extraOutOfBenefit8yExact = "extra_out_of_benefit_8y_exact"
        case extraOutOfBenefit2ySE = "extra_out_of_benefit_2y_se"
        case extraOutOfBenefit8ySE = "extra_out_of_benefit_8y_se"
        case benefitMonthsSaved = "benefit_months_saved"
        case benefitMonthsSavedExact = "benefit_months_saved_exact"
        case benefitMonthsSavedSE = "benefit_months_saved_se"
        case eurosSaved = "euros_saved"
        case eurosSavedNet = "euros_saved_net"
    }

    init(mode: EffectApplication.Mode, dimension: String?, instruments: [InstrumentEffect], monthlyBenefit: MonthlyBenefit,
         horizons: (Int, Int)) {
        self.mode = mode
        self.dimension = dimension
        self.instruments = instruments
        self.monthlyBenefit = monthlyBenefit
        horizonShortMonths = horizons.0
        horizonLongMonths = horizons.1
        func sum(_ pick: (InstrumentEffect) -> AppliedQuantity, rounding step: Double?) -> Double? {
            var total = 0.0
            for i in instruments {
                guard let v = pick(i).exact else { return nil }
                total += step.map { Rounding.halfUp(v, step: $0) } ?? v
            }
            return step.map { Rounding.halfUp(total, step: $0) } ?? total
        }
        func se(_ pick: (InstrumentEffect) -> AppliedQuantity) -> Double? {
            var v = 0.0
            for i in instruments { guard let s = pick(i).standardError else { return nil }; v += s * s }
            return v.squareRoot()
        }
        extraOutOfBenefit2y = sum(\.extraOutOfBenefitShort, rounding: 0.1)
        extraOutOfBenefit8y = sum(\.extraOutOfBenefitLong, rounding: 0.1)
        extraOutOfBenefit2yExact = sum(\.extraOutOfBenefitShort, rounding: nil)
        extraOutOfBenefit8yExact = sum(\.extraOutOfBenefitLong, rounding: nil)
        extraOutOfBenefit2ySE = se(\.extraOutOfBenefitShort)
        extraOutOfBenefit8ySE = se(\.extraOutOfBenefitLong)
        benefitMonthsSavedExact = sum(\.benefitMonthsSaved, rounding: nil)
        benefitMonthsSaved = benefitMonthsSavedExact.map { Rounding.halfUp($0, step: 1) }
        benefitMonthsSavedSE = se(\.benefitMonthsSaved)
        eurosSaved = benefitMonthsSavedExact.map { $0 * monthlyBenefit.gross }
        eurosSavedNet = benefitMonthsSavedExact.map { $0 * monthlyBenefit.net }
        let anySE = extraOutOfBenefit2ySE != nil || extraOutOfBenefit8ySE != nil || benefitMonthsSavedSE != nil
        uncertainty = anySE
            ? "standard errors propagated from the table's SEs, cells and instruments treated as independent"
            : "no uncertainty available: the effect table gives no standard errors"
        var notes = [
            "Counts are per instrument: a person who received two instruments counts once for each, and their effects are added as if independent (as 004 appendix B does).",
            "Per-instrument figures are rounded to one decimal and totals are sums of the rounded figures, as 004 appendix B computes them; *_exact keys hold the unrounded values.",
            "Out of benefit is not the same as in work: the effects measure leaving benefit, whatever the reason.",
        ]
        if mode == .composition {
            notes.append("Cells the table reports as 'not_reported' (empty in the source) are not read as zero: they use the instrument's average effect and are marked fell_back_to_average; 'no_difference' cells count as an effect of 0.")
            let fallen = instruments.flatMap { i in
                [i.extraOutOfBenefitShort, i.extraOutOfBenefitLong, i.benefitMonthsSaved].flatMap { q in
                    q.cells.filter(\.fellBackToAverage).map { "\(i.instrument) \($0.subgroup) \(q.outcome) \(q.horizonMonths)m" }
                }
            }
            if !fallen.isEmpty { notes.append("Cells that fell back to the average: " + fallen.joined(separator: "; ") + ".") }
        }
        for i in instruments {
            for q in [i.extraOutOfBenefitShort, i.extraOutOfBenefitLong, i.benefitMonthsSaved] where q.exact == nil {
                notes.append("No usable effect for \(i.instrument), \(q.outcome) at \(q.horizonMonths) months: totals involving it are not available.")
            }
        }
        self.notes = notes
    }
}

/// Rounding as printed tables do it.
public enum Rounding {
    /// Rounds half away from zero to a multiple of `step` (0.1, 1, 10, …), on the decimal
    /// value: 3.05 → 3.1 even though 3.05 is stored as 3.04999…; a small relative nudge
    /// (1e-9) absorbs binary representation error before rounding.
    public static func halfUp(_ x: Double, step: Double) -> Double {
        let q = x / step
        let nudged = q + (q >= 0 ? 1 : -1) * abs(q) * 1e-9
        let r = nudged.rounded(.toNearestOrAwayFromZero) * step
        // Re-round to the step's decimals so 62.300000000000004 prints as 62.3.
        let decimals = Swift.max(0, Int((-log10(step)).rounded(.up)))
        let p = pow(10.0, Double(decimals))
        return (r * p).rounded() / p
    }
}
