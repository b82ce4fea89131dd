import Cohort
import TableKit

/// The report's fixed wording in Dutch (default for Dutch municipalities) and English, and
/// its notation of numbers and dates. Labels of codes are in `ReportLabels.swift`, the method
/// as run in `MethodText.swift`.
struct ReportText {
    let dutch: Bool
    func t(_ nl: String, _ en: String) -> String { dutch ? nl : en }

    /// Numbers as the report's language writes them: 11,0 and € 2.968.812 in Dutch, 11.0 and € 2,968,812 in English.
    func number(_ x: Double, _ decimals: Int) -> String { localized(Self.grouped(NumberFormatting.fixed(x, decimals))) }
    func euros(_ x: Double) -> String { localized(NumberFormatting.euros(x)) }
    /// A count with thousands separators: 5.571 (Dutch), 5,571 (English).
    func count(_ n: Int) -> String { number(Double(n), 0) }
    /// A number (or share) formatted in English notation, in the report's notation.
    func localized(_ english: String) -> String { dutch ? NumberFormatting.dutch(english) : english }

    /// "12345.6" → "12,345.6": English grouping of the integer part of a fixed-point number.
    static func grouped(_ fixed: String) -> String {
        let negative = fixed.hasPrefix("-")
        let body = negative ? fixed.dropFirst() : Substring(fixed)
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var out = ""
        for (k, c) in parts[0].reversed().enumerated() {
            if k > 0 && k % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (negative ? "-" : "") + String(out.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
    }

    static let dutchMonths = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// "30 juni 2014" / "30 June 2014"; the text itself when it is not a date.
    func date(_ s: String) -> String {
        guard let d = CivilDate.parse(s) else { return s }
        return "\(d.day) \((dutch ? Self.dutchMonths : Self.englishMonths)[d.month - 1]) \(d.year)"
    }

    /// "maart 2012" / "March 2012".
    func month(_ s: String) -> String {
        guard let d = CivilDate.parse(s) else { return s }
        return "\((dutch ? Self.dutchMonths : Self.englishMonths)[d.month - 1]) \(d.year)"
    }

    /// "24 maanden" / "24 months" ("1 maand").
    func months(_ n: Int) -> String { "\(count(n)) " + (n == 1 ? t("maand", "month") : t("maanden", "months")) }

    /// An interval "[2,9; 14,5]", or nil when an end is missing.
    func interval(_ low: Double?, _ high: Double?, _ decimals: Int) -> String? {
        guard let low, let high else { return nil }
        return "[\(number(low, decimals)); \(number(high, decimals))]"
    }

    var summaryTitle: String { t("Samenvatting", "Summary") }
    var sampleTitle: String { t("Gegevens en selectie", "Data and sample") }
    var outflowTitle: String { t("Uitstroom binnen een jaar", "Outflow within a year") }
    var useTitle: String { t("Inzet van instrumenten", "Use of instruments") }
    var effectsTitle: String { t("Effecten van instrumenten", "Effects of instruments") }
    var warningsTitle: String { t("Waarschuwingen bij de schattingen", "Warnings on the estimates") }
    var appliedTitle: String { t("Wat levert re-integratie op?", "What does re-integration yield?") }
    var financeTitle: String { t("Kosten en terugverdienen", "Costs and break-even") }
    var methodsTitle: String { t("Werkwijze zoals uitgevoerd", "Method as run") }
    var disclosureTitle: String { t("Bescherming van persoonsgegevens", "Disclosure control") }
}
