import Effects

/// The summary page (headline figures with their intervals and what they mean, the data, the
/// main caveats), the savings and what they rest on, and the optional finance sections.
extension ReportRenderer {
    static let z95 = 1.959963984540054

    /// An applied figure at `mode.key` (`applied_average.extra_out_of_benefit_2y`) with its 95 %
    /// interval (exact ± 1.96 SE, the SE at `seKey`, by default `key_se`), or nil when not shown.
    func applied(_ mode: String, _ key: String, value: Double?, exact: Double?, se: Double?, decimals: Int,
                 scale: Double = 1, euros: Bool = false, seKey: String? = nil) -> (value: String, interval: String)? {
        guard let value, disclosed.isShown("\(mode).\(key)") else { return nil }
        let format = { (x: Double) in euros ? text.euros(x * scale) : text.number(x * scale, decimals) }
        var interval = ""
        if let exact, let se, disclosed.isShown("\(mode).\(seKey ?? key + "_se")") {
            interval = "[\(format(exact - Self.z95 * se)); \(format(exact + Self.z95 * se))]"
        }
        return (euros ? text.euros(value) : format(value), interval)
    }

    /// The average application's figures: (label, value, interval, meaning).
    func headlineFigures() -> [[String]] {
        let a = results.appliedAverage, m = "applied_average"
        let short = text.months(a.horizonShortMonths), long = text.months(a.horizonLongMonths)
        let compared = comparedWith
        var rows = [[String]]()
        let noInterval = text.t("geen (zie kanttekeningen)", "none (see caveats)")
        func add(_ label: String, _ f: (value: String, interval: String)?, _ meaning: String) {
            guard let f else { return }
            rows.append([label, f.value, f.interval.isEmpty ? noInterval : f.interval, meaning])
        }
        add(text.t("Extra uit de uitkering na \(short)", "Extra out of benefit after \(short)"),
            applied(m, "extra_out_of_benefit_2y", value: a.extraOutOfBenefit2y, exact: a.extraOutOfBenefit2yExact, se: a.extraOutOfBenefit2ySE, decimals: 1),
            text.t("Zoveel deelnemers meer zijn \(short) na de start uit de uitkering dan \(compared) (negatief: minder).", "This many more participants are out of benefit \(short) after the start than \(compared) (negative: fewer)."))
        if a.horizonLongMonths != a.horizonShortMonths {
            add(text.t("Extra uit de uitkering na \(long)", "Extra out of benefit after \(long)"),
                applied(m, "extra_out_of_benefit_8y", value: a.extraOutOfBenefit8y, exact: a.extraOutOfBenefit8yExact, se: a.extraOutOfBenefit8ySE, decimals: 1),
                text.t("Hetzelfde, \(long) na de start.", "The same, \(long) after the start."))
        }
        add(text.t("Bespaarde uitkeringsmaanden (binnen \(long))", "Benefit months saved (within \(long))"),
            applied(m, "benefit_months_saved", value: a.benefitMonthsSaved, exact: a.benefitMonthsSavedExact, se: a.benefitMonthsSavedSE, decimals: 0),
            text.t("Zoveel maanden minder uitkering voor alle deelnemers samen dan \(compared) (negatief: meer).", "This many fewer benefit months for all participants together than \(compared) (negative: more)."))
        add(text.t("Bespaard, bruto", "Saved, gross"),
            applied(m, "euros_saved", value: a.eurosSaved, exact: a.benefitMonthsSavedExact, se: a.benefitMonthsSavedSE, decimals: 0, scale: a.monthlyBenefit.gross, euros: true, seKey: "benefit_months_saved_se"),
            text.t("De bespaarde maanden maal \(text.euros(a.monthlyBenefit.gross)) per uitkeringsmaand.", "The months saved times \(text.euros(a.monthlyBenefit.gross)) a benefit month."))
        return rows
    }

