// # Notebook: Leidschendam-Voorburg, re-integration and participation policy 2019–2022
//
// Reproduces chapter 6 of `../shared/seeds/000_9d9faa8b59d364a4.txt` (the BUIG budget with own
// risk and safety net, baseline and with 30 clients fewer a year at € 15.000), the savings of
// chapter 5, and the client stock of `../shared/seeds/003_04096d93d9c4c4c6.txt` chapter 1.
// Every BUIG cell must come out to the euro. Then every figure of 000 and 003 in
// Data/published/figures.csv (client stock of chapter 3, ROB advice, chapters 5-6; 003 chapters 1-4)
// is recomputed by `reval verify`'s calculators. Usage: lv-2019-finance [OUTPUT_DIR]
import Cohort
import Finance
import Foundation
import Published
import Reports
import TableKit

let out = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "out/notebooks/lv-2019-finance"
try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
var log = "# lv-2019-finance\n"
var failures = 0
@MainActor func say(_ s: String) { print(s); log += s + "\n" }
@MainActor func cell(_ what: String, _ published: Double, _ computed: Double) {
    let ok = abs(published - computed.rounded()) < 0.5
    if !ok { failures += 1 }
    say("  \(what): published \(NumberFormatting.euros(published)), reval \(NumberFormatting.euros(computed))\(ok ? "" : "  <- MISMATCH")")
}

// ## BUIG, baseline (000 chapter 6, Overzicht BUIG-budget)
let years = [2019, 2020, 2021, 2022]
let budget = [24_729_914.0, 24_840_389, 25_116_577, 25_668_953]
let spending = [28_204_449.0, 28_330_049, 28_644_046, 29_272_046]
// The scenario table prints € 24.840.289 for 2020, € 100 less than the baseline table: each table
// is consistent with its own figure (audit finding 000-scen-budget-2020), so each is used as printed.
let scenarioBudget = [24_729_914.0, 24_840_289, 25_116_577, 25_668_953]
let p = try BUIGProjection(years: years, budgets: budget, netSpending: spending, scenarioBudgets: scenarioBudget, clientsPerYear: 30, costPerClientYear: 15_000)
let baseline: [(Double, Double, Double)] = [(-3_474_535, -2_472_991, -1_001_544), (-3_489_660, -2_484_039, -1_005_621), (-3_527_469, -2_511_658, -1_015_811), (-3_603_093, -2_566_895, -1_036_198)]
say("\n## Baseline (000 chapter 6)")
for (k, y) in years.enumerated() {
    cell("\(y) saldo", baseline[k].0, p.baseline[k].balance)
    cell("\(y) own risk", baseline[k].1, -p.baseline[k].ownRisk)
    cell("\(y) safety net", baseline[k].2, -p.baseline[k].safetyNet)
}
// ## Scenario: 30 clients fewer a year at € 15.000 a benefit-year
let scenario: [(Double, Double, Double, Double)] = [(27_754_449, -3_024_535, -2_439_639, -584_896), (27_430_049, -2_589_760, -2_226_391, -363_369),
                                                    (27_294_046, -2_177_469, -2_030_606, -146_863), (27_472_046, -1_803_093, -1_803_093, 0)]
say("\n## Scenario (000 chapter 6)")
for (k, y) in years.enumerated() {
    let s = p.scenario![k]
    cell("\(y) net spending", scenario[k].0, s.netSpending)
    cell("\(y) deficit", scenario[k].1, s.balance)
    cell("\(y) own risk", scenario[k].2, -s.ownRisk)
    cell("\(y) safety net", scenario[k].3, -s.safetyNet)
}
// ## Chapter 5: 30 to 50 clients a year
say("\n## Savings (000 chapter 5)")
cell("30 clients, a year", 450_000, try StockReduction(clientsPerYear: 30, costPerClientYear: 15_000, years: 1).spendingReductionByYear[0])
cell("50 clients, a year", 750_000, try StockReduction(clientsPerYear: 50, costPerClientYear: 15_000, years: 1).spendingReductionByYear[0])
cell("30 clients, after 4 years", 1_800_000, try StockReduction(clientsPerYear: 30, costPerClientYear: 15_000, years: 4).spendingReductionByYear[3])
cell("50 clients, after 4 years", 3_000_000, try StockReduction(clientsPerYear: 50, costPerClientYear: 15_000, years: 4).spendingReductionByYear[3])
// ## 003 chapter 1 table 1: the client stock fell by 65 in 2019, more than the target of 30
let stock = try StockSeries(years: Array(2013...2019), stock: [1_660, 1_759, 1_852, 1_947, 1_939, 1_846, 1_781], targetReduction: 30, costPerClientYear: 15_000)
let last = stock.years.last!
say("\n## Client stock (003 chapter 1)\n  2019: \(Int(last.reduction!)) fewer clients (published −65), target of 30 \(last.targetMet! ? "met" : "not met")")
if last.reduction != 65 { failures += 1 }

