import Foundation

/// Locale-independent number formatting for reports (a Dutch locale must not turn
/// 0.5 into "0,5" in a JSON or CSV file by accident).
public enum NumberFormatting {
    /// `%.{digits}g`-style significant digits.
    public static func significant(_ x: Double, _ digits: Int = 4) -> String {
        let x = x == 0 ? 0 : x // no "-0"
        guard x.isFinite else { return x.isNaN ? "NA" : (x > 0 ? "Inf" : "-Inf") }
        return String(format: "%.\(digits)g", locale: Locale(identifier: "en_US_POSIX"), x).lowercased()
    }

    /// Fixed decimals.
    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        let x = x == 0 ? 0 : x // no "-0"
        guard x.isFinite else { return x.isNaN ? "NA" : (x > 0 ? "Inf" : "-Inf") }
        return String(format: "%.\(decimals)f", locale: Locale(identifier: "en_US_POSIX"), x)
    }

    /// Whole euros with thousands separators: "€ 2,968,812" (English grouping, as the
    /// rest of the English output; Dutch text uses its own renderer).
    public static func euros(_ x: Double) -> String {
        let digits = fixed(abs(x).rounded(), 0)
        var grouped = ""
        for (k, c) in digits.reversed().enumerated() {
            if k > 0 && k % 3 == 0 { grouped.append(",") }
            grouped.append(c)
        }
        return (x.rounded() < 0 ? "-€ " : "€ ") + String(grouped.reversed())
    }

    /// A number formatted by `fixed` or `euros` in Dutch notation: decimal comma and
    /// thousands dots ("2,968,812.5" → "2.968.812,5").
    public static func dutch(_ english: String) -> String {
        String(english.map { $0 == "." ? "," : $0 == "," ? "." : $0 })
    }

    /// p-values as R prints them: "<2e-16" below machine precision.
    public static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "NA" }
        return p < 2e-16 ? "<2e-16" : significant(p, 3)
    }

    /// R's significance stars.
    public static func stars(_ p: Double) -> String {
        guard p.isFinite else { return "" }
        switch p {
        case ..<0.001: return "***"
        case ..<0.01: return "**"
        case ..<0.05: return "*"
        case ..<0.1: return "."
        default: return ""
        }
    }

    /// Pads to a width, right-aligned.
    public static func right(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// Pads to a width, left-aligned.
    public static func left(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}

extension NumberFormatting {
    /// A number at full precision: Swift's shortest form that reads back to the same double
    /// (`15.341548821919861`, `1e-05`); what every CSV reval writes carries.
    public static func roundTrip(_ x: Double) -> String { x.description }
}
