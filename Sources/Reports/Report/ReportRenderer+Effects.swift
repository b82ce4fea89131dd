import Effects
import Evaluation

/// The estimates: per instrument the sample account, the forest plots, the table of every
/// cell, the effect path, the sensitivity of the headline figure, the overlap and the balance;
/// then the warnings on every cell.
extension ReportRenderer {
    func effectsSection(figureLinks: Bool) -> String {
        var md = "## \(text.effectsTitle)\n\n"
        let names = Set(figures().map(\.name))
        func figure(_ name: String) -> String { figureLinks && names.contains(name) ? "![](figures/\(name).svg)\n\n" : "" }
        for (k, e) in results.effects.enumerated() {
            func n(_ i: Int, _ key: EffectColumn) -> String { count("effects[\(k)].rows[\(i)].\(key.rawValue)") }
            func shown(_ i: Int) -> Bool { disclosed.isShown("effects[\(k)].rows[\(i)].estimate") }
            md += "### \(text.instrument(e.instrument))\n\n" + text.t("Schattingsdoel", "Estimand") + ": \(text.estimand(e.estimand)).\n\n"
            // Sample account per subgroup, outcome and horizon: who is in the estimate and who dropped out where.
            md += text.t("Selectie per groep, uitkomst en horizon:", "Sample account by group, outcome and horizon:") + "\n\n"
            md += table([text.t("groep", "group"), text.t("uitkomst", "outcome"), text.t("horizon", "horizon"), text.t("deelnemers met uitkomst", "treated with outcome"),
                         text.t("zonder follow-up", "without follow-up"), text.t("buiten bereik controles", "outside the controls' range"), text.t("niet gematcht", "not matched"),
                         text.t("controles", "controls"), text.t("gebruikte controles", "controls used")],
                        e.rows.indices.map { i in
                            let r = e.rows[i]
                            return [text.group(r.dimension, r.subgroup), text.outcome(r.outcome), text.months(r.horizonMonths), n(i, .nTreated), n(i, .nTreatedCensored),
                                    r.nTreatedOutsideSupport == nil ? "–" : n(i, .nTreatedOutsideSupport), r.nTreatedDropped == nil ? "–" : n(i, .nTreatedDropped), n(i, .nControl), r.nControlsUsed == nil ? "–" : n(i, .nControlsUsed)]
                        }) + "\n"
            md += figure("forest-\(e.instrument)") + figure("forest-months-\(e.instrument)")
            md += table([text.t("groep", "group"), text.t("uitkomst", "outcome"), text.t("horizon", "horizon"), text.t("effect", "effect"),
                         text.t("95%-interval", "95% interval"), text.t("deelnemers", "treated"), text.t("controles", "controls")],
                        e.rows.indices.map { i in
                            let r = e.rows[i]
                            return [text.group(r.dimension, r.subgroup), text.outcome(r.outcome), text.months(r.horizonMonths),
                                    (shown(i) ? r.estimate.map { text.number($0, 1) } : nil) ?? text.t("niet geschat", "not estimated"),
                                    (shown(i) ? text.interval(r.ciLow, r.ciHigh, 1) : nil) ?? "",
                                    n(i, .nTreated), n(i, .nControl)]
                        })
            md += "\n" + text.t("Effecten op ‘uit de uitkering’ in procentpunten (extra personen per 100 deelnemers), op ‘maanden uit de uitkering’ in maanden per deelnemer.",
                                "Effects on ‘out of benefit’ in percentage points (extra persons per 100 participants), on ‘months out of benefit’ in months per participant.") + "\n\n"
            if let path = e.effectPath, names.contains("path-\(e.instrument)") {
                md += figure("path-\(e.instrument)") + pathSentence(path, k) + "\n\n"
            }
            md += sensitivityTable(e, k)
            if names.contains("overlap-\(e.instrument)") {
                md += figure("overlap-\(e.instrument)")
                md += text.t("Overlap: waar de scores van deelnemers en controles elkaar overlappen, is vergelijken mogelijk; deelnemers met een score buiten het bereik van de controles worden met de dichtstbijzijnde controle vergeleken en staan bij de waarschuwingen.",
                             "Overlap: where the scores of participants and controls overlap, comparison is possible; participants with a score outside the controls' range are compared with the nearest control and are listed under the warnings.") + "\n\n"
            }
            md += figure("balance-\(e.instrument)")
        }
        return md
    }