// ## BUIG rules by year (Data/finance/buig-rules.csv)
// The own-risk rule changed over the years. 000 §6 footnote 23 prints the 2019-2022 rule; the 2017
// rule is derived from the ROB figures of 000 §3 (see the file's source column). The baseline own
// risk of every year must come out of that year's rule to the euro.
say("\n## BUIG rules by year (Data/finance/buig-rules.csv)")
let book = try BUIGRuleBook(path: "Data/finance/buig-rules.csv")
for y in book.rules.keys.sorted() {
    let r = book.rules[y]!
    say("  \(y): whole deficit up to \(r.fullRiskShare * 100)% of the budget, \(r.sharedRiskFraction * 100)% of it up to \(r.sharedRiskUpper * 100)%; own risk at most \(r.maximumOwnRiskShare * 100)% (\(r.basis.rawValue))")
}
for (k, y) in years.enumerated() {
    cell("\(y) own risk by the \(y) rule", baseline[k].1, -(try book.rule(y).ownRisk(budget: budget[k], deficit: spending[k] - budget[k])))
}
// Consistency of the derived 2017 rule (not an independent reproduction: the rule was derived from
// these figures): at 8,75% the 2017 own risk of € 1.933.331 implies the budget, and 5% more budget
// lowers the deficit by the printed € 5.547.872 − € 4.443.111 and raises the own risk to € 2.029.998.
let rule2017 = try book.rule(2017)
let budget2017 = (5_547_872.0 - 3_614_541) / rule2017.maximumOwnRiskShare
cell("2017 deficit fall under the ROB advice (derived rule)", 5_547_872 - 4_443_111, 0.05 * budget2017)
cell("2017 own risk under the ROB advice (derived rule)", 4_443_111 - 2_413_113, rule2017.ownRisk(budget: 1.05 * budget2017, deficit: 4_443_111))

// ## Client stock on 27 August 2018 (000 §3, Bestandsanalyse)
// The stock description `reval describe --stock` computes from a linked cohort, fed here with the
// counts 000 prints (the microdata are not public): its shares must give the printed percentages.
// 000 prints 1.929 clients; its duration classes add up to 1.927 (audit finding 000-ch3-duration-sum),
// so the shares are taken of the printed 1.929, as the source does.
say("\n## Client stock on 27 August 2018 (000 §3)")
let snapshot = StockDescription(date: CivilDate.parse("2018-08-27")!,
                                ageCounts: ["18-26": 149, "27-39": 429, "40-49": 453, "50-59": 537, "60+": 361],
                                durationCounts: ["under 2 years": 588, "2 to 4 years": 407, "4 years or more": 932], persons: 1_929)
func percent(_ labels: [String], in groups: [StockDescription.Group]) -> Double {
    100 * Double(groups.filter { labels.contains($0.label) }.reduce(0) { $0 + $1.count }) / Double(snapshot.persons)
}
@MainActor func share(_ what: String, _ published: Double, _ computed: Double) {
    let ok = abs(published - computed) <= 0.5
    if !ok { failures += 1 }
    say("  \(what): published \(Int(published))%, reval \(NumberFormatting.fixed(computed, 1))%\(ok ? "" : "  <- MISMATCH")")
}
share("aged 50 or older", 47, percent(["50-59", "60+"], in: snapshot.ageGroups))
share("'jongere' (under 27)", 8, percent(["18-26"], in: snapshot.ageGroups))
share("on benefit under two years", 30, percent(["under 2 years"], in: snapshot.durationClasses))
share("two to four years", 21, percent(["2 to 4 years"], in: snapshot.durationClasses))
share("four years or more", 48, percent(["4 years or more"], in: snapshot.durationClasses))

// ## Every published figure of 000 and 003
// Source inconsistencies (the source's own parts disagree) are listed with their audit finding; a mismatch fails.
say("\n## All published figures of 000 and 003 (reval verify)")
let verified = try PublishedData(dataDirectory: "Data").verify().only(documents: ["000", "003"])
verified.notebookLines().forEach(say)
failures += verified.mismatched

try Data(log.utf8).write(to: URL(fileURLWithPath: out + "/notebook.md"))
try Data(try JSONOutput.encode(p).utf8).write(to: URL(fileURLWithPath: out + "/buig.json"))
say("\nwrote \(out)/notebook.md and buig.json; \(failures) published figures not reproduced")
exit(failures == 0 ? 0 : 1)
