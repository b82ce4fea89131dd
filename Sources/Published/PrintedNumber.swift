import Foundation
import TableKit

/// Reads numbers as Dutch reports print them: "€ 24.729.914", "- € 3.474.535",
/// "€ -3.024.535", "4,0", "0,4%", "2.356", and the occasional English "4.1".
///
/// Rule for the ambiguous point: a "." followed by exactly three digits (and then the
/// end or another separator) is a thousands separator, otherwise a decimal point —
/// "1.090" is 1090, "4.1" is 4.1. A comma is always the decimal separator.
public enum PrintedNumber {
    /// The unit of the last digit printed: 0.1 for "11,1" or "4.1", 1 for "2.356", "42%" or "€ 906.000".
    /// A printed number matches a computation within half of it, whatever the source meant by trailing zeros.
    public static func unit(_ text: String) -> Double? {
        guard parse(text) != nil else { return nil }
        let s = text.filter { $0.isNumber || $0 == "." || $0 == "," }.replacingOccurrences(of: ",-", with: "")
        let decimals: Int
        if let comma = s.lastIndex(of: ",") {
            decimals = s.distance(from: s.index(after: comma), to: s.endIndex)
        } else if let point = s.lastIndex(of: "."), s.filter({ $0 == "." }).count == 1, s.distance(from: s.index(after: point), to: s.endIndex) != 3 {
            decimals = s.distance(from: s.index(after: point), to: s.endIndex)
        } else {
            decimals = 0
        }
        return decimals == 0 ? 1 : 1 / Double(Int(pow(10, Double(decimals))))
    }

    public static func parse(_ text: String) -> Double? {
        var s = text.replacingOccurrences(of: "€", with: "")
            .replacingOccurrences(of: "%", with: "")
            .replacingOccurrences(of: "*", with: "") // footnote markers, as in "210.000*"
            .replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "\u{2212}", with: "-")
            .replacingOccurrences(of: "\u{2010}", with: "-")
        var negative = false
        while let c = s.first, c == "-" || c == "+" {
            if c == "-" { negative.toggle() }
            s.removeFirst()
        }
        if s.hasSuffix(",-") { s.removeLast(2) } // "€ 1.300.000,-"
        guard !s.isEmpty, s.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }) else { return nil }
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty else { return nil }
        let groups = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let isThousands = groups.count > 1 && (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
        var digits: String
        if groups.count == 1 {
            digits = String(parts[0])
        } else if isThousands {
            digits = groups.joined()
        } else if groups.count == 2 && parts.count == 1 {
            digits = String(parts[0]) // an English decimal point, e.g. "4.1"
        } else {
            return nil
        }
        if parts.count == 2 { digits += "." + parts[1] }
        guard let v = Double(digits) else { return nil }
        return negative ? -v : v
    }
}
