/// Small self-contained SVG charts (no scripts, no external fonts), deterministic to the byte.
///
/// Written by hand: no charting package is on the machine, and the report must be one
/// offline HTML file whose bytes do not change between runs.
public enum SVGCharts {
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
    static func f(_ x: Double) -> String { NumberFormatting.fixed(x, 1) }

    static func frame(width: Int, height: Int, title: String, body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(esc(title))\" font-family=\"sans-serif\" font-size=\"12\">\n"
            + "<title>\(esc(title))</title>\n<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
            + "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(esc(title))</text>\n" + body + "</svg>\n"
    }

    /// Horizontal bars of percentages; nil values (suppressed) are drawn as a label only.
    public static func bars(title: String, items: [(label: String, percent: Double?, note: String)]) -> String {
        let width = 640, rowH = 24, top = 32, labelW = 190, barMax = 360.0
        var body = ""
        for (k, item) in items.enumerated() {
            let y = top + k * rowH
            body += "<text x=\"10\" y=\"\(y + 16)\">\(esc(item.label))</text>\n"
            if let p = item.percent {
                let w = max(1.0, barMax * min(p, 100) / 100)
                body += "<rect x=\"\(labelW)\" y=\"\(y + 4)\" width=\"\(f(w))\" height=\"16\" fill=\"#2b6cb0\"/>\n"
                body += "<text x=\"\(f(Double(labelW) + w + 6))\" y=\"\(y + 16)\">\(esc(item.note))</text>\n"
            } else {
                body += "<text x=\"\(labelW)\" y=\"\(y + 16)\" fill=\"#666666\">\(esc(item.note))</text>\n"
            }
        }
        return frame(width: width, height: top + items.count * rowH + 10, title: title, body: body)
    }

    /// Estimates with 95 % intervals around a zero line (forest plot).
    /// `label` writes the numbers shown (in the report's notation); coordinates always use a decimal point.
    public static func forest(title: String, unit: String, items: [(label: String, estimate: Double, low: Double, high: Double)],
                              label: (Double) -> String) -> String {
        let width = 680, rowH = 22, top = 40, labelW = 230, plotW = 380.0
        let lo = min(0, items.map(\.low).min() ?? 0), hi = max(0, items.map(\.high).max() ?? 1)
        let span = max(hi - lo, 1e-9)
        func x(_ v: Double) -> Double { Double(labelW) + (v - lo) / span * plotW }
        var body = "<text x=\"\(labelW)\" y=\"34\" fill=\"#444444\">\(esc(unit))</text>\n"
        let bottom = top + items.count * rowH
        body += "<line x1=\"\(f(x(0)))\" y1=\"\(top - 4)\" x2=\"\(f(x(0)))\" y2=\"\(bottom)\" stroke=\"#999999\" stroke-dasharray=\"4 3\"/>\n"
        for (k, item) in items.enumerated() {
            let y = top + k * rowH + 11
            body += "<text x=\"10\" y=\"\(y + 4)\">\(esc(item.label))</text>\n"
            body += "<line x1=\"\(f(x(item.low)))\" y1=\"\(y)\" x2=\"\(f(x(item.high)))\" y2=\"\(y)\" stroke=\"#2b6cb0\" stroke-width=\"2\"/>\n"
            body += "<circle cx=\"\(f(x(item.estimate)))\" cy=\"\(y)\" r=\"4\" fill=\"#2b6cb0\"/>\n"
            body += "<text x=\"\(f(Double(labelW) + plotW + 8))\" y=\"\(y + 4)\">\(label(item.estimate)) [\(label(item.low)); \(label(item.high))]</text>\n"
        }
        body += "<text x=\"\(f(x(lo)))\" y=\"\(bottom + 14)\" text-anchor=\"middle\">\(label(lo))</text><text x=\"\(f(x(hi)))\" y=\"\(bottom + 14)\" text-anchor=\"middle\">\(label(hi))</text>\n"
        return frame(width: width + 120, height: bottom + 24, title: title, body: body)
    }

    /// Absolute standardised mean differences before (open) and after (filled) adjustment (love plot).
    public static func love(title: String, items: [(label: String, before: Double, after: Double)], label: (Double) -> String) -> String {
        let width = 640, rowH = 20, top = 40, labelW = 230, plotW = 360.0
        let maxV = max(0.25, items.map { max(abs($0.before), abs($0.after)) }.max() ?? 0.25)
        func x(_ v: Double) -> Double { Double(labelW) + abs(v) / maxV * plotW }
        let bottom = top + items.count * rowH
        var body = "<line x1=\"\(f(x(0.1)))\" y1=\"\(top - 6)\" x2=\"\(f(x(0.1)))\" y2=\"\(bottom)\" stroke=\"#c53030\" stroke-dasharray=\"4 3\"/>\n"
        body += "<text x=\"\(f(x(0.1) + 4))\" y=\"34\" fill=\"#c53030\">\(label(0.1))</text>\n"
        for (k, item) in items.enumerated() {
            let y = top + k * rowH + 10
            body += "<text x=\"10\" y=\"\(y + 4)\">\(esc(item.label))</text>\n"
            body += "<circle cx=\"\(f(x(item.before)))\" cy=\"\(y)\" r=\"4\" fill=\"none\" stroke=\"#555555\"/>\n"
            body += "<circle cx=\"\(f(x(item.after)))\" cy=\"\(y)\" r=\"4\" fill=\"#2b6cb0\"/>\n"
        }
        return frame(width: width, height: bottom + 16, title: title, body: body)
    }

    /// The outflow flow of 004 figure 2.4 as boxes: inflow → within a year (spontaneous ≤ 7 weeks, after 7 weeks; after a trajectory) → still on benefit.
    public static func flow(title: String, boxes: [(column: Int, row: Int, label: String, value: String)]) -> String {
        let boxW = 190, boxH = 46, colGap = 30, rowGap = 14, top = 34
        var body = ""
        let rowsPerColumn = Dictionary(grouping: boxes, by: \.column).mapValues { $0.count }
        for b in boxes {
            let x = 10 + b.column * (boxW + colGap), y = top + b.row * (boxH + rowGap)
            body += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(boxW)\" height=\"\(boxH)\" rx=\"6\" fill=\"#ebf4ff\" stroke=\"#2b6cb0\"/>\n"
            body += "<text x=\"\(x + 8)\" y=\"\(y + 18)\">\(esc(b.label))</text>\n<text x=\"\(x + 8)\" y=\"\(y + 36)\" font-weight=\"bold\">\(esc(b.value))</text>\n"
            if b.column > 0 {
                body += "<line x1=\"\(x - colGap)\" y1=\"\(top + boxH / 2)\" x2=\"\(x)\" y2=\"\(y + boxH / 2)\" stroke=\"#999999\"/>\n"
            }
        }
        let maxRows = rowsPerColumn.values.max() ?? 1, columns = (boxes.map(\.column).max() ?? 0) + 1
        return frame(width: 20 + columns * (boxW + colGap), height: top + maxRows * (boxH + rowGap) + 6, title: title, body: body)
    }
}
