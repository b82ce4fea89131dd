// Module Reports — rendering only: the report from an `EvaluationResult` (Markdown, HTML, JSON,
// SVG) under disclosure control, provenance, PDF printing, and the summaries the commands print.
// May import: StatKit, TableKit, Cohort, Effects, Finance, Evaluation, Crypto.

import Cohort
import Effects
import Evaluation
import Foundation

/// Renders `EvaluationResult` as Markdown, a self-contained HTML page (inline CSS and SVG)
/// and standalone SVG figures. Pure functions of the results: same results, same bytes.
public struct ReportRenderer {
    public let results: EvaluationResult
    let text: ReportText
    let sdc: DisclosureControl
    /// The cells this report hides, the same in every file it writes.
    public let disclosed: Disclosed

    /// reval's version, printed in the footer of every printed page (nil: not printed).
    let version: String?

    public init(results: EvaluationResult, version: String? = nil) {
        self.results = results
        self.version = version
        text = ReportText(dutch: results.language == "nl")
        sdc = results.disclosure
        disclosed = DisclosurePlan.disclose(results.disclosure) { $0.report(results) }
    }

    /// `results.json`: every number of the report, under the same disclosure control as the text.
    public func json() throws -> String {
        let notes = results.effects.indices.flatMap { k in results.effects[k].rows.indices.map { "effects[\(k)].rows[\($0)].notes" } }
        return try disclosed.json(results, notes: notes)
    }

    /// `estimates.csv`: the run's estimates as an effect table (DESIGN §5) that `reval apply`
    /// reads, under the same disclosure control as the text.
    public func estimatesCSV() -> String {
        EffectTable.header + results.effects.enumerated().map { k, e in
            EffectTableWriter.rows(e.rows, disclosed: disclosed, prefix: "effects[\(k)].",
                                   estimate: .init(source: "reval report", design: e.design, method: e.method, estimand: e.estimand))
        }.joined()
    }

