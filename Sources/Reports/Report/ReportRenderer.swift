import Cohort
import Effects
import Foundation

/// Renders `ReportResults` as Markdown, a self-contained HTML page (inline CSS and SVG)
/// and standalone SVG figures. Pure functions of the results: same results, same bytes.
public struct ReportRenderer {
    public let results: ReportResults
    let text: ReportText
    let sdc: DisclosureControl
    /// The cells this report hides, the same in every file it writes.
    public let disclosed: Disclosed

    public init(results: ReportResults) {
        self.results = results
        text = ReportText(dutch: results.language == "nl")
        sdc = results.disclosure
        disclosed = DisclosurePlan.disclose(results.disclosure) { $0.report(results) }
    }

    /// `results.json`: every number of the report, under the same disclosure control as the text.
    public func json() throws -> String {
        let notes = results.effects.indices.flatMap { k in results.effects[k].rows.indices.map { "effects[\(k)].rows[\($0)].note" } }
        return try disclosed.json(results, notes: notes)
    }

    /// A count of the report as shown: the number in the report's notation, `<10` or `•`.
    func count(_ path: String) -> String { disclosed.count(path) { text.number(Double($0), 0) } }

    /// name → SVG
    public func figures() -> [(name: String, svg: String)] {
        let d = results.description, o = d.outflow
        var out = [(String, String)]()
        out.append(("outflow", SVGCharts.flow(title: text.t("Uitstroom van de instroom", "Outflow of the inflow"), boxes: [
            (0, 0, text.t("Instroom", "Inflow"), count("description.outflow.persons")),
            (1, 0, text.t("Binnen een jaar uit", "Out within a year"), share("description.outflow.out_within_year", o.outWithinYear)),
            (1, 1, text.t("Na een jaar nog in", "Still on benefit after a year"), share("description.outflow.still_on_benefit_after_year", o.stillOnBenefitAfterYear)),
            (2, 0, text.t("Zelf, binnen 7 weken", "On their own, within 7 weeks"), share("description.outflow.spontaneous_within_7_weeks", o.spontaneousWithin7Weeks)),
            (2, 1, text.t("Zelf, na 7 weken", "On their own, after 7 weeks"), share("description.outflow.spontaneous_after_7_weeks", o.spontaneousAfter7Weeks)),
            (2, 2, text.t("Na een traject", "After a trajectory"), share("description.outflow.after_trajectory_within_year", o.afterTrajectoryWithinYear)),
        ])))
        let shares = sortedShares.filter { $0.value.numerator > 0 }
        out.append(("instrument-shares", SVGCharts.bars(title: text.t("Deelnemers per instrument", "Participants by instrument"), items: shares.map { k, v in
            let s = share("description.instrument_shares.\(k)", v)
            return (k, s == "–" ? nil : 100 * v.share!, s)
        })))
        for (name, groups) in [("use-by-education", d.useByEducationLevel), ("use-by-work-history", d.useByWorkHistory)] {
            out.append((name, SVGCharts.bars(title: text.t("Scholing onder deelnemers", "Schooling among participants") + (name.hasSuffix("education") ? text.t(", naar opleiding", ", by education") : text.t(", naar werkverleden", ", by work history")),
                                             items: groups.enumerated().filter { $0.element.schooling.denominator > 0 }.map { i, g in
                let s = share("description.\(name == "use-by-education" ? "use_by_education_level" : "use_by_work_history")[\(i)].schooling", g.schooling)
                return (g.group, s == "–" ? nil : 100 * g.schooling.share!, s)
            })))
        }
        for e in results.effects {
            let k = results.effects.firstIndex { $0.instrument == e.instrument }!
            let rows = e.rows.indices.filter { e.rows[$0].outcome == "out_of_benefit" && e.rows[$0].status == "estimate" && e.rows[$0].horizonMonths == e.rows.first?.horizonMonths
                && disclosed.isShown("effects[\(k)].rows[\($0)].estimate") }.map { e.rows[$0] }
            out.append(("forest-\(e.instrument)", SVGCharts.forest(
                title: text.t("Effect van \(e.instrument) op uit de uitkering", "Effect of \(e.instrument) on being out of benefit"),
                unit: text.t("procentpunten, 95%-betrouwbaarheidsinterval", "percentage points, 95% confidence interval"),
                items: rows.map { ("\($0.dimension == "all" ? text.t("iedereen", "everyone") : $0.subgroup) (\($0.horizonMonths)m)", $0.estimate!, $0.ciLow!, $0.ciHigh!) },
                label: { text.number($0, 1) })))
            if let b = e.balance, disclosed.isShown("effects[\(k)].balance") {
                out.append(("balance-\(e.instrument)", SVGCharts.love(title: text.t("Balans voor en na matchen (|SMD|)", "Balance before and after matching (|SMD|)") + ": \(e.instrument)",
                                                                      items: b.rows.compactMap { r in r.differenceBefore.flatMap { d in r.differenceAfter.map { (r.covariate, d, $0) } } },
                                                                      label: { text.number($0, 1) })))
            }
        }
        return out
    }

