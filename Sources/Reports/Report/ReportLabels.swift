import Cohort
import Effects

/// Words for the codes the estimates and the cohort use (`out_of_benefit`, `education=high`,
/// `worked_1_6`), so no code reaches a reader untranslated; an id only a codes file knows is
/// written with spaces for its underscores.
extension ReportText {
    private static let instruments: [String: (nl: String, en: String)] = [
        "active_mediation": ("actieve bemiddeling", "active mediation"), "matching": ("gerichte matching", "job matching"),
        "job_search_training": ("sollicitatietraining", "job-search training"), "aftercare": ("nazorg", "aftercare"),
        "schooling": ("scholing", "schooling"), "wage_subsidy": ("opstapsubsidie", "temporary wage subsidy"),
        "supply_strengthening": ("aanbodversterking", "supply strengthening"), "no_risk_policy": ("no-riskpolis", "no-risk policy"),
        "participation_centre": ("participatiecentrum", "participation centre"),
        "placement_pps": ("plaatsing via publiek-private samenwerking", "placement through a public-private partnership"),
    ]

    func instrument(_ id: String) -> String {
        Self.instruments[id].map { t($0.nl, $0.en) } ?? id.replacingOccurrences(of: "_", with: " ")
    }

    func outcome(_ id: String) -> String {
        switch id {
        case "out_of_benefit": return t("uit de uitkering", "out of benefit")
        case "months_out_of_benefit": return t("maanden uit de uitkering", "months out of benefit")
        case "out_to_work": return t("uitgestroomd naar werk", "left benefit for work")
        case "durably_out_of_benefit": return t("duurzaam uit de uitkering", "durably out of benefit")
        case "reentry_within_12_months": return t("binnen 12 maanden terug in de uitkering", "back on benefit within 12 months")
        default: return id.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// The unit of an outcome's effect.
    func unit(_ outcome: String) -> String {
        outcome == "months_out_of_benefit" ? t("maanden per deelnemer", "months per participant") : t("procentpunt", "percentage points")
    }

    func dimension(_ id: String) -> String {
        switch id {
        case "education": return t("opleiding", "education")
        case "age": return t("leeftijd", "age")
        case "work_history": return t("werkverleden", "work history")
        case "sex": return t("geslacht", "sex")
        case "all": return t("iedereen", "everyone")
        default: return id.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// A subgroup cell in words: "hoog opgeleid", "25–44 jaar", "iedereen".
    /// A specification of the sensitivity table (`SensitivityRow.specification`) in the report's language.
    func sensitivity(_ specification: String) -> String {
        switch specification {
        case "caliper 0.1 SD": return t("caliper 0,1 SD", "caliper 0.1 SD")
        case "caliper 0.2 SD": return t("caliper 0,2 SD", "caliper 0.2 SD")
        case "no caliper": return t("geen caliper", "no caliper")
        case "1 nearest neighbour": return t("1 dichtstbijzijnde controle", "1 nearest neighbour")
        case "5 nearest neighbours": return t("5 dichtstbijzijnde controles", "5 nearest neighbours")
        case "scores trimmed to the controls' 1st-99th percentile":
            return t("scores buiten het 1e–99e percentiel van de controles weggelaten", "scores trimmed to the controls' 1st–99th percentile")
        default: return specification
        }
    }

    func group(_ dimension: String, _ subgroup: String) -> String {
        switch (dimension, subgroup) {
        case ("all", _): return t("iedereen", "everyone")
        case ("education", "low"): return t("laag opgeleid", "low education")
        case ("education", "high"): return t("hoog opgeleid", "high education")
        case ("education", _): return t("opleiding onbekend", "education unknown")
        case ("work_history", "worked_24m"): return t("gewerkt in 24 maanden voor instroom", "worked in the 24 months before inflow")
        case ("work_history", _): return t("niet gewerkt in 24 maanden voor instroom", "not worked in the 24 months before inflow")
        case ("sex", "F"): return t("vrouw", "women")
        case ("sex", "M"): return t("man", "men")
        case ("age", let band): return band.replacingOccurrences(of: "-", with: "–") + t(" jaar", " years")
        default: return "\(self.dimension(dimension)): \(subgroup)"
        }
    }

    /// How the groups of a dimension were formed, in one sentence.
    func formation(_ dimension: String) -> String {
        switch dimension {
        case "education":
            let levels = { (g: String) in EducationLevel.allCases.filter { $0.group == g }.map { $0 == .mbo1 ? "MBO niveau 1" : $0 == .mbo ? "MBO niveau 2–4" : $0.rawValue } }
            let low = levels("low").joined(separator: ", "), high = levels("high").joined(separator: ", ")
            return t("Opleiding: laag opgeleid = \(low); hoog opgeleid = \(high); opleiding onbekend = geen opleiding geregistreerd.",
                     "Education: low = \(low); high = \(high); unknown = no education registered.")
        case "age": return t("Leeftijd bij instroom: 18–24, 25–44, 45–54 en 55 jaar of ouder.", "Age at inflow: 18–24, 25–44, 45–54 and 55 or older.")
        case "work_history":
            return t("Werkverleden: gewerkt = ten minste één maand gewerkt in de 24 maanden voor instroom.",
                     "Work history: worked = at least one month in work in the 24 months before inflow.")
        case "sex": return t("Geslacht zoals geregistreerd in de uitkeringsgegevens.", "Sex as registered in the benefits data.")
        default: return ""
        }
    }

    /// Why rows were excluded (`inputs.on_error = "exclude"`).
    func exclusionReason(_ id: String) -> String {
        switch id {
        case "malformed_record": return t("onleesbare regel", "malformed row")
        case "missing_value": return t("ontbrekende waarde", "missing value")
        case "invalid_date": return t("ongeldige datum", "invalid date")
        case "end_before_start": return t("einde voor begin", "end before start")
        case "after_extraction_date": return t("na de peildatum", "after the extraction date")
        case "unknown_code": return t("onbekende code", "unknown code")
        case "out_of_range": return t("waarde buiten bereik", "value out of range")
        case "duplicate_spell": return t("dubbele uitkeringsperiode", "duplicate spell")
        case "overlapping_spell": return t("overlappende uitkeringsperiode", "overlapping spell")
        case "trajectory_without_benefits": return t("traject zonder uitkering", "trajectory without benefit")
        default: return id.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// A covariate of the propensity model (or a reference level the balance adds) in words.
    func covariate(_ name: String) -> String {
        func range(_ s: String) -> String { s.replacingOccurrences(of: "_plus", with: "+").replacingOccurrences(of: "_", with: "–") }
        let fixed: [String: (String, String)] = [
            "distance": ("propensityscore", "propensity score"), "female": ("vrouw", "woman"), "male": ("man (referentie)", "man (reference)"),
            "education_high": ("hoog opgeleid", "high education"), "education_unknown": ("opleiding onbekend", "education unknown"),
            "education_low": ("laag opgeleid (referentie)", "low education (reference)"),
            "single_parent": ("alleenstaande ouder", "single parent"), "couple": ("paar", "couple"), "single_or_unknown_household": ("alleenstaand of huishouden onbekend (referentie)", "single or household unknown (reference)"),
            "reentrant": ("eerder in de bijstand", "earlier on benefit"),
            "age_decades_from_40": ("leeftijd (decennia vanaf 40)", "age (decades from 40)"),
            "age_decades_from_40_squared": ("leeftijd (decennia vanaf 40), kwadraat", "age (decades from 40), squared"),
            "months_worked_24m": ("maanden gewerkt in 24 maanden voor instroom", "months worked in the 24 months before inflow"),
            "earlier_spells_beyond_first": ("aantal eerdere uitkeringsperiodes", "number of earlier benefit spells"),
            "inflow_years_since_start": ("instroommoment (jaren)", "time of inflow (years)"),
            "months_on_benefit_before_tau": ("maanden in de uitkering voor de start", "months on benefit before the start"),
            "current_spell_months": ("duur van de lopende uitkering", "duration of the current spell"),
            "left_benefit_before_tau": ("eerder uit de uitkering voor de start", "left benefit before the start"),
            "worked_0": ("0 maanden gewerkt (referentie)", "0 months worked (reference)"),
            "tau_1_3": ("start in maand 1–3 (referentie)", "start in month 1–3 (reference)"),
            "current_spell_12_plus": ("lopende uitkering 12+ maanden (referentie)", "current spell 12+ months (reference)"),
            "age_18_24": ("leeftijd 18–24 (referentie)", "age 18–24 (reference)"),
        ]
        if let f = fixed[name] { return t(f.0, f.1) }
        for (prefix, nl, en) in [("age_", "leeftijd ", "age "), ("worked_", "maanden gewerkt: ", "months worked: "), ("tau_", "start in maand ", "start in month "),
                                 ("current_spell_", "lopende uitkering (maanden): ", "current spell (months): "), ("inflow_", "instroom ", "inflow "),
                                 ("education_level_", "opleiding ", "education ")] where name.hasPrefix(prefix) {
            return t(nl, en) + range(String(name.dropFirst(prefix.count)))
        }
        return name.replacingOccurrences(of: "_", with: " ")
    }

    /// The estimand in words.
    func estimand(_ id: String) -> String {
        switch id {
        case "now-vs-waiting":
            return t("nu versus wachten: het effect op de deelnemers van nu starten tegenover (nog) niet starten; de vergelijkingsgroep had in de startmaand nog geen traject en kan later een traject krijgen (Sianesi 2004)",
                     "now versus waiting: the effect on participants of starting now rather than not (yet); the comparison group had no trajectory in the month of the start and may start one later (Sianesi 2004)")
        case "now-vs-never":
            return t("nu versus nooit: het effect op de deelnemers van nu starten tegenover nooit een traject; wie uit de vergelijkingsgroep later toch start, telt tot dat moment mee en de rest wordt herwogen naar de kans zonder traject te blijven",
                     "now versus never: the effect on participants of starting now rather than never; comparison persons who start later count until then, and the others are reweighted by the probability of staying without a trajectory")
        case "static-att":
            return t("effect op de deelnemers (ATT): deelnemers tegenover wie in hetzelfde venster geen traject kreeg",
                     "effect on the participants (ATT): participants against those without a trajectory in the same window")
        case "static-ate":
            return t("gemiddeld effect in de hele groep (ATE): deelnemers en niet-deelnemers samen",
                     "average effect in the whole group (ATE): participants and non-participants together")
        default: return id
        }
    }

    /// The estimand in a few words, for a parenthesis.
    func estimandShort(_ id: String) -> String {
        switch id {
        case "now-vs-waiting": return t("nu versus wachten", "now versus waiting")
        case "now-vs-never": return t("nu versus nooit", "now versus never")
        case "static-att": return t("statisch ontwerp, effect op de deelnemers", "static design, effect on the participants")
        case "static-ate": return t("statisch ontwerp, gemiddeld effect", "static design, average effect")
        default: return id
        }
    }

    func estimator(_ id: String) -> String {
        switch id {
        case "psm": return t("matching op de propensityscore (naaste buur)", "propensity-score matching (nearest neighbour)")
        case "ipw": return t("weging met de inverse van de propensityscore (IPW)", "inverse probability weighting (IPW)")
        case "aipw": return t("dubbel robuuste weging (AIPW)", "doubly robust weighting (AIPW)")
        default: return id
        }
    }
}