    /// What the applied effects compare the participants with, as the end of a sentence.
    var comparedWith: String {
        switch results.savingsBasis.estimand {
        case "now-vs-never"?: return text.t("zonder re-integratie", "without re-integration")
        case "now-vs-waiting"?: return text.t("als ze (nog) niet waren gestart", "had they not (yet) started")
        case "static-att"?, "static-ate"?: return text.t("vergelijkbare personen zonder traject in hetzelfde venster", "comparable persons without a trajectory in the same window")
        default: return text.t("de vergelijkingsgroep van de effecttabel", "the effect table's comparison group")
        }
    }

    func summarySection() -> String {
        let m = results.method
        var md = "## \(text.summaryTitle)\n\n"
        let place = results.municipality.map { text.t("Gemeente \($0)", "Municipality of \($0)") + ": " } ?? ""
        md += place + text.t("instroom in de bijstand van \(text.date(m.cohortStart)) tot en met \(text.date(m.cohortEnd)), gegevens van \(text.date(m.extractionDate)) (peildatum); \(count("sample_loss.cohort_persons")) personen in het instroomcohort.",
                             "inflow into social assistance from \(text.date(m.cohortStart)) to \(text.date(m.cohortEnd)), data of \(text.date(m.extractionDate)) (extraction date); \(count("sample_loss.cohort_persons")) persons in the inflow cohort.") + "\n\n"
        let instruments = results.appliedAverage.instruments.map { text.instrument($0.instrument) }.joined(separator: text.t(" en ", " and "))
        md += text.t("Wat re-integratie (\(instruments)) oplevert, met 95%-intervallen:", "What re-integration (\(instruments)) yields, with 95% intervals:") + "\n\n"
        md += table([text.t("uitkomst", "outcome"), text.t("schatting", "estimate"), text.t("95%-interval", "95% interval"), text.t("wat het betekent", "what it means")], headlineFigures()) + "\n"
        // The whole-cohort estimates of each instrument.
        var effects = [[String]]()
        for (k, e) in results.effects.enumerated() {
            for (i, r) in e.rows.enumerated() where r.dimension == "all" && r.outcome == "out_of_benefit" && disclosed.isShown("effects[\(k)].rows[\(i)].estimate") {
                guard let est = r.estimate else { continue }
                effects.append([text.t("Effect van \(text.instrument(e.instrument)) na \(text.months(r.horizonMonths))", "Effect of \(text.instrument(e.instrument)) after \(text.months(r.horizonMonths))"),
                                text.number(est, 1) + " " + text.t("procentpunt", "percentage points"), text.interval(r.ciLow, r.ciHigh, 1) ?? "",
                                text.t("Van elke 100 deelnemers zijn er \(text.number(abs(est), 1)) \(est < 0 ? "minder" : "meer") uit de uitkering dan bij vergelijkbare niet-deelnemers (\(text.estimandShort(e.estimand))).",
                                       "Of every 100 participants, \(text.number(abs(est), 1)) \(est < 0 ? "fewer" : "more") are out of benefit than of comparable non-participants (\(text.estimandShort(e.estimand))).")])
            }
        }
        if !effects.isEmpty {
            md += text.t("Eigen schattingen voor dit cohort:", "Own estimates for this cohort:") + "\n\n"
            md += table([text.t("uitkomst", "outcome"), text.t("schatting", "estimate"), text.t("95%-interval", "95% interval"), text.t("wat het betekent", "what it means")], effects) + "\n"
        }
        md += text.t("Belangrijkste kanttekeningen:", "Main caveats:") + "\n\n" + caveats().map { "- \($0)\n" }.joined() + "\n"
        return md
    }

