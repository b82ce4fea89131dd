import Cohort

/// The data sections: the selection chain from rows read to the persons each estimate covers,
/// the outflow of the inflow and the use of instruments.
extension ReportRenderer {
    func sampleSection() -> String {
        let s = results.sampleLoss
        var md = "## \(text.sampleTitle)\n\n"
        if let file = s.cohortFile {
            md += text.t("Gestart van het gekoppelde cohortbestand \(file) (reval link); de koppelstappen staan in zijn koppelrapport.",
                         "Started from the linked cohort file \(file) (reval link); the linkage steps are in its linkage report.") + "\n\n"
        }
        // Linking's steps, when this run linked the exports.
        let linking: [[String]] = s.rowsExcludedByReason.map { byReason in [
            [text.t("uitkeringsregels gelezen", "benefit rows read"), count("sample_loss.benefit_rows_read")],
            [text.t("trajectregels gelezen", "trajectory rows read"), count("sample_loss.trajectory_rows_read")],
            [text.t("regels uitgesloten", "rows excluded"), count("sample_loss.rows_excluded")],
        ] + byReason.keys.sorted().map { reason in
            [text.t("waarvan wegens ", "of which for ") + text.exclusionReason(reason), count("sample_loss.rows_excluded_by_reason.\(reason)")]
        } + [
            [text.t("personen geheel uitgesloten om een uitgesloten regel", "persons left out whole for an excluded row"), count("sample_loss.persons_excluded")],
            [text.t("uitkeringsperiodes samengevoegd met de vorige", "benefit spells joined to the one before"), count("sample_loss.spells_merged")],
            [text.t("uitkeringsperiodes met einddatum na de peildatum (lopend gelezen)", "benefit spells ending after the extraction date (read as running)"),
             count("sample_loss.spells_running_at_extraction")],
            [text.t("trajecten met einddatum na de peildatum (lopend gelezen)", "trajectories ending after the extraction date (read as running)"),
             count("sample_loss.trajectories_running_at_extraction")],
            [text.t("trajecten buiten elke uitkeringsperiode (behouden, geen behandeling)", "trajectories outside every benefit spell (kept, not treatment)"),
             count("sample_loss.trajectories_outside_spells")],
            [text.t("personen in de gegevens", "persons in the data"), count("sample_loss.persons_in_data")],
        ] } ?? []
        md += table([text.t("stap", "step"), text.t("aantal", "count")], linking + [
            [text.t("personen in het instroomcohort (\(text.date(results.method.cohortStart)) tot en met \(text.date(results.method.cohortEnd)))",
                    "persons in the inflow cohort (\(text.date(results.method.cohortStart)) to \(text.date(results.method.cohortEnd)))"), count("sample_loss.cohort_persons")],
            [text.t("waarvan eerder in de bijstand", "of whom earlier on benefit"), count("sample_loss.reentrants")],
            [text.t("waarvan uitkering nog lopend op de peildatum", "of whom still on benefit at extraction"), count("sample_loss.censored_persons")],
        ]) + "\n"
        // Per instrument: who received it and who of them the estimates cover.
        let m = results.method
        let after = m.design == "dynamic" ? text.t("gestart na maand \(m.maxTau ?? 36)", "started after month \(m.maxTau ?? 36)")
            : text.t("gestart na \(text.months(m.window ?? 12))", "started after \(text.months(m.window ?? 12))")
        var header = [text.t("instrument", "instrument"), text.t("deelnemers in het cohort", "participants in the cohort"), text.t("binnen de schattingen", "in the estimates"), after]
        if m.design == "dynamic" { header += [text.t("eerst een ander traject", "another trajectory first"), text.t("gestart in de instroommaand", "started in the month of inflow")] }
        md += text.t("Welke deelnemers de schattingen dekken:", "Which participants the estimates cover:") + "\n\n"
        md += table(header, results.effects.indices.map { k in
            let p = "effects[\(k)].participants"
            var row = [text.instrument(results.effects[k].instrument), count("\(p).all"), count("\(p).estimated"), count("\(p).started_after_window")]
            if m.design == "dynamic" { row += [count("\(p).other_trajectory_first"), count("\(p).started_in_inflow_month")] }
            return row
        }) + "\n"
        if m.design == "dynamic" {
            md += text.t("Wie eerst een ander traject kreeg, was bij de start van dit instrument al ‘behandeld’ en is geen zuivere deelnemer of controle; wie in de instroommaand start, heeft geen maand in de uitkering zonder traject. Per groep staat bij de effecten wie zonder follow-up of zonder match verder afviel.",
                         "Persons who had another trajectory first were already ‘treated’ when this one started and are neither clean participants nor controls; a start in the month of inflow leaves no month on benefit without a trajectory. Further losses (no follow-up, no match) are shown with the effects per group.") + "\n\n"
        }
        return md
    }

    func describeSections(figureLinks: Bool) -> String {
        let d = results.description, o = d.outflow
        var md = "## \(text.outflowTitle)\n\n"
        // Without describe_from/describe_to the figure covers the whole cohort window.
        let from = d.inflowFrom.map(text.month) ?? text.date(results.method.cohortStart)
        let to = d.inflowTo.map(text.month) ?? text.date(results.method.cohortEnd)
        let window = text.t("Instroom \(from) tot en met \(to)", "Inflow \(from) to \(to)")
        md += window + ": \(count("description.outflow.persons")) " + text.t("personen", "persons")
            + (results.benchmark.map { text.t(" (vergelijk: \($0))", " (compare: \($0))") } ?? "") + ".\n\n"
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
        md += "\n" + text.t("Gemiddelde duur tot zelfstandige uitstroom na week 7: \(weeks) weken.\n\n", "Mean weeks to leaving on their own after week 7: \(weeks).\n\n")
        md += "## \(text.useTitle)\n\n"
        if figureLinks { md += "![](figures/instrument-shares.svg)\n\n" }
        // Only the instruments someone received.
        md += table(["instrument", text.t("deelnemers", "participants"), text.t("aandeel", "share")],
                    sortedShares.filter { $0.value.numerator > 0 }.map { [text.instrument($0.key), count("description.instrument_shares.\($0.key).numerator"), share("description.instrument_shares.\($0.key)", $0.value)] })
        md += "\n" + table([text.t("instroomjaar", "inflow year"), text.t("met traject", "with a trajectory"), text.t("aandeel", "share")],
                           d.trajectoryRateByInflowYear.sorted { $0.key < $1.key }.map { [$0.key, count("description.trajectory_rate_by_inflow_year.\($0.key).numerator"), share("description.trajectory_rate_by_inflow_year.\($0.key)", $0.value)] })
        md += "\n" + text.t("Per instroomjaar binnen het venster: een jaar dat het venster maar deels dekt, telt alleen de instroom in die maanden.\n",
                            "By inflow year within the window: a year the window covers only in part counts only the inflow of those months.\n")
        if figureLinks { md += "\n![](figures/use-by-education.svg)\n\n![](figures/use-by-work-history.svg)\n\n" }
        md += text.formation("education") + " " + text.formation("work_history") + "\n\n"
        return md
    }
}