    /// One BUIG scenario: budget, spending and how a deficit splits into own risk and safety
    /// net per year (000 chapter 6), with the scenario's own risk and its saving when configured.
    func buigSection(_ b: ReportResults.NamedBUIG) -> String {
        let p = b.projection
        var md = "**\(b.name)** (BUIG): " + text.t("tekort tot 7,5% van het budget voor eigen rekening, tussen 7,5% en 12,5% voor de helft, daarboven vangnet.",
                                                  "a deficit up to 7.5% of the budget is borne in full, between 7.5% and 12.5% half, above that by the safety net.") + "\n\n"
        var header = [text.t("jaar", "year"), "budget", text.t("netto lasten", "net spending"), "saldo", text.t("eigen risico", "own risk"), text.t("vangnet", "safety net")]
        if p.scenario != nil { header += [text.t("eigen risico scenario", "own risk, scenario"), text.t("bespaard", "saved")] }
        md += table(header, p.baseline.indices.map { k in
            let s = p.baseline[k]
            var row = [s.year.map(String.init) ?? "", text.euros(s.budget), text.euros(s.netSpending), text.euros(s.balance), text.euros(s.ownRisk), text.euros(s.safetyNet)]
            if let sc = p.scenario, let saved = p.ownRiskSaved { row += [text.euros(sc[k].ownRisk), text.euros(saved[k])] }
            return row
        })
        if let clients = p.clientsPerYear, let cost = p.costPerClientYear {
            md += "\n" + text.t("Scenario: elk jaar \(text.number(clients, 0)) cliënten minder (cumulatief), \(text.euros(cost)) per cliëntjaar.",
                                "Scenario: \(text.number(clients, 0)) clients fewer each year (cumulative), \(text.euros(cost)) per client-year.") + "\n"
        }
        if let source = b.source { md += "\n" + text.t("Bron", "Source") + ": \(source)\n" }
        return md + "\n"
    }

    /// Instrument shares, the shown numerators largest first and the suppressed ones last (their place gives no bound).
    var sortedShares: [(key: String, value: Share)] {
        let d = results.description
        return disclosed.ordered(d.instrumentShares.mapValues(\.numerator)) { "description.instrument_shares.\($0).numerator" }.map { ($0, d.instrumentShares[$0]!) }
    }

    /// A share under disclosure control, in the report's notation.
    func share(_ path: String, _ s: Share) -> String { text.localized(disclosed.share(path, s)) }

    func table(_ header: [String], _ rows: [[String]]) -> String {
        "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
            + rows.map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
    }

    /// "Not for publication", at the top and the bottom of every page of an internal report.
    var stamp: String { sdc.isInternal ? "**\(sdc.internalStamp(dutch: text.dutch))**\n\n" : "" }