    func caveats() -> [String] {
        var c = [String]()
        c.append(estimandCaveat)
        let outside = results.effects.indices.filter { results.effects[$0].participants.all > results.effects[$0].participants.estimated }
        if !outside.isEmpty {
            c.append(text.t("Niet alle deelnemers vallen binnen de schattingen: ", "Not every participant is covered by the estimates: ")
                + outside.map { k in "\(text.instrument(results.effects[k].instrument)) \(count("effects[\(k)].participants.estimated")) " + text.t("van", "of") + " \(count("effects[\(k)].participants.all"))" }.joined(separator: ", ")
                + text.t(" (zie Gegevens en selectie).", " (see Data and sample)."))
        }
        var imbalanced = 0, estimated = 0
        for (k, e) in results.effects.enumerated() {
            for (i, r) in e.rows.enumerated() where r.status == "estimate" && disclosed.isShown("effects[\(k)].rows[\(i)].max_abs_smd_after") {
                estimated += 1
                if (r.maxAbsSMDAfter ?? 0) > 0.1 { imbalanced += 1 }
            }
        }
        if imbalanced > 0 {
            c.append(text.t("Bij \(imbalanced) van de \(estimated) geschatte cellen is na \(results.method.estimator == "psm" ? "matchen" : "weging") nog een kenmerk met |SMD| > 0,1 uit balans (zie Waarschuwingen).",
                            "In \(imbalanced) of the \(estimated) estimated cells a characteristic is still out of balance after \(results.method.estimator == "psm" ? "matching" : "weighting") (|SMD| > 0.1; see Warnings)."))
        }
        if results.appliedAverage.extraOutOfBenefit2ySE == nil {
            c.append(text.t("De toegepaste effecttabel geeft geen standaardfouten: bij de besparingen staat geen interval, en de onzekerheid is groter dan de afgeronde getallen doen vermoeden.",
                            "The effect table applied gives no standard errors: the savings carry no interval, and they are less certain than their rounding suggests."))
        }
        c.append(text.t("‘Uit de uitkering’ is niet hetzelfde als ‘aan het werk’.", "‘Out of benefit’ is not the same as ‘in work’."))
        c.append(text.t("De effecten berusten op de aanname dat deelnemers en controles na correctie voor de gemeten kenmerken vergelijkbaar zijn; ongemeten verschillen kunnen ze vertekenen.",
                        "The effects assume that participants and controls are comparable once the measured characteristics are accounted for; unmeasured differences can bias them."))
        return c
    }

    /// Whether the savings' effects answer "extra compared with no re-integration", and if not, why.
    var estimandCaveat: String {
        switch results.savingsBasis.estimand {
        case "now-vs-never"?:
            return text.t("De besparingen gebruiken effecten ‘nu versus nooit’: die beantwoorden de vraag hoeveel extra mensen uit de uitkering zijn vergeleken met geen re-integratie.",
                          "The savings use ‘now versus never’ effects: these answer how many extra people are out of benefit compared with no re-integration.")
        case "now-vs-waiting"?:
            return text.t("De besparingen gebruiken effecten ‘nu versus wachten’: de vergelijkingsgroep krijgt deels later alsnog een traject. Ze zeggen dus wat nu starten oplevert boven later of niet starten, niet precies wat re-integratie oplevert vergeleken met geen re-integratie; daarvoor is estimand = \"now-vs-never\" nodig.",
                          "The savings use ‘now versus waiting’ effects: part of the comparison group starts a trajectory later. They tell what starting now adds over starting later or not at all, not exactly what re-integration adds compared with none; that needs estimand = \"now-vs-never\".")
        case "static-att"?, "static-ate"?:
            return text.t("De besparingen gebruiken effecten van het statische ontwerp: de vergelijkingsgroep kreeg in het venster geen traject maar kan daarna nog starten, en het ontwerp is gevoelig voor overlevingsbias; ‘extra vergeleken met geen re-integratie’ is daarom een benadering.",
                          "The savings use effects of the static design: the comparison group had no trajectory in the window but may start later, and the design is prone to survivor bias; ‘extra compared with no re-integration’ is therefore an approximation.")
        default:
            return text.t("De effecttabel zegt niet wat haar effecten vergelijken (nu versus nooit, of nu versus later); of de besparingen ‘extra vergeleken met geen re-integratie’ zijn, hangt daarvan af (table_estimand in [apply] legt het vast).",
                          "The effect table does not say what its effects compare (now versus never, or now versus later); whether the savings are ‘extra compared with no re-integration’ depends on it (table_estimand in [apply] records it).")
        }
    }

