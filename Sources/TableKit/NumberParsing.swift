import Foundation

/// Locale-independent number parsing from raw bytes.
enum NumberParsing {
    /// Parses `[-+]digits[.,digits][e±digits]`, surrounded by optional spaces.
    /// A decimal comma is accepted only when `decimalComma` (the file's delimiter is
    /// not a comma). Thousands separators are rejected rather than guessed: "1.234"
    /// could be 1234 or 1.234, and guessing wrong loses a factor of a thousand.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Double? {
        var lo = 0, hi = b.count
        while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
        while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
        if lo == hi || hi - lo > 63 { return nil }
        let length = hi - lo
        // A stack buffer: this runs once per numeric field, 10⁷ times on a large file.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buf -> Double? in
            var sawSeparator = false, sawDigit = false
            for k in lo..<hi {
                var c = b[k]
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
                case UInt8(ascii: "."):
                    if sawSeparator { return nil }
                    sawSeparator = true
                case UInt8(ascii: ","):
                    if !decimalComma || sawSeparator { return nil }
                    sawSeparator = true
                    c = UInt8(ascii: ".")
                case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"): break
                default: return nil
                }
                buf[k - lo] = CChar(bitPattern: c)
            }
            if !sawDigit { return nil }
            buf[length] = 0
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(buf.baseAddress!, &end)
            return end == buf.baseAddress! + length ? v : nil
        }
    }
}