    /// A count of the report as shown: the number in the report's notation (thousands separated), `<10` or `•`.
    func count(_ path: String) -> String { disclosed.count(path) { text.count($0) } }

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
            return (text.instrument(k), s == "–" ? nil : 100 * v.share!, s)
        })))
        for (name, groups) in [("use-by-education", d.useByEducationLevel), ("use-by-work-history", d.useByWorkHistory)] {
            let education = name.hasSuffix("education")
            out.append((name, SVGCharts.bars(title: text.t("Scholing onder deelnemers", "Schooling among participants") + (education ? text.t(", naar opleiding", ", by education") : text.t(", naar werkverleden", ", by work history")),
                                             items: groups.enumerated().filter { $0.element.schooling.denominator > 0 }.map { i, g in
                let s = share("description.\(education ? "use_by_education_level" : "use_by_work_history")[\(i)].schooling", g.schooling)
                return (education ? g.group : text.group("work_history", g.group), s == "–" ? nil : 100 * g.schooling.share!, s)
            })))
        }
        for (k, e) in results.effects.enumerated() { out += effectFigures(k, e) }
        return out
    }

    /// An instrument's figures: forest plots of every horizon and subgroup (one per outcome), the
    /// effect path, the overlap of the propensity scores and the love plot — each only when shown.
    func effectFigures(_ k: Int, _ e: EvaluationResult.EffectsOfInstrument) -> [(String, String)] {
        var out = [(String, String)]()
        let name = text.instrument(e.instrument)
        for (file, outcome) in [("forest", "out_of_benefit"), ("forest-months", "months_out_of_benefit")] {
            let rows = e.rows.indices.filter { e.rows[$0].outcome == outcome && e.rows[$0].status == "estimate" && e.rows[$0].ciLow != nil && e.rows[$0].ciHigh != nil
                && disclosed.isShown("effects[\(k)].rows[\($0)].estimate") }.map { e.rows[$0] }
            guard !rows.isEmpty else { continue }
            out.append(("\(file)-\(e.instrument)", SVGCharts.forest(
                title: text.t("Effect van \(name) op \(text.outcome(outcome))", "Effect of \(name) on \(text.outcome(outcome))"),
                unit: text.unit(outcome) + text.t(", 95%-betrouwbaarheidsinterval", ", 95% confidence interval"),
                items: rows.map { ("\(text.group($0.dimension, $0.subgroup)), \(text.months($0.horizonMonths))", $0.estimate!, $0.ciLow!, $0.ciHigh!) },
                label: { text.number($0, 1) })))
        }
        if let path = e.effectPath, !path.points.isEmpty, disclosed.isShown("effects[\(k)].effect_path.points") {
            out.append(("path-\(e.instrument)", SVGCharts.path(
                title: text.t("Effect van \(name) op uit de uitkering, per maand na de start", "Effect of \(name) on being out of benefit, by month after the start"),
                unit: text.t("procentpunt, 95%-band; maanden na de start", "percentage points, 95% band; months after the start"),
                points: path.points.map { ($0.month, $0.estimate, $0.ciLow, $0.ciHigh) }, monthLabel: { text.count($0) }, label: { text.number($0, 0) })))
        }
        if let o = e.overlap, disclosed.isShown("effects[\(k)].overlap") {
            out.append(("overlap-\(e.instrument)", SVGCharts.overlap(
                title: text.t("Propensityscores van deelnemers en controles: \(name)", "Propensity scores of participants and controls: \(name)"),
                axis: text.t("geschatte kans op deelname; doos: 25e–75e percentiel, lijn: 5e–95e, streepjes: elk 5e percentiel", "estimated probability of participation; box: 25th–75th percentile, line: 5th–95th, ticks: every 5th percentile"),
                groups: [(text.t("deelnemers", "participants"), o.treated), (text.t("controles", "controls"), o.controls)], label: { text.number($0, 3) })))
        }
        if let b = e.balance, disclosed.isShown("effects[\(k)].balance") {
            out.append(("balance-\(e.instrument)", SVGCharts.love(
                title: text.t("Balans voor en na \(results.method.estimator == "psm" ? "matchen" : "weging") (|SMD|): \(name)", "Balance before and after \(results.method.estimator == "psm" ? "matching" : "weighting") (|SMD|): \(name)"),
                items: b.finiteDifferences.map { (text.covariate($0.covariate), $0.before, $0.after) },
                legend: (text.t("voor", "before"), text.t("na", "after")), label: { text.number($0, 2) })))
        }
        return out
    }

    /// One BUIG scenario: budget, spending and how a deficit splits into own risk and safety
    /// net per year (000 chapter 6), with the scenario's own risk and its saving when configured.
    func buigSection(_ b: EvaluationResult.NamedBUIG) -> String {
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

    /// The report: summary first, then the data, the estimates with their diagnostics, the
    /// savings, the optional finance sections, the method as run and the disclosure rule.
    public func markdown(figureLinks: Bool = true) -> String {
        var md = "# \(results.title)\n\n" + stamp
        md += summarySection()
        md += sampleSection()
        md += describeSections(figureLinks: figureLinks)
        md += effectsSection(figureLinks: figureLinks)
        md += warningsSection()
        md += savingsSection()
        md += financeSection()
        md += "## \(text.methodsTitle)\n\n" + text.method(results.method).map { "- \($0)\n" }.joined()
        md += "\n## \(text.disclosureTitle)\n\n" + sdc.rule(dutch: text.dutch) + "\n"
        if sdc.isInternal { md += "\n" + stamp }
        return md
    }

    /// The titles of the report's sections, in order: the entries of the table of contents.
    public var sectionTitles: [String] {
        markdown(figureLinks: false).split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
    }

    /// A self-contained HTML page: the Markdown's content with figures inlined, a table of
    /// contents after the title, and for print (`reval report --pdf`) page numbers and the
    /// version and extraction date in the footer of every page (CSS page margin boxes).
    /// `contentsPages` (the printed page of each of `sectionTitles`, nil where unknown) puts
    /// the page numbers in the table of contents; `PDFPrinter` finds them by printing once.
    public func html(contentsPages: [Int?] = []) -> String {
        let figs = Dictionary(uniqueKeysWithValues: figures().map { ($0.name, $0.svg) })
        var body = "", contents = [String]()
        var inTable = false
        for line in markdown().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("|") {
                // A cell may hold an escaped bar ("\|"); split on the others.
                let cells = line.dropFirst().dropLast().replacingOccurrences(of: "\\|", with: "\u{1}").split(separator: "|")
                    .map { SVGCharts.esc($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{1}", with: "|")) }
                if cells.allSatisfy({ $0 == "---" }) { continue }
                if !inTable { body += "<table>\n<tr>" + cells.map { "<th>\($0)</th>" }.joined() + "</tr>\n"; inTable = true; continue }
                body += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
                continue
            }
            if inTable { body += "</table>\n"; inTable = false }
            if line.hasPrefix("![](figures/"), let name = line.split(separator: "/").last?.dropLast(5) {
                body += "<figure>\(figs[String(name)] ?? "")</figure>\n"
            } else if line.hasPrefix("### ") { body += "<h3>\(SVGCharts.esc(String(line.dropFirst(4))))</h3>\n" }
            else if line.hasPrefix("## ") {
                let title = SVGCharts.esc(String(line.dropFirst(3)))
                contents.append(title)
                body += "<h2 id=\"s\(contents.count)\">\(title)</h2>\n"
            }
            else if line.hasPrefix("# ") { body += "<h1>\(SVGCharts.esc(String(line.dropFirst(2))))</h1>\n\u{2}" }
            else if line.hasPrefix("- ") { body += "<p class=\"note\">• \(SVGCharts.esc(String(line.dropFirst(2))))</p>\n" }
            else if !line.isEmpty { body += "<p>\(SVGCharts.esc(line).replacingOccurrences(of: "**", with: ""))</p>\n" }
        }
        if inTable { body += "</table>\n" }
        let toc = "<nav class=\"toc\"><h2>\(text.t("Inhoud", "Contents"))</h2>\n<ol>\n" + contents.enumerated().map { k, title in
            let page = k < contentsPages.count ? contentsPages[k].map { "<span class=\"page\">\(text.count($0))</span>" } ?? "" : ""
            return "<li><a href=\"#s\(k + 1)\">\(title)</a>\(page)</li>\n"
        }.joined() + "</ol></nav>\n"
        body = body.replacingOccurrences(of: "\u{2}", with: toc)
        let footer = (version.map { "reval \($0) · " } ?? "") + text.t("peildatum ", "extraction date ") + text.date(results.method.extractionDate)
        let page = text.t("\"pagina \" counter(page) \" van \" counter(pages)", "\"page \" counter(page) \" of \" counter(pages)")
        let css = "body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#1a202c;line-height:1.45}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #cbd5e0;padding:4px 8px;text-align:left}th{background:#edf2f7}figure{margin:1em 0}p.note{font-size:0.9em;color:#4a5568}nav.toc{border:1px solid #cbd5e0;padding:0.5em 1.5em;margin:1em 0}nav.toc h2{font-size:1.1em;margin:0.3em 0}nav.toc li a{color:inherit}nav.toc span.page{float:right}"
            + "@page{size:A4;margin:18mm 16mm 20mm 16mm;@bottom-left{content:\"\(SVGCharts.esc(footer).replacingOccurrences(of: "\"", with: "\\\""))\";font-size:9pt;color:#4a5568}@bottom-right{content:\(page);font-size:9pt;color:#4a5568}}"
            + "@media print{body{max-width:none;margin:0}figure,table{page-break-inside:avoid}h2{page-break-after:avoid}nav.toc{page-break-after:always}}"
        return "<!DOCTYPE html>\n<html lang=\"\(results.language)\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(SVGCharts.esc(results.title))</title>\n<style>\(css)</style>\n</head>\n<body>\n\(body)</body>\n</html>\n"
    }
}