    func savingsSection() -> String {
        let b = results.savingsBasis
        var md = "## \(text.appliedTitle)\n\n"
        if b.effectsFrom == "estimates" {
            md += text.t("Toegepast: de eigen schattingen van dit rapport (\(text.estimandShort(b.estimand ?? ""))), per subgroep waar die geschat en getoond zijn.",
                         "Applied: this report's own estimates (\(text.estimandShort(b.estimand ?? ""))), by subgroup where estimated and shown.") + "\n\n"
        } else {
            md += text.t("Toegepaste effecttabel: \(b.table ?? "")", "Effect table applied: \(b.table ?? "")") + ". " + text.t("Bron van de gemiddelde effecten", "Source of the average effects")
                + ": " + b.sources.joined(separator: "; ") + ".\n\n"
        }
        md += estimandCaveat + "\n\n"
        if b.effectsFrom == "estimates" {
            md += text.t("De effecten zijn alleen toegepast op de deelnemers die de schattingen dekken; wie buiten de schattingen valt (zie Gegevens en selectie), telt niet mee:",
                         "The effects are applied only to the participants the estimates cover; those outside them (see Data and sample) are not counted:") + "\n\n"
        } else {
            md += text.t("De tabel zegt niet voor welke startmomenten haar effecten gelden; ze zijn toegepast op alle deelnemers:",
                         "The table does not say which starts its effects cover; they are applied to every participant:") + "\n\n"
        }
        md += table(["instrument", text.t("deelnemers in het cohort", "participants in the cohort"), text.t("meegeteld", "counted")],
                    results.appliedAverage.instruments.map { i in
                        let k = results.effects.firstIndex { $0.instrument == i.instrument }
                        return [text.instrument(i.instrument), k.map { count("effects[\($0)].participants.all") } ?? "–", count("participant_counts.\(i.instrument)")]
                    }) + "\n"
        if !b.instrumentsWithoutEffects.isEmpty {
            md += text.t("Geen effecten in de tabel voor: ", "No effects in the table for: ") + b.instrumentsWithoutEffects.map(text.instrument).joined(separator: ", ") + text.t("; deze tellen niet mee.", "; they are not counted.") + "\n\n"
        }
        let a = results.appliedAverage
        func row(_ x: AppliedEffects, _ mode: String) -> [String] {
            let cells = [
                applied(mode, "extra_out_of_benefit_2y", value: x.extraOutOfBenefit2y, exact: x.extraOutOfBenefit2yExact, se: x.extraOutOfBenefit2ySE, decimals: 1),
                applied(mode, "extra_out_of_benefit_8y", value: x.extraOutOfBenefit8y, exact: x.extraOutOfBenefit8yExact, se: x.extraOutOfBenefit8ySE, decimals: 1),
                applied(mode, "benefit_months_saved", value: x.benefitMonthsSaved, exact: x.benefitMonthsSavedExact, se: x.benefitMonthsSavedSE, decimals: 0),
                applied(mode, "euros_saved", value: x.eurosSaved, exact: x.benefitMonthsSavedExact, se: x.benefitMonthsSavedSE, decimals: 0, scale: x.monthlyBenefit.gross, euros: true, seKey: "benefit_months_saved_se"),
            ]
            let label = x.mode == .average ? text.t("gemiddeld effect per instrument", "average effect per instrument")
                : text.t("per subgroep (\(text.dimension(x.dimension ?? "")))", "by subgroup (\(text.dimension(x.dimension ?? "")))")
            return [label] + cells.map { c in c.map { $0.value + ($0.interval.isEmpty ? "" : " \($0.interval)") } ?? "–" }
        }
        md += table([text.t("methode", "method"), text.t("extra uit uitkering na \(text.months(a.horizonShortMonths))", "extra out of benefit after \(text.months(a.horizonShortMonths))"),
                     text.t("na \(text.months(a.horizonLongMonths))", "after \(text.months(a.horizonLongMonths))"),
                     text.t("uitkeringsmaanden bespaard", "benefit months saved"), text.t("euro bespaard (bruto)", "euros saved (gross)")],
                    [row(a, "applied_average")] + (results.appliedComposition.map { [row($0, "applied_composition")] } ?? []))
        md += "\n" + text.t("Tussen haken het 95%-interval uit de standaardfouten van de effecten (cellen en instrumenten als onafhankelijk behandeld). Een – is niet beschikbaar of niet getoond: een effect ontbreekt, of een subgroep is zo klein dat het getal haar omvang zou verraden.",
                            "In brackets the 95% interval from the effects' standard errors (cells and instruments treated as independent). A – is not available or not shown: an effect is missing, or a subgroup is so small that the figure would reveal its size.") + "\n\n"
        if results.appliedComposition == nil {
            md += text.t("Geen effecten per \(text.dimension(results.appliedAverage.dimension ?? "subgroep")) in de toegepaste effecten: alleen het gemiddelde effect is toegepast.",
                         "No effects by subgroup in the effects applied: only the average effect is applied.") + "\n\n"
        }
        md += text.appliedNotes.map { "- \($0)\n" }.joined() + "\n"
        return md
    }

