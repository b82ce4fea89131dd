import Finance
import TableKit

/// Text and Markdown for the finance commands; JSON is the result value itself.
public enum FinanceSummary {
    typealias F = NumberFormatting

    public static func breakEven(_ b: BreakEven, markdown: Bool = false) -> String {
        let rows: [(String, String)] = [
            ("fixed cost", "\(F.euros(b.input.fixedCost))"),
            ("bonus total (\(F.fixed(b.input.placements, 0)) × \(F.euros(b.input.bonusPerPlacement)))", "\(F.euros(b.bonusTotal))"),
            ("cost", "\(F.euros(b.cost))"),
            ("benefit months to save (at \(F.euros(b.input.monthlyBenefit)))", F.fixed(b.benefitMonthsToSave, 1)),
            ("months per participant", F.fixed(b.monthsPerParticipant, 2)),
            ("weeks per participant (× 52/12)", F.fixed(b.weeksPerParticipant, 1)),
            ("must be in work by week (spontaneous outflow week \(F.fixed(b.input.spontaneousOutflowWeek, 1)))", F.fixed(b.placedByWeek, 1)),
            ("weeks after entering in week \(F.fixed(b.input.entryWeek, 0))", F.fixed(b.weeksAfterEntry, 1)),
        ] + (b.bonusesWithinVariableBudget.map { [("bonuses within the maximum variable cost", $0 ? "yes" : "no")] } ?? [])
        return table(rows, markdown: markdown)
    }

    public static func buig(_ p: BUIGProjection, markdown: Bool = false) -> String {
        var out = section("Baseline", p.baseline, markdown: markdown)
        if let s = p.scenario, let clients = p.clientsPerYear, let cost = p.costPerClientYear {
            out += "\n" + section("Scenario: \(F.fixed(clients, 0)) clients fewer each year at \(F.euros(cost)) a client-year (cumulative)", s, markdown: markdown)
            if let saved = p.ownRiskSaved {
                out += "\nOwn risk saved: " + zip(s, saved).map { "\($0.year.map(String.init) ?? "-") \(F.euros($1))" }.joined(separator: ", ") + "\n"
            }
        }
        out += "\nRule (000 ch. 6, footnote 23): own risk = all of the deficit up to 7.5% of the budget + 50% of the part between 7.5% and 12.5%; the safety net covers the rest.\n"
        return out
    }

    private static func section(_ title: String, _ years: [BUIGSettlement], markdown: Bool) -> String {
        let header = ["", "budget", "net spending", "balance", "deficit %", "own risk", "safety net"]
        var rows = [header]
        for y in years {
            rows.append([y.year.map(String.init) ?? "", F.fixed(y.budget, 0), F.fixed(y.netSpending, 0), F.fixed(y.balance, 0),
                         F.fixed(100 * y.deficitShareOfBudget, 2), F.fixed(y.ownRisk, 0), F.fixed(y.safetyNet, 0)])
        }
        return (markdown ? "**\(title)**\n\n" : "\(title)\n") + grid(rows, markdown: markdown)
    }

    public static func stock(_ s: StockSeries, markdown: Bool = false) -> String {
        var rows = [["year", "stock", "reduction", "target met", "spending reduction"]]
        for y in s.years {
            rows.append([String(y.year), F.fixed(y.stock, 0), y.reduction.map { F.fixed($0, 0) } ?? "",
                         y.targetMet.map { $0 ? "yes" : "no" } ?? "", y.spendingReduction.map { F.euros($0) } ?? ""])
        }
        return grid(rows, markdown: markdown)
    }

    public static func reduction(_ r: StockReduction, markdown: Bool = false) -> String {
        var rows = [["year", "spending reduction"]]
        for (k, v) in r.spendingReductionByYear.enumerated() { rows.append([String(k + 1), F.euros(v)]) }
        rows.append(["cumulative", F.euros(r.cumulativeSaving)])
        return grid(rows, markdown: markdown)
    }

    public static func notional(_ n: NotionalSavings, total: Double?, markdown: Bool = false) -> String {
        var rows = [["", "outflow first half-year", "outflow second half-year"],
                    ["full time", F.euros(n.fullTimeFirstHalf), F.euros(n.fullTimeSecondHalf)],
                    ["part time", F.euros(n.partTimeFirstHalf), F.euros(n.partTimeSecondHalf)]]
        if let total { rows.append(["total for the placements", F.euros(total), ""]) }
        return grid(rows, markdown: markdown)
    }

    static func table(_ rows: [(String, String)], markdown: Bool) -> String {
        grid([["quantity", "value"]] + rows.map { [$0.0, $0.1] }, markdown: markdown)
    }

    /// A plain-text grid (first column left-aligned, the rest right-aligned) or a Markdown table.
    static func grid(_ rows: [[String]], markdown: Bool) -> String {
        let table = TextTable(header: rows[0], rows: Array(rows.dropFirst()))
        return markdown ? table.markdown() : table.text()
    }
}
