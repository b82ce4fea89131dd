/// The report's fixed wording in Dutch (default for Dutch municipalities) and English.
struct ReportText {
    let dutch: Bool
    func t(_ nl: String, _ en: String) -> String { dutch ? nl : en }

    /// Numbers as the report's language writes them: 11,0 and € 2.968.812 in Dutch, 11.0 and € 2,968,812 in English.
    func number(_ x: Double, _ decimals: Int) -> String { localized(NumberFormatting.fixed(x, decimals)) }
    func euros(_ x: Double) -> String { localized(NumberFormatting.euros(x)) }
    /// A number (or share) formatted in English notation, in the report's notation.
    func localized(_ english: String) -> String { dutch ? NumberFormatting.dutch(english) : english }

    var sampleTitle: String { t("Gegevens en selectie", "Data and sample") }
    var outflowTitle: String { t("Uitstroom binnen een jaar", "Outflow within a year") }
    var useTitle: String { t("Inzet van instrumenten", "Use of instruments") }
    var effectsTitle: String { t("Effecten van instrumenten", "Effects of instruments") }
    var appliedTitle: String { t("Wat levert re-integratie op?", "What does re-integration yield?") }
    var financeTitle: String { t("Kosten en terugverdienen", "Costs and break-even") }
    var methodsTitle: String { t("Werkwijze en beperkingen", "Method and limitations") }
    var disclosureTitle: String { t("Bescherming van persoonsgegevens", "Disclosure control") }

    /// The estimand's description in the report's language.
    func estimand(_ english: String) -> String {
        guard dutch else { return english }
        if english.hasPrefix("now-vs-waiting") {
            return "nu versus wachten (effect op de deelnemers; controles hadden in maand τ nog geen traject en kunnen later een traject krijgen; Sianesi 2004)"
        }
        if english.hasPrefix("now-vs-never") {
            return "nu versus nooit (effect op de deelnemers; controles die later een traject beginnen tellen tot dat moment mee en worden herwogen naar de kans zonder traject te blijven)"
        }
        return english
    }

    /// The application notes in Dutch (the English ones come from `AppliedEffects.notes`).
    var appliedNotesDutch: [String] {
        ["Aantallen per instrument: wie twee instrumenten kreeg, telt bij beide mee en de effecten worden opgeteld (zoals bijlage B van het rapport van 2015).",
         "Per instrument afgerond op één decimaal; totalen zijn sommen van afgeronde getallen, zoals in bijlage B. De onafgeronde waarden staan in results.json.",
         "Uit de uitkering is niet hetzelfde als aan het werk.",
         "Cellen die de bron leeg laat (‘not_reported’) worden niet als nul gelezen maar vervangen door het gemiddelde effect van het instrument; ‘geen verschil’ telt als 0. Welke cellen dat zijn, staat in results.json (fell_back_to_average)."]
    }

    func methods(design: String, method: String, estimand: String) -> [String] {
        [
            t("Ontwerp: \(design == "dynamic" ? "dynamisch (Sianesi 2004): wie in maand τ na instroom een traject begint, wordt vergeleken met wie in maand τ nog een uitkering heeft en nog geen traject kreeg" : "statisch: wie binnen het venster een traject begint tegenover wie dat niet doet (gevoelig voor overlevingsbias)"). Schatter: \(method). Schattingsdoel: \(estimand).",
              "Design: \(design == "dynamic" ? "dynamic (Sianesi 2004): a person starting a trajectory in month τ after inflow is compared with persons still on benefit in month τ and not yet treated" : "static: treated within the window against not treated (prone to survivor bias)"). Estimator: \(method). Estimand: \(estimand)."),
            t("Aanname: gegeven de kenmerken bij instroom, het instroomjaar en de uitkeringsgeschiedenis tot τ hangt de start van een traject niet samen met de uitkomst zonder traject (selectie op waarneembare kenmerken). Ongemeten verschillen (motivatie, gezondheid) kunnen de effecten vertekenen.",
              "Assumption: given characteristics at inflow, inflow year and benefit history up to τ, starting a trajectory is unrelated to the outcome without it (selection on observables). Unmeasured differences (motivation, health) can bias the effects."),
            t("‘Uit de uitkering’ is niet hetzelfde als ‘aan het werk’: uitstroomredenen zijn vaak niet geregistreerd (aanbeveling 1 van de Rekenkamercommissie Leiden).",
              "‘Out of benefit’ is not ‘in work’: end reasons are often not registered (recommendation 1 of the Leiden audit)."),
            t("Personen zonder voldoende follow-up tot τ + horizon tellen niet mee voor ‘uit de uitkering na h maanden’; hun aantal staat bij de effecten. Voor ‘maanden uit de uitkering’ tellen zij mee met de maanden waarin ze gevolgd zijn, elke maand gewogen naar het deel van hun instroomjaar dat dan nog gevolgd wordt.",
              "Persons without follow-up to τ + horizon are left out of ‘out of benefit after h months’; their number is shown with the effects. For ‘months out of benefit’ they count with the months they were followed, each month weighted by the share of their inflow year still followed then."),
            t("De opbrengstberekening telt, zoals bijlage B van het rapport van 2015, iemand met twee instrumenten bij beide mee en telt de effecten op.",
              "The yield calculation counts, as appendix B of the 2015 report does, a person with two instruments in both and adds the effects."),
        ]
    }
}