    func financeSection() -> String {
        guard !results.breakeven.isEmpty || !results.buig.isEmpty else { return "" }
        var md = "## \(text.financeTitle)\n\n"
        for (name, b) in results.breakeven.sorted(by: { $0.key < $1.key }) {
            md += "**\(name)**: " + text.t(
                "kosten \(text.euros(b.cost)) = \(text.number(b.benefitMonthsToSave, 0)) uitkeringsmaanden; \(text.number(b.monthsPerParticipant, 1)) maanden (\(text.number(b.weeksPerParticipant, 0)) weken) per deelnemer; deelnemers moeten gemiddeld rond week \(text.number(b.placedByWeek, 0)) aan het werk zijn.\n\n",
                "cost \(text.euros(b.cost)) = \(text.number(b.benefitMonthsToSave, 0)) benefit months; \(text.number(b.monthsPerParticipant, 1)) months (\(text.number(b.weeksPerParticipant, 0)) weeks) per participant; participants must be in work around week \(text.number(b.placedByWeek, 0)) on average.\n\n")
        }
        for b in results.buig { md += buigSection(b) }
        return md
    }
}

extension ReportText {
    /// The rules of the savings computation.
    var appliedNotes: [String] {
        [t("Aantallen per instrument: wie twee instrumenten kreeg, telt bij beide mee en de effecten worden opgeteld (zoals de rekenkamermethode van bijlage B doet).",
           "Counts are per instrument: a person who received two instruments counts for both and the effects are added (as the audit method of appendix B does)."),
         t("Per instrument afgerond op één decimaal; totalen zijn sommen van afgeronde getallen. De onafgeronde waarden staan in results.json.",
           "Per-instrument figures are rounded to one decimal and totals are sums of the rounded figures; the unrounded values are in results.json."),
         t("Cellen die de bron leeg laat (‘niet gerapporteerd’) worden niet als nul gelezen maar vervangen door het gemiddelde effect van het instrument; ‘geen verschil’ telt als 0. Welke cellen dat zijn, staat in results.json (fell_back_to_average).",
           "Cells the source leaves empty (‘not reported’) are not read as zero but replaced by the instrument's average effect; ‘no difference’ counts as 0. Which cells, is in results.json (fell_back_to_average).")]
    }
}