    /// The headline figure (whole cohort, first outcome and horizon) as estimated and under the
    /// other matching choices, so a reader sees whether it hangs on a choice; withheld figures
    /// and counts as disclosure control says.
    func sensitivityTable(_ e: EvaluationResult.EffectsOfInstrument, _ k: Int) -> String {
        guard !e.sensitivity.isEmpty, let h = e.rows.firstIndex(where: { $0.dimension == "all" }) else { return "" }
        let headline = e.rows[h], p = "effects[\(k)]"
        func figure(_ path: String, _ estimate: Double?, _ low: Double?, _ high: Double?) -> [String] {
            guard disclosed.isShown("\(path).estimate") else { return [text.t("niet getoond", "not shown"), ""] }
            guard let estimate else { return [text.t("niet te schatten", "not estimable"), ""] }
            return [text.number(estimate, 1), text.interval(low, high, 1) ?? ""]
        }
        var md = text.t("Gevoeligheid: het effect op ‘\(text.outcome(headline.outcome))’ na \(text.months(headline.horizonMonths)) voor iedereen, bij andere keuzes voor het matchen:",
                        "Sensitivity: the effect on ‘\(text.outcome(headline.outcome))’ after \(text.months(headline.horizonMonths)) for everyone, under other matching choices:") + "\n\n"
        md += table([text.t("keuze", "choice"), text.t("effect", "effect"), text.t("95%-interval", "95% interval"), text.t("gematchte deelnemers", "participants matched")],
                    [[text.t("zoals geschat", "as estimated")] + figure("\(p).rows[\(h)]", headline.estimate, headline.ciLow, headline.ciHigh) + [count("\(p).rows[\(h)].n_treated")]]
                    + e.sensitivity.enumerated().map { j, v in
                        [text.sensitivity(v.specification)] + figure("\(p).sensitivity[\(j)]", v.estimate, v.ciLow, v.ciHigh)
                            + [v.nTreated == nil ? "–" : count("\(p).sensitivity[\(j)].n_treated")]
                    })
        return md + "\n" + text.t("Liggen de effecten dicht bij elkaar, dan hangt de uitkomst niet af van deze keuzes.",
                                  "Where the effects lie close together, the result does not hang on these choices.") + "\n\n"
    }

    /// What the effect path shows, in one sentence.
    func pathSentence(_ p: EffectPath, _ k: Int) -> String {
        var s = text.t("Effectverloop voor \(count("effects[\(k)].effect_path.n_treated")) deelnemers die \(text.months(p.points.last?.month ?? 0)) gevolgd konden worden",
                       "Effect path for \(count("effects[\(k)].effect_path.n_treated")) participants followed for \(text.months(p.points.last?.month ?? 0))")
        if let dip = p.lockInDip {
            s += text.t("; het laagste punt ligt na \(text.months(dip.month)) (\(text.number(dip.estimate, 1)) procentpunt: het ‘lock-in’-effect tijdens het traject)",
                        "; the lowest point is at \(text.months(dip.month)) (\(text.number(dip.estimate, 1)) percentage points: the lock-in while in the programme)")
        }
        if let m = p.monthTurningPositive {
            s += text.t("; vanaf \(text.months(m)) blijft het effect positief", "; from \(text.months(m)) on the effect stays positive")
        }
        return s + "."
    }

