// # Notebook: Re-integratie in Leiden (Rekenkamercommissie Leiden, 2015)
//
// Reproduces chapters 2–3 and appendix B of `../shared/seeds/004_eab627baab801863.txt`
// with reval's library API, top to bottom:
//   1. the outflow flow of figure 2.4, on the synthetic Leiden cohort, next to the published shares;
//   2. the instrument shares of table 3.1;
//   3. appendix B: the Lammers et al. (2013) effects applied to 102 schooled and 561 matched
//      persons (the published 65,4 / 42,8 / 2.356), and to the synthetic cohort in the
//      average and the composition-adjusted mode;
//   4. section 2.6: the Leidse Kracht break-even;
//   5. every figure of 004 in `Data/published/figures.csv` (deel A, chapters 2-5, appendix B),
//      recomputed by `reval verify`'s calculators, each with the section it is printed in.
//
// Usage: leiden-2014 [OUTPUT_DIR]   (default out/notebooks/leiden-2014), run from the repository root.
// Exit status 1 when a figure that must be reproduced exactly (3a, 4, 5) is not.
import Cohort
import Effects
import Finance
import Foundation
import Published
import Reports
import TableKit

let out = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "out/notebooks/leiden-2014"
try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
var log = ""
var failures = 0
@MainActor func say(_ s: String) { print(s); log += s + "\n" }
@MainActor func compare(_ what: String, published: Double, computed: Double, tolerance: Double, exact: Bool) {
    let ok = abs(published - computed) <= tolerance
    if exact && !ok { failures += 1 }
    say("  \(what): published \(published), reval \(NumberFormatting.fixed(computed, 2))\(ok ? "" : exact ? "  <- MISMATCH" : "  (differs: synthetic data)")")
}

// ## 1. Outflow within a year (004 figure 2.4)
// The synthetic cohort stands in for the real linked data, which are not public.
let date = { (s: String) in CivilDate.parse(s)! }
let (persons, linkage) = try Linkage.link(
    benefits: "Data/leiden-synthetic/benefits.csv", trajectories: "Data/leiden-synthetic/trajectories.csv",
    options: LinkageOptions(cohortStart: date("2010-01-01"), cohortEnd: date("2012-12-31"), extractionDate: date("2014-06-30")))
say("# leiden-2014\n\nLinked \(linkage.cohortPersons) persons (synthetic).\n\n## Figure 2.4 (004 section 2.5)")
let fig = CohortDescription(persons: persons, inflowFrom: date("2011-10-01"), inflowTo: date("2012-12-31"))
compare("inflow Oct 2011 - Dec 2012", published: 1358, computed: Double(fig.persons), tolerance: 0, exact: false)
compare("% out within 7 weeks (own)", published: 12, computed: 100 * fig.outflow.spontaneousWithin7Weeks.share!, tolerance: 2, exact: false)
compare("% out within a year (own)", published: 42, computed: 100 * fig.outflow.spontaneousWithinYear.share!, tolerance: 3, exact: false)
compare("% after 7 weeks (own)", published: 30, computed: 100 * fig.outflow.spontaneousAfter7Weeks.share!, tolerance: 3, exact: false)
compare("mean weeks, own outflow after week 7", published: 24.7, computed: fig.outflow.meanWeeksSpontaneousAfter7Weeks!, tolerance: 1.5, exact: false)

// ## 2. Instrument shares (004 table 3.1, n = 1584 participants 2010-2013)
say("\n## Table 3.1 (004 section 3.4)")
let all = CohortDescription(persons: persons)
for (inst, pct) in [("active_mediation", 93.0), ("matching", 93), ("job_search_training", 74), ("aftercare", 46), ("schooling", 18), ("wage_subsidy", 9), ("supply_strengthening", 4), ("no_risk_policy", 0.4)] {
    compare(inst, published: pct, computed: 100 * all.instrumentShares[inst]!.share!, tolerance: 4, exact: false)
}

