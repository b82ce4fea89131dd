import Effects
import Finance
import Foundation
import TableKit

/// The functions a published figure's computation may call. Each runs reval's own
/// calculators (`EffectApplication`, `BreakEven`, `BUIGSettlement`, …), so `reval verify`
/// checks the engine, not a second copy of the arithmetic.
public final class Calculators {
    /// Folder that relative paths (effect tables) are resolved against, normally `Data/`.
    public let dataDirectory: String
    private var effectTables = [String: EffectTable]()
    private var buigRules: BUIGRuleBook?

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    public static let functionNames = ["apply", "effect", "breakeven", "roi", "buig", "stock_reduction", "notional", "round", "min", "max", "abs"]

    public func call(_ name: String, _ named: [String: Expression.ArgumentValue], _ positional: [Double],
                     resolve: (String) throws -> Double) throws -> Double {
        func number(_ key: String, default d: Double? = nil) throws -> Double {
            guard let v = named[key] else {
                if let d { return d }
                throw ExpressionError.missingArgument(function: name, argument: key)
            }
            switch v {
            case .expression(let e): return try e.evaluate(resolve: resolve) { try self.call($0, $1, $2, resolve: resolve) }
            case .text(let t): throw ExpressionError.badArgument(function: name, argument: key, value: t)
            }
        }
        func text(_ key: String, default d: String? = nil) throws -> String {
            guard let v = named[key] else {
                if let d { return d }
                throw ExpressionError.missingArgument(function: name, argument: key)
            }
            if case .text(let t) = v { return t }
            throw ExpressionError.badArgument(function: name, argument: key, value: "an expression")
        }
        func pick(_ values: [String: Double], _ key: String) throws -> Double {
            let k = try text(key)
            guard let v = values[k] else { throw ExpressionError.badArgument(function: name, argument: key, value: k) }
            return v
        }

        switch name {
        case "round":
            guard positional.count == 2 else { throw ExpressionError.missingArgument(function: name, argument: "value, step") }
            return Rounding.halfUp(positional[0], step: positional[1])
        case "min":
            guard let m = positional.min() else { throw ExpressionError.missingArgument(function: name, argument: "values") }
            return m
        case "max":
            guard let m = positional.max() else { throw ExpressionError.missingArgument(function: name, argument: "values") }
            return m
        case "abs":
            guard positional.count == 1 else { throw ExpressionError.missingArgument(function: name, argument: "value") }
            return Swift.abs(positional[0])

        case "effect":
            let table = try effectTable(try text("table", default: "effects/lammers-2013.csv"))
            let outcomeText = try text("outcome")
            guard let outcome = EffectOutcome(rawValue: outcomeText) else {
                throw ExpressionError.badArgument(function: name, argument: "outcome", value: outcomeText)
            }
            guard let row = table.row(instrument: try text("instrument"), dimension: try text("dimension", default: "all"),
                                      subgroup: try text("subgroup", default: "all"), outcome: outcome,
                                      horizon: Int(try number("horizon"))),
                  let v = row.applicableValue else {
                throw ExpressionError.badArgument(function: name, argument: "instrument", value: "no applicable cell")
            }
            return v

        case "apply":
            let table = try effectTable(try text("table", default: "effects/lammers-2013.csv"))
            let counts = try Self.parseCounts(try text("counts"), function: name)
            let result = try EffectApplication(table: table)
                .applyAverage(counts: counts, monthlyBenefit: MonthlyBenefit(gross: try number("monthly_benefit", default: BenefitAmounts.grossMonth), net: BenefitAmounts.netMonth))
            if let instrument = named["instrument"], case .text(let i) = instrument {
                guard let row = result.instruments.first(where: { $0.instrument == i }) else {
                    throw ExpressionError.badArgument(function: name, argument: "instrument", value: i)
                }
                let values: [String: Double?] = [
                    "extra_out_of_benefit_2y": row.extraOutOfBenefitShort.rounded,
                    "extra_out_of_benefit_8y": row.extraOutOfBenefitLong.rounded,
                    "benefit_months_saved": row.benefitMonthsSaved.exact,
                ]
                return try pick(values.compactMapValues { $0 }, "value")
            }
            let values: [String: Double?] = [
                "extra_out_of_benefit_2y": result.extraOutOfBenefit2y, "extra_out_of_benefit_8y": result.extraOutOfBenefit8y,
                "extra_out_of_benefit_2y_exact": result.extraOutOfBenefit2yExact,
                "extra_out_of_benefit_8y_exact": result.extraOutOfBenefit8yExact,
                "benefit_months_saved": result.benefitMonthsSaved, "benefit_months_saved_exact": result.benefitMonthsSavedExact,
                "euros_saved": result.eurosSaved, "euros_saved_net": result.eurosSavedNet,
            ]
            return try pick(values.compactMapValues { $0 }, "value")

        case "breakeven":
            let b = try BreakEven(BreakEven.Input(
                fixedCost: try number("fixed"), bonusPerPlacement: try number("bonus"), placements: try number("placements"),
                monthlyBenefit: try number("monthly_benefit", default: BenefitAmounts.grossMonth),
                spontaneousOutflowWeek: try number("spontaneous_week", default: 0), entryWeek: try number("entry_week", default: 0)))
            return try pick(["cost": b.cost, "bonus_total": b.bonusTotal, "benefit_months": b.benefitMonthsToSave,
                             "months_per_participant": b.monthsPerParticipant, "weeks_per_participant": b.weeksPerParticipant,
                             "placed_by_week": b.placedByWeek, "weeks_after_entry": b.weeksAfterEntry], "value")

        case "buig":
            let s = try BUIGSettlement(budget: try number("budget"), netSpending: try number("spending"))
            guard named["year"] != nil else {
                return try pick(["balance": s.balance, "deficit": s.deficit, "own_risk": s.ownRisk, "safety_net": s.safetyNet], "value")
            }
            // The rule of that year from Data/finance/buig-rules.csv (footnote 23 of 000 from 2019, derived for 2017).
            let rule = try ruleBook().rule(Int(try number("year")))
            let own = rule.ownRisk(budget: s.budget, deficit: s.deficit)
            return try pick(["balance": s.balance, "deficit": s.deficit, "own_risk": own, "safety_net": s.deficit - own], "value")

        case "roi":
            let r = try ReturnOnInvestment(cost: try number("cost"), participants: try number("participants"),
                                           monthlyBenefit: try number("monthly_benefit", default: BenefitAmounts.grossMonth),
                                           horizonMonths: try number("horizon_months", default: 96),
                                           extraOutOfBenefitPer100: named["effect"] == nil ? nil : try number("effect"),
                                           monthsSavedPerParticipant: named["months"] == nil ? nil : try number("months"))
            let values: [String: Double?] = [
                "break_even_benefit_months": r.breakEvenBenefitMonths, "break_even_months_per_participant": r.breakEvenMonthsPerParticipant,
                "extra_out_of_benefit": r.extraOutOfBenefit, "cost_per_extra_out_of_benefit": r.costPerExtraOutOfBenefit,
                "benefit_months_saved": r.benefitMonthsSaved, "euros_saved": r.eurosSaved, "return_ratio": r.returnRatio,
                "payback_months": r.paybackMonths,
            ]
            return try pick(values.compactMapValues { $0 }, "value")

        case "stock_reduction":
            let r = try StockReduction(clientsPerYear: try number("clients"), costPerClientYear: try number("cost"),
                                       years: Int(try number("years")))
            return try pick(["final_year": r.spendingReductionByYear.last!, "cumulative": r.cumulativeSaving], "value")

        case "notional":
            let n = NotionalSavings(fullTimeFirstHalf: try number("norm", default: 13_000),
                                    partTimeFactor: try number("part_time_factor", default: 0.25))
            return try pick(["full_time_first_half": n.fullTimeFirstHalf, "full_time_second_half": n.fullTimeSecondHalf,
                             "part_time_first_half": n.partTimeFirstHalf, "part_time_second_half": n.partTimeSecondHalf], "value")

        default:
            throw ExpressionError.unknownFunction(name)
        }
    }

    /// "schooling:102 matching:561" → [(schooling, 102), (matching, 561)].
    static func parseCounts(_ text: String, function: String) throws -> [(instrument: String, count: Int)] {
        try text.split(whereSeparator: { $0 == " " || $0 == ";" }).map { pair in
            let kv = pair.split(separator: ":")
            guard kv.count == 2, let n = Int(kv[1]) else {
                throw ExpressionError.badArgument(function: function, argument: "counts", value: String(pair))
            }
            return (String(kv[0]), n)
        }
    }

    private func ruleBook() throws -> BUIGRuleBook {
        if let b = buigRules { return b }
        let b = try BUIGRuleBook(path: (dataDirectory as NSString).appendingPathComponent("finance/buig-rules.csv"))
        buigRules = b
        return b
    }

    private func effectTable(_ relative: String) throws -> EffectTable {
        if let t = effectTables[relative] { return t }
        let t = try EffectTable.read(path: (dataDirectory as NSString).appendingPathComponent(relative))
        effectTables[relative] = t
        return t
    }
}