    /// Every cell with a problem and what was done about it: not estimated (too few persons or a
    /// failed fit), withheld by disclosure control, imbalance after adjustment (|SMD| > 0.1),
    /// participants outside the controls' scores or left unmatched — one line per instrument,
    /// group and problem, naming the outcomes and horizons it concerns; then the whole-cohort
    /// covariates still out of balance.
    func warningsSection() -> String {
        var md = "## \(text.warningsTitle)\n\n"
        let psm = results.method.estimator == "psm"
        // (instrument, group, problem) → the cells it concerns and the worst case's wording.
        var order = [String](), cells = [String: [String]](), line = [String: [String]]()
        func note(_ e: EvaluationResult.EffectsOfInstrument, _ r: CohortEffectRow, problem: String, done: String, worst: String? = nil) {
            let key = "\(e.instrument)|\(r.dimension)|\(r.subgroup)|\(problem)"
            if line[key] == nil { order.append(key); line[key] = [text.instrument(e.instrument), text.group(r.dimension, r.subgroup), "", problem, done] }
            if let worst { line[key]![3] = worst }
            cells[key, default: []].append("\(text.outcome(r.outcome)) \(text.months(r.horizonMonths))")
        }
        var worstSMD = [String: Double]()
        for (k, e) in results.effects.enumerated() {
            for (i, r) in e.rows.enumerated() {
                let p = "effects[\(k)].rows[\(i)]"
                if r.status != "estimate" {
                    if r.notes.first?.hasPrefix("too small") == true {
                        note(e, r, problem: text.t("te weinig deelnemers of controles", "too few participants or controls"), done: text.t("niet geschat", "not estimated"))
                    } else {
                        note(e, r, problem: text.t("model niet te schatten", "model could not be fitted"), done: text.t("niet geschat; de reden staat in results.json", "not estimated; the reason is in results.json"))
                    }
                    continue
                }
                if let why = disclosed.withheld["\(p).estimate"] {
                    note(e, r, problem: why == DisclosurePlan.Withholding.residualDF.rawValue ? text.t("te weinig vrijheidsgraden voor publicatie", "too few degrees of freedom for publication")
                         : text.t("te weinig personen voor publicatie", "too few persons for publication"), done: text.t("schatting niet getoond", "estimate not shown"))
                    continue
                }
                if let smd = r.maxAbsSMDAfter, smd > 0.1, disclosed.isShown("\(p).max_abs_smd_after") {
                    let problem = text.t("onbalans na \(psm ? "matchen" : "weging") (absolute SMD boven 0,1)", "imbalance after \(psm ? "matching" : "weighting") (absolute SMD above 0.1)")
                    let key = "\(e.instrument)|\(r.dimension)|\(r.subgroup)|\(problem)"
                    worstSMD[key] = max(worstSMD[key] ?? 0, smd)
                    note(e, r, problem: problem, done: results.method.biasAdjustment ? text.t("matches gecorrigeerd met een uitkomstmodel; voorzichtig interpreteren", "matches corrected by an outcome model; interpret with care")
                         : text.t("voorzichtig interpreteren", "interpret with care"),
                         worst: String(problem.dropLast()) + text.t("; hoogste waarde \(text.number(worstSMD[key]!, 2)))", "; largest value \(text.number(worstSMD[key]!, 2)))"))
                }
                if let outside = r.nTreatedOutsideSupport, outside > 0 {
                    note(e, r, problem: text.t("deelnemers met een score buiten die van de controles (slechte overlap)", "participants with a score outside the controls' (poor overlap)"),
                         done: text.t("vergeleken met de dichtstbijzijnde controle", "compared with the nearest control"))
                }
                if let dropped = r.nTreatedDropped, dropped > 0 {
                    note(e, r, problem: text.t("deelnemers zonder controle binnen de caliper", "participants without a control within the caliper"), done: text.t("weggelaten uit de schatting", "left out of the estimate"))
                }
            }
        }
        let rows = order.map { key -> [String] in var l = line[key]!; l[2] = cells[key]!.joined(separator: "; "); return l }
        md += rows.isEmpty ? text.t("Geen.", "None.") + "\n\n"
            : table([text.t("instrument", "instrument"), text.t("groep", "group"), text.t("uitkomsten", "outcomes"), text.t("probleem", "problem"), text.t("wat is gedaan", "what was done")], rows) + "\n"
        md += text.t("Het aantal deelnemers buiten het bereik van de controles en zonder match staat per groep in de selectie bij de effecten en in results.json.",
                     "The numbers of participants outside the controls' range and without a match are in the sample account with the effects and in results.json.") + "\n\n"
        for (k, e) in results.effects.enumerated() {
            guard let b = e.balance, disclosed.isShown("effects[\(k)].balance") else { continue }
            let off = b.finiteDifferences.filter { $0.covariate != "distance" && abs($0.after) > 0.1 }
            guard !off.isEmpty else { continue }
            md += text.t("\(text.instrument(e.instrument)), iedereen: na \(psm ? "matchen" : "weging") nog |SMD| > 0,1 bij ", "\(text.instrument(e.instrument)), everyone: |SMD| > 0.1 after \(psm ? "matching" : "weighting") for ")
                + off.map { "\(text.covariate($0.covariate)) (\(text.number($0.after, 2)))" }.joined(separator: "; ") + ".\n\n"
        }
        return md
    }
}
