/// Text from input files and the command line is echoed in one-line messages; a control
/// character in it (an escape sequence, a carriage return) must not act on the terminal
/// or break the line.
extension String {
    /// The text with every control character (C0, DEL, C1) written as `\xHH`, or
    /// `\u{HHHH}` above 0xFF, so `"a\u{1B}[31m"` reads `a\x1b[31m`.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: Self.isControl) else { return self }
        var out = ""
        for s in unicodeScalars {
            if Self.isControl(s) {
                let hex = String(s.value, radix: 16)
                out += s.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            } else {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// The text as one CSV field (RFC 4180): quoted, with quotes doubled, when it holds a
    /// comma, a quote or a line break; as it is otherwise.
    public var csvField: String {
        contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + replacingOccurrences(of: "\"", with: "\"\"") + "\"" : self
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value <= 0x9F) || s.value == 0x2028 || s.value == 0x2029
    }
}

/// Edit distance for "did you mean" hints.
public enum TextDistance {
    /// Levenshtein distance between two strings (by characters).
    public static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// The candidate nearest to `text` (case-insensitive), if it is a near spelling: at most
    /// a third of the longer word's letters differ (so "metod" → "method", never "seed" → "title").
    public static func nearSpelling(of text: String, among candidates: [String]) -> String? {
        let t = text.lowercased()
        var best: (String, Int)?
        for c in candidates {
            let d = levenshtein(t, c.lowercased())
            if d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        guard let (c, d) = best, d > 0, d <= max(1, max(t.count, c.count) / 3) else { return nil }
        return c
    }
}

extension String {
    /// The text without the spaces at its end (a padded last column of a text table).
    public func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
