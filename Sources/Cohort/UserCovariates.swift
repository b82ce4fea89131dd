import TableKit

/// One column of the benefits export that the user named as a covariate (`reval link
/// --covariates`, `covariates = [...]` in the config), with a person's value at inflow.
public struct NamedCovariate: Sendable, Equatable {
    /// The column's name in the cohort file (after `covariate_`): the export's header in lower
    /// case, every run of other characters than a–z and 0–9 as one `_` (`Migratie-achtergrond`
    /// → `migratie_achtergrond`).
    public let name: String
    /// The value on the row of the cohort spell; nil when missing. Numbers are written the
    /// canonical way (`3.5`, `12`), whatever the export's notation.
    public let value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

/// The rules for user-named covariates, shared by linkage (which carries the columns into the
/// cohort file) and estimation (which turns them into model columns), so both read a value the
/// same way.
///
/// - **At inflow.** The value is the one on the export row of the cohort spell (its first row
///   when split records were merged). A person whose value differs on other spells keeps the
///   value at inflow: a later value may already reflect the treatment, an earlier one is out of
///   date. A missing value at inflow stays missing; it is not filled in from another spell.
/// - **Missing.** Empty, and every text that R's `read.csv` or pandas' `read_csv` read as
///   missing (`NA`, `N/A`, `NaN`, `NULL`, `None`, `#N/A`, …): reval, R and pandas then agree.
/// - **Numeric or categorical, by content.** A column is numeric when every value present is a
///   number (decimal point or, in a file not separated by commas, decimal comma) written
///   without a leading zero (`0546` is a code, not 546); a column of only `true`/`false` (or
///   `T`/`F`, any case) is numeric 1/0, as R and pandas read it. Anything else is categorical.
public enum UserCovariates {
    /// The cohort file's column prefix of a user-named covariate.
    public static let columnPrefix = "covariate_"

    /// The covariate name of an export header or a name the user gives: lower case, runs of
    /// anything but a–z and 0–9 as one `_`, no `_` at either end.
    public static func name(_ text: String) -> String {
        var out = "", separator = false
        for ch in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(ch) || ("0"..."9").contains(ch) {
                if separator && !out.isEmpty { out.append("_") }
                separator = false
                out.unicodeScalars.append(ch)
            } else {
                separator = true
            }
        }
        return out
    }

    /// Texts R or pandas read as missing by default (pandas' `na_values` and R's "NA").
    static let missingTexts: Set<String> = ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
                                             "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null", "na", "Na", "NAN", "none", "Null"]

    /// The value of a field as a covariate: trimmed, nil when missing.
    public static func value(_ text: String) -> String? {
        let t = String(text.trimmingWhitespace())
        return missingTexts.contains(t) ? nil : t
    }

    static let booleans: [String: Double] = ["true": 1, "t": 1, "false": 0, "f": 0]

    /// A value as a number, or nil when it is not one: a decimal number without a leading zero
    /// (`0546` is a code); `decimalComma` accepts `3,5`.
    public static func number(_ text: String, decimalComma: Bool = false) -> Double? {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard let first = digits.first, first.isASCII, first.isNumber || first == "." else { return nil }
        if first == "0", let second = digits.dropFirst().first, second.isNumber { return nil }
        let plain = decimalComma ? text.replacingOccurrences(of: ",", with: ".") : text
        guard plain.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), let v = Double(plain), v.isFinite else { return nil }
        return v
    }

    /// The numbers of a column when it is numeric (see the type's rules; `true`/`false` as 1/0),
    /// in the order of `values`, nil for a missing value; nil when the column is categorical.
    public static func numbers(_ values: [String?], decimalComma: Bool = false) -> [Double?]? {
        let present = values.compactMap { $0 }
        if !present.isEmpty, present.allSatisfy({ booleans[$0.lowercased()] != nil }) {
            return values.map { $0.map { booleans[$0.lowercased()]! } }
        }
        var out = [Double?]()
        out.reserveCapacity(values.count)
        for v in values {
            guard let v else { out.append(nil); continue }
            guard let x = number(v, decimalComma: decimalComma) else { return nil }
            out.append(x)
        }
        return out
    }

    /// A number as the cohort file writes it: whole numbers without a decimal point, others in
    /// Swift's shortest form that reads back to the same double.
    public static func text(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