    public func markdown(figureLinks: Bool = true) -> String {
        let d = results.description, o = d.outflow
        var md = "# \(results.title)\n\n" + stamp
        md += "## \(text.sampleTitle)\n\n" + table([text.t("stap", "step"), text.t("aantal", "count")], [
            [text.t("uitkeringsregels gelezen", "benefit rows read"), count("sample_loss.benefit_rows_read")],
            [text.t("trajectregels gelezen", "trajectory rows read"), count("sample_loss.trajectory_rows_read")],
            [text.t("regels uitgesloten", "rows excluded"), count("sample_loss.rows_excluded")],
        ] + results.sampleLoss.rowsExcludedByReason.keys.sorted().map { reason in
            [text.t("waarvan wegens", "of which for") + " \(reason)", count("sample_loss.rows_excluded_by_reason.\(reason)")]
        } + [
            [text.t("personen geheel uitgesloten om een uitgesloten regel", "persons left out whole for an excluded row"), count("sample_loss.persons_excluded")],
            [text.t("uitkeringsperiodes samengevoegd met de vorige", "benefit spells joined to the one before"), count("sample_loss.spells_merged")],
            [text.t("personen in de gegevens", "persons in the data"), count("sample_loss.persons_in_data")],
            [text.t("personen in het instroomcohort", "persons in the inflow cohort"), count("sample_loss.cohort_persons")],
            [text.t("waarvan eerder in de bijstand", "of whom earlier on benefit"), count("sample_loss.reentrants")],
            [text.t("waarvan uitkering nog lopend bij peildatum", "of whom still on benefit at extraction"), count("sample_loss.censored_persons")],
        ]) + "\n"
        md += "## \(text.outflowTitle)\n\n"
        md += text.t("Instroom \(d.inflowFrom ?? "…") tot en met \(d.inflowTo ?? "…"), \(count("description.outflow.persons")) personen (vergelijk figuur 2.4 van de Rekenkamercommissie Leiden: 12% binnen 7 weken, 42% zelf binnen een jaar, gemiddeld 24,7 weken).\n\n",
                     "Inflow \(d.inflowFrom ?? "…") to \(d.inflowTo ?? "…"), \(count("description.outflow.persons")) persons (compare figure 2.4 of the Leiden audit: 12% within 7 weeks, 42% on their own within a year, mean 24.7 weeks).\n\n")
        if figureLinks { md += "![](figures/outflow.svg)\n\n" }
        // The four categories add up to the inflow, which is shown: secondary suppression applies.
        let outflowRows = [
            (text.t("binnen 7 weken (zelf)", "within 7 weeks (own)"), "spontaneous_within_7_weeks", o.spontaneousWithin7Weeks), (text.t("na 7 weken, binnen een jaar (zelf)", "after 7 weeks, within a year (own)"), "spontaneous_after_7_weeks", o.spontaneousAfter7Weeks),
            (text.t("binnen een jaar na een traject", "within a year after a trajectory"), "after_trajectory_within_year", o.afterTrajectoryWithinYear), (text.t("na een jaar nog in de uitkering", "still on benefit after a year"), "still_on_benefit_after_year", o.stillOnBenefitAfterYear),
        ]
        md += table([text.t("uitstroom", "outflow"), text.t("aantal", "count"), text.t("aandeel", "share")], outflowRows.map { label, key, s in
            [label, count("description.outflow.\(key).numerator"), share("description.outflow.\(key)", s)]
        })
        let weeks = disclosed.isShown("description.outflow.mean_weeks_spontaneous_after_7_weeks") ? o.meanWeeksSpontaneousAfter7Weeks.map { text.number($0, 1) } ?? "–" : "–"
        md += "\n" + text.t("Gemiddelde duur tot zelfstandige uitstroom na week 7: \(weeks) weken.\n\n",
                            "Mean weeks to leaving on their own after week 7: \(weeks).\n\n")
        md += "## \(text.useTitle)\n\n"
        if figureLinks { md += "![](figures/instrument-shares.svg)\n\n" }
        let shares = sortedShares
        md += table(["instrument", text.t("deelnemers", "participants"), text.t("aandeel", "share")],
                    shares.map { [$0.key, count("description.instrument_shares.\($0.key).numerator"), share("description.instrument_shares.\($0.key)", $0.value)] })
        md += "\n" + table([text.t("instroomjaar", "inflow year"), text.t("met traject", "with a trajectory"), text.t("aandeel", "share")],
                           d.trajectoryRateByInflowYear.sorted { $0.key < $1.key }.map { [$0.key, count("description.trajectory_rate_by_inflow_year.\($0.key).numerator"), share("description.trajectory_rate_by_inflow_year.\($0.key)", $0.value)] })
        md += "\n" + text.t("Per instroomjaar binnen het venster \(d.inflowFrom ?? "…") tot en met \(d.inflowTo ?? "…"): een jaar dat het venster maar deels dekt, telt alleen de instroom in die maanden.\n",
                            "By inflow year within the window \(d.inflowFrom ?? "…") to \(d.inflowTo ?? "…"): a year the window covers only in part counts only the inflow of those months.\n")
        if figureLinks { md += "\n![](figures/use-by-education.svg)\n\n![](figures/use-by-work-history.svg)\n\n" }
        md += "## \(text.effectsTitle)\n\n"
        for (k, e) in results.effects.enumerated() {
            func n(_ i: Int, _ key: String) -> String { count("effects[\(k)].rows[\(i)].\(key)") }
            func shown(_ i: Int) -> Bool { disclosed.isShown("effects[\(k)].rows[\(i)].estimate") }
            md += "### \(e.instrument)\n\n" + text.t("Schattingsdoel", "Estimand") + ": \(text.estimand(e.estimand))\n\n"
            // Sample account per subgroup: who is in the estimate and who dropped out where.
            let firstH = e.rows.first?.horizonMonths ?? 0
            md += text.t("Selectie per groep (uit de uitkering, \(firstH) maanden):", "Sample account per group (out of benefit, \(firstH) months):") + "\n\n"
            md += table([text.t("groep", "group"), text.t("deelnemers met uitkomst", "treated with outcome"), text.t("zonder follow-up", "without follow-up"),
                         text.t("niet gematcht", "not matched"), text.t("controles", "controls"), text.t("gebruikte controles", "controls used")],
                        e.rows.indices.filter { e.rows[$0].outcome == "out_of_benefit" && e.rows[$0].horizonMonths == firstH }.map { i in
                            let r = e.rows[i]
                            return [r.dimension == "all" ? text.t("iedereen", "everyone") : "\(r.dimension)=\(r.subgroup)", n(i, "n_treated"), n(i, "n_treated_censored"),
                                    r.nTreatedDropped == nil ? "–" : n(i, "n_treated_dropped"), n(i, "n_control"), r.nControlsUsed == nil ? "–" : n(i, "n_controls_used")]
                        }) + "\n"
            if figureLinks { md += "![](figures/forest-\(e.instrument).svg)\n\n" }
            md += table([text.t("groep", "group"), text.t("uitkomst", "outcome"), "h", text.t("effect", "effect"), "95%-CI", text.t("deelnemers", "treated"), text.t("controles", "controls")],
                        e.rows.indices.map { i in
                            let r = e.rows[i]
                            return [r.dimension == "all" ? text.t("iedereen", "everyone") : "\(r.dimension)=\(r.subgroup)", r.outcome, String(r.horizonMonths),
                                    (shown(i) ? r.estimate.map { text.number($0, 1) } : nil) ?? text.t("te klein", "too small"),
                                    (shown(i) ? r.ciLow.flatMap { lo in r.ciHigh.map { "\(text.number(lo, 1)) – \(text.number($0, 1))" } } : nil) ?? "",
                                    n(i, "n_treated"), n(i, "n_control")]
                        })
            if figureLinks && e.balance != nil && disclosed.isShown("effects[\(k)].balance") { md += "\n![](figures/balance-\(e.instrument).svg)\n" }
            md += "\n"
        }
        md += "## \(text.appliedTitle)\n\n"
        md += text.t("Effecten uit Lammers e.a. (2013), toegepast op de deelnemers van dit cohort (schooling \(count("participant_counts.schooling")), matching \(count("participant_counts.matching"))).\n\n",
                     "Effects from Lammers et al. (2013) applied to this cohort's participants (schooling \(count("participant_counts.schooling")), matching \(count("participant_counts.matching"))).\n\n")
        func applied(_ a: AppliedEffects) -> [String] {
            [a.mode.rawValue + (a.dimension.map { " (\($0))" } ?? ""), a.extraOutOfBenefit2y.map { text.number($0, 1) } ?? "–",
             a.extraOutOfBenefit8y.map { text.number($0, 1) } ?? "–", a.benefitMonthsSaved.map { text.number($0, 0) } ?? "–",
             a.eurosSaved.map(text.euros) ?? "–"]
        }
        md += table([text.t("methode", "method"), text.t("extra uit uitkering na 2 jaar", "extra out of benefit after 2 years"), text.t("na 8 jaar", "after 8 years"),
                     text.t("uitkeringsmaanden bespaard", "benefit months saved"), text.t("euro bespaard (bruto)", "euros saved (gross)")],
                    [applied(results.appliedAverage), applied(results.appliedComposition)])
        md += "\n" + (text.dutch ? text.appliedNotesDutch : results.appliedComposition.notes).map { "- \($0)\n" }.joined() + "\n"
        if !results.breakeven.isEmpty || !results.buig.isEmpty {
            md += "## \(text.financeTitle)\n\n"
            for (name, b) in results.breakeven.sorted(by: { $0.key < $1.key }) {
                md += "**\(name)**: " + text.t(
                    "kosten \(text.euros(b.cost)) = \(text.number(b.benefitMonthsToSave, 0)) uitkeringsmaanden; \(text.number(b.monthsPerParticipant, 1)) maanden (\(text.number(b.weeksPerParticipant, 0)) weken) per deelnemer; deelnemers moeten gemiddeld rond week \(text.number(b.placedByWeek, 0)) aan het werk zijn.\n\n",
                    "cost \(text.euros(b.cost)) = \(text.number(b.benefitMonthsToSave, 0)) benefit months; \(text.number(b.monthsPerParticipant, 1)) months (\(text.number(b.weeksPerParticipant, 0)) weeks) per participant; participants must be in work around week \(text.number(b.placedByWeek, 0)) on average.\n\n")
            }
            for b in results.buig { md += buigSection(b) }
        }
        let first = results.effects.first
        md += "## \(text.methodsTitle)\n\n" + text.methods(design: first.map { _ in "dynamic" } ?? "dynamic", method: "psm", estimand: text.estimand(first?.estimand ?? "")).map { "- \($0)\n" }.joined()
        if let covariates = first?.covariates { md += "- " + text.t("Kenmerken in het propensity-model", "Covariates of the propensity model") + ": \(covariates.joined(separator: "; ")).\n" }
        md += "\n## \(text.disclosureTitle)\n\n" + sdc.rule(dutch: text.dutch) + "\n"
        if sdc.isInternal { md += "\n" + stamp }
        return md
    }