// ## 3. Appendix B: applying the Lammers et al. (2013) effects
// (a) With the published counts the figures must come out exactly as printed.
say("\n## Appendix B (004)")
let table = try EffectTable.read(path: "Data/effects/lammers-2013.csv")
let application = EffectApplication(table: table)
let published = try application.applyAverage(counts: [("schooling", 102), ("matching", 561)], monthlyBenefit: MonthlyBenefit(gross: BenefitAmounts.grossMonth, net: BenefitAmounts.netMonth))
compare("extra out of benefit after 2 years", published: 65.4, computed: published.extraOutOfBenefit2y!, tolerance: 0.001, exact: true)
compare("extra out of benefit after 8 years", published: 42.8, computed: published.extraOutOfBenefit8y!, tolerance: 0.001, exact: true)
compare("benefit months saved", published: 2356, computed: published.benefitMonthsSaved!, tolerance: 0.001, exact: true)
// (b) The same effects applied to the synthetic cohort's participants, average and by education.
let counts = ["schooling", "matching"].map { name in (name, persons.filter { $0.instrumentStarts[Instrument(rawValue: name)!] != nil }.count) }
let average = try application.applyAverage(counts: counts, monthlyBenefit: MonthlyBenefit(gross: BenefitAmounts.grossMonth, net: BenefitAmounts.netMonth))
let cells = counts.map { name, _ -> (instrument: String, counts: [(subgroup: String, count: Int)]) in
    let users = persons.filter { $0.instrumentStarts[Instrument(rawValue: name)!] != nil }
    return (name, ["high", "low", "unknown"].map { g in (g, users.filter { $0.education == g }.count) })
}
let composition = try application.applyComposition(dimension: "education", cells: cells, monthlyBenefit: MonthlyBenefit(gross: BenefitAmounts.grossMonth, net: BenefitAmounts.netMonth))
say("  synthetic cohort, average: \(average.extraOutOfBenefit2y!) / \(average.extraOutOfBenefit8y!) extra out of benefit, \(average.benefitMonthsSaved!) months")
say("  synthetic cohort, by education: \(composition.extraOutOfBenefit2y!) / \(composition.extraOutOfBenefit8y!), \(composition.benefitMonthsSaved!) months (cells not reported fall back to the average)")

// ## 4. Leidse Kracht break-even (004 section 2.6)
say("\n## Section 2.6 (004)")
let b = try BreakEven(.init(fixedCost: 511_000, bonusPerPlacement: 1_800, placements: 160, monthlyBenefit: 1_260, spontaneousOutflowWeek: 24.7, entryWeek: 7))
compare("cost (euro)", published: 799_000, computed: b.cost, tolerance: 0, exact: true)
compare("benefit months", published: 634, computed: b.benefitMonthsToSave, tolerance: 0.5, exact: true)
compare("months per person", published: 4, computed: b.monthsPerParticipant, tolerance: 0.5, exact: true)
compare("weeks per person", published: 17, computed: b.weeksPerParticipant, tolerance: 0.5, exact: true)
compare("in work by week", published: 8, computed: b.placedByWeek, tolerance: 0.5, exact: true)

// ## 4b. The same break-even as a return on investment (`reval roi`)
// Cost € 799.000 for 160 placements: the months the instrument must save, in all and per person.
let roi = try ReturnOnInvestment(cost: b.cost, participants: 160, monthlyBenefit: 1_260)
compare("roi: benefit months to break even", published: 634, computed: roi.breakEvenBenefitMonths, tolerance: 0.5, exact: true)
compare("roi: months per person to break even", published: 4, computed: roi.breakEvenMonthsPerParticipant, tolerance: 0.5, exact: true)

// ## 5. Every published figure of 004
// A figure the source's own parts contradict is reported as source inconsistent with its audit
// finding (Data/published/AUDIT.md); anything else that differs is a mismatch and fails the notebook.
say("\n## All published figures of 004 (reval verify)")
let verified = try PublishedData(dataDirectory: "Data").verify().only(documents: ["004"])
verified.notebookLines().forEach(say)
failures += verified.mismatched

try Data(log.utf8).write(to: URL(fileURLWithPath: out + "/notebook.md"))
try Data(try JSONOutput.encode(["appendix_b": published, "synthetic_average": average, "synthetic_composition": composition]).utf8)
    .write(to: URL(fileURLWithPath: out + "/applied.json"))
say("\nwrote \(out)/notebook.md and applied.json; \(failures) published figures not reproduced")
exit(failures == 0 ? 0 : 1)
