/// A calendar date without time or time zone, as municipal exports give them.
///
/// Written by hand instead of Foundation's `Calendar`: parsing ten million dates must
/// be fast, and date arithmetic must not depend on the machine's time zone or locale.
/// Day numbers use the proleptic Gregorian calendar (days since 1970-01-01).
public struct CivilDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year, month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO form YYYY-MM-DD.
    public var description: String {
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (inverse of `dayNumber`).
    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// The same day `n` months later, clamped to the month's length (31 Jan + 1 month = 28/29 Feb).
    public func addingMonths(_ n: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return CivilDate(year: y, month: m, day: min(day, Self.daysInMonth(y, m)))!
    }

    public func addingDays(_ n: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + n) }

    /// Whole months from `self` to `later` counted on anniversaries: the largest n with
    /// self + n months ≤ later (negative when `later` is earlier).
    public func wholeMonths(to later: CivilDate) -> Int {
        var n = (later.year - year) * 12 + (later.month - month)
        if addingMonths(n) > later { n -= 1 }
        return n
    }

    /// Whole years from `self` to `later` (age at a date).
    public func wholeYears(to later: CivilDate) -> Int {
        let months = wholeMonths(to: later)
        return months >= 0 ? months / 12 : -((-months + 11) / 12)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Parses `YYYY-MM-DD`, `DD-MM-YYYY`, `D-M-YYYY` and `DD/MM/YYYY` (also `D/M/YYYY`).
    /// Returns nil for anything else, including impossible dates such as 31-02-2012.
    public static func parse(_ s: String) -> CivilDate? {
        var s = s
        return s.withUTF8 { parse(bytes: $0) }
    }

    /// As `parse(_:)`, straight from bytes (surrounding spaces allowed).
    public static func parse(bytes raw: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        var lo = 0, hi = raw.count
        while lo < hi && raw[lo] == 0x20 { lo += 1 }
        while hi > lo && raw[hi - 1] == 0x20 { hi -= 1 }
        let u = UnsafeBufferPointer(rebasing: raw[lo..<hi])
        guard u.count >= 8 && u.count <= 10 else { return nil }
        var parts = (0, 0, 0), lengths = (0, 0, 0), count = 0
        var current = 0, digits = 0, separator: UInt8 = 0
        func store() -> Bool {
            switch count {
            case 0: parts.0 = current; lengths.0 = digits
            case 1: parts.1 = current; lengths.1 = digits
            case 2: parts.2 = current; lengths.2 = digits
            default: return false
            }
            count += 1; current = 0; digits = 0
            return true
        }
        for c in u {
            if c >= 48 && c <= 57 {
                current = current * 10 + Int(c - 48); digits += 1
            } else if c == UInt8(ascii: "-") || c == UInt8(ascii: "/") {
                if separator == 0 { separator = c } else if c != separator { return nil }
                guard digits > 0, store() else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, store(), count == 3 else { return nil }
        if lengths.0 == 4 && separator == UInt8(ascii: "-") && lengths.1 == 2 && lengths.2 == 2 {
            return CivilDate(year: parts.0, month: parts.1, day: parts.2)
        }
        if lengths.2 == 4 && lengths.0 <= 2 && lengths.1 <= 2 {
            return CivilDate(year: parts.2, month: parts.1, day: parts.0)
        }
        return nil
    }
}