    /// A self-contained HTML page: the Markdown's content with figures inlined.
    public func html() -> String {
        let figs = Dictionary(uniqueKeysWithValues: figures().map { ($0.name, $0.svg) })
        var body = ""
        var inTable = false
        for line in markdown().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("|") {
                let cells = line.dropFirst().dropLast().split(separator: "|").map { SVGCharts.esc($0.trimmingCharacters(in: .whitespaces)) }
                if cells.allSatisfy({ $0 == "---" }) { continue }
                if !inTable { body += "<table>\n<tr>" + cells.map { "<th>\($0)</th>" }.joined() + "</tr>\n"; inTable = true; continue }
                body += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
                continue
            }
            if inTable { body += "</table>\n"; inTable = false }
            if line.hasPrefix("![](figures/"), let name = line.split(separator: "/").last?.dropLast(5) {
                body += "<figure>\(figs[String(name)] ?? "")</figure>\n"
            } else if line.hasPrefix("### ") { body += "<h3>\(SVGCharts.esc(String(line.dropFirst(4))))</h3>\n" }
            else if line.hasPrefix("## ") { body += "<h2>\(SVGCharts.esc(String(line.dropFirst(3))))</h2>\n" }
            else if line.hasPrefix("# ") { body += "<h1>\(SVGCharts.esc(String(line.dropFirst(2))))</h1>\n" }
            else if line.hasPrefix("- ") { body += "<p class=\"note\">• \(SVGCharts.esc(String(line.dropFirst(2))))</p>\n" }
            else if !line.isEmpty { body += "<p>\(SVGCharts.esc(line).replacingOccurrences(of: "**", with: ""))</p>\n" }
        }
        if inTable { body += "</table>\n" }
        let css = "body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#1a202c;line-height:1.45}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #cbd5e0;padding:4px 8px;text-align:left}th{background:#edf2f7}figure{margin:1em 0}p.note{font-size:0.9em;color:#4a5568}@media print{figure{page-break-inside:avoid}}"
        return "<!DOCTYPE html>\n<html lang=\"\(results.language)\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(SVGCharts.esc(results.title))</title>\n<style>\(css)</style>\n</head>\n<body>\n\(body)</body>\n</html>\n"
    }
}
