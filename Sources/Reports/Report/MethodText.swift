import Evaluation

/// The method section, written from the method as it ran (`MethodAsRun`): each sentence
/// states a setting of this run, in the report's language.
extension ReportText {
    func method(_ m: MethodAsRun) -> [String] {
        var lines = [String]()
        let window = m.window ?? 12, maxTau = m.maxTau ?? 36
        lines.append(m.design == "dynamic"
            ? t("Ontwerp: dynamisch (Sianesi 2004). Wie in maand τ na instroom (τ = 1 tot en met \(maxTau)) met het instrument begint en nog geen ander traject had, wordt vergeleken met wie in maand τ nog een uitkering heeft en nog geen traject kreeg; er wordt exact op τ gematcht en de uitkomsten worden vanaf τ gemeten. Wie later dan maand \(maxTau) start, valt buiten de schattingen.",
                "Design: dynamic (Sianesi 2004). A person who starts the instrument in month τ after inflow (τ = 1 to \(maxTau)) without an earlier trajectory is compared with persons still on benefit in month τ and not yet treated; matching is exact on τ and outcomes are measured from τ. A start after month \(maxTau) is outside the estimates.")
            : t("Ontwerp: statisch. Deelnemer is wie binnen \(months(window)) na instroom met het instrument begint; de vergelijkingsgroep kreeg in die \(months(window)) geen enkel traject. De uitkomsten worden vanaf instroom gemeten. Dit ontwerp is gevoelig voor overlevingsbias: wie snel zelf uitstroomt, krijgt minder vaak een traject.",
                "Design: static. A participant starts the instrument within \(months(window)) of inflow; the comparison group had no trajectory in those \(months(window)). Outcomes are measured from inflow. This design is prone to survivor bias: those who leave quickly on their own get a trajectory less often."))
        var est = t("Schatter: \(estimator(m.estimator))", "Estimator: \(estimator(m.estimator))")
        if m.estimator == "psm" {
            est += t(", \(m.ratio) controle\(m.ratio == 1 ? "" : "s") per deelnemer", ", \(m.ratio) control\(m.ratio == 1 ? "" : "s") per participant")
            est += m.replacement ? t(", met teruglegging", ", with replacement") : t(", zonder teruglegging", ", without replacement")
            est += m.caliper.map { t(", caliper \(number($0, 2)) standaarddeviatie van de score", ", caliper \(number($0, 2)) standard deviations of the score") }
                ?? t(", zonder caliper", ", no caliper")
            if m.biasAdjustment { est += t("; elke match gecorrigeerd met een lineair uitkomstmodel van de controles (Abadie & Imbens 2011)", "; each match corrected by a linear outcome model of the controls (Abadie & Imbens 2011)") }
        } else {
            est += m.trim > 0 ? t(", scores buiten [\(number(m.trim, 2)); \(number(1 - m.trim, 2))] weggelaten", ", scores outside [\(number(m.trim, 2)); \(number(1 - m.trim, 2))] left out")
                : t(", zonder afkappen van scores", ", no trimming of scores")
        }
        lines.append(est + ". " + t("De propensityscore komt uit een logistisch model per subgroep.", "The propensity score comes from a logistic model per subgroup."))
        lines.append(t("Schattingsdoel: \(estimand(m.estimand)).", "Estimand: \(estimand(m.estimand))."))
        lines.append(t("Uitkomsten: uit de uitkering na en maanden uit de uitkering binnen ", "Outcomes: out of benefit after, and months out of benefit within, ")
                     + m.horizons.map(months).joined(separator: t(" en ", " and ")) + ".")
        if !m.covariates.isEmpty {
            lines.append(t("Kenmerken in het model: ", "Characteristics in the model: ") + m.covariates.map(covariate).joined(separator: "; ") + ".")
        }
        lines.append(m.subgroups.isEmpty ? t("Subgroepen: geen.", "Subgroups: none.")
                     : t("Subgroepen: ", "Subgroups: ") + m.subgroups.map(dimension).joined(separator: ", ") + ". " + m.subgroups.map(formation).joined(separator: " "))
        lines.append(t("Een subgroep met minder dan \(count(m.minimumCell)) deelnemers of controles wordt niet geschat.",
                       "A subgroup with fewer than \(count(m.minimumCell)) participants or controls is not estimated."))
        lines.append(t("Aanname: gegeven deze kenmerken hangt de start van een traject niet samen met de uitkomst zonder traject (selectie op waarneembare kenmerken). Ongemeten verschillen (motivatie, gezondheid) kunnen de effecten vertekenen.",
                       "Assumption: given these characteristics, starting a trajectory is unrelated to the outcome without it (selection on observables). Unmeasured differences (motivation, health) can bias the effects."))
        lines.append(t("‘Uit de uitkering’ is niet hetzelfde als ‘aan het werk’: uitstroomredenen zijn vaak niet geregistreerd.",
                       "‘Out of benefit’ is not ‘in work’: end reasons are often not registered."))
        lines.append(t("Wie niet gevolgd kan worden tot de horizon, telt niet mee voor ‘uit de uitkering na h maanden’ (hun aantal staat bij de effecten). Voor ‘maanden uit de uitkering’ tellen zij mee met de maanden waarin ze gevolgd zijn, elke maand gewogen naar het deel van hun instroomjaar dat dan nog gevolgd wordt.",
                       "Persons who cannot be followed to the horizon are left out of ‘out of benefit after h months’ (their number is shown with the effects). For ‘months out of benefit’ they count with the months they were followed, each month weighted by the share of their inflow year still followed then."))
        return lines
    }
}
