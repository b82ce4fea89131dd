import TableKit

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

    /// Absolute standardised mean differences before (open) and after (filled) adjustment (love
    /// plot), with a legend and the 0.1 line. `legend` names the before and after markers.
    public static func love(title: String, items: [(label: String, before: Double, after: Double)], legend: (before: String, after: String),
                            label: (Double) -> String) -> String {
        let width = 740, rowH = 18, top = 56, labelW = 330, plotW = 360.0
        let maxV = max(0.25, items.map { max(abs($0.before), abs($0.after)) }.max() ?? 0.25)
        func x(_ v: Double) -> Double { Double(labelW) + abs(v) / maxV * plotW }
        let bottom = top + items.count * rowH
        var body = "<circle cx=\"\(labelW + 6)\" cy=\"32\" r=\"4\" fill=\"none\" stroke=\"#555555\"/><text x=\"\(labelW + 14)\" y=\"36\">\(esc(legend.before))</text>\n"
        body += "<circle cx=\"\(labelW + 186)\" cy=\"32\" r=\"4\" fill=\"#2b6cb0\"/><text x=\"\(labelW + 194)\" y=\"36\">\(esc(legend.after))</text>\n"
        body += "<line x1=\"\(f(x(0.1)))\" y1=\"\(top - 6)\" x2=\"\(f(x(0.1)))\" y2=\"\(bottom)\" stroke=\"#c53030\" stroke-dasharray=\"4 3\"/>\n"
        body += "<text x=\"\(f(x(0.1) + 4))\" y=\"\(top - 8)\" fill=\"#c53030\">\(label(0.1))</text>\n"
        body += "<line x1=\"\(labelW)\" y1=\"\(bottom)\" x2=\"\(f(Double(labelW) + plotW))\" y2=\"\(bottom)\" stroke=\"#999999\"/>\n"
        body += "<text x=\"\(labelW)\" y=\"\(bottom + 14)\">0</text><text x=\"\(f(Double(labelW) + plotW))\" y=\"\(bottom + 14)\" text-anchor=\"end\">\(label(maxV))</text>\n"
        for (k, item) in items.enumerated() {
            let y = top + k * rowH + 9
            if k % 2 == 0 { body += "<rect x=\"6\" y=\"\(y - 9)\" width=\"\(f(Double(labelW) + plotW - 6))\" height=\"\(rowH)\" fill=\"#f7fafc\"/>\n" }
            body += "<text x=\"10\" y=\"\(y + 4)\">\(esc(item.label))</text>\n"
            body += "<circle cx=\"\(f(x(item.before)))\" cy=\"\(y)\" r=\"4\" fill=\"none\" stroke=\"#555555\"/>\n"
            body += "<circle cx=\"\(f(x(item.after)))\" cy=\"\(y)\" r=\"4\" fill=\"#2b6cb0\"/>\n"
        }
        return frame(width: width, height: bottom + 22, title: title, body: body)
    }

    /// The effect month by month after the start with its pointwise 95 % band (effect path).
    public static func path(title: String, unit: String, points: [(month: Int, estimate: Double, low: Double, high: Double)],
                            monthLabel: (Int) -> String, label: (Double) -> String) -> String {
        let width = 680, height = 310, left = 70.0, right = 650.0, top = 52.0, bottom = 262.0
        let lo = min(0, points.map(\.low).min() ?? 0), hi = max(0, points.map(\.high).max() ?? 1), span = max(hi - lo, 1e-9)
        let lastMonth = Double(points.map(\.month).max() ?? 1)
        func x(_ m: Int) -> Double { left + Double(m) / lastMonth * (right - left) }
        func y(_ v: Double) -> Double { bottom - (v - lo) / span * (bottom - top) }
        var body = "<text x=\"\(f(left))\" y=\"34\" fill=\"#444444\">\(esc(unit))</text>\n"
        let band = points.map { "\(f(x($0.month))),\(f(y($0.high)))" } + points.reversed().map { "\(f(x($0.month))),\(f(y($0.low)))" }
        body += "<polygon points=\"\(band.joined(separator: " "))\" fill=\"#bee3f8\" stroke=\"none\"/>\n"
        body += "<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(right))\" y2=\"\(f(y(0)))\" stroke=\"#999999\" stroke-dasharray=\"4 3\"/>\n"
        body += "<polyline points=\"\(points.map { "\(f(x($0.month))),\(f(y($0.estimate)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2\"/>\n"
        for p in points { body += "<circle cx=\"\(f(x(p.month)))\" cy=\"\(f(y(p.estimate)))\" r=\"3\" fill=\"#2b6cb0\"/>\n" }
        for v in [lo, 0, hi] { body += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(label(v))</text>\n" }
        for p in points where p.month % 6 == 0 || points.count <= 8 {
            body += "<text x=\"\(f(x(p.month)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(esc(monthLabel(p.month)))</text>\n"
        }
        return frame(width: width, height: height, title: title, body: body)
    }

    /// The propensity scores of two groups side by side (overlap): for each a box from the 25th
    /// to the 75th percentile, a line from the 5th to the 95th, the median, and a tick at every
    /// fifth percentile. `groups` hold the percentiles 5, 10, …, 95 (`PropensityOverlap`).
    public static func overlap(title: String, axis: String, groups: [(label: String, percentiles: [Double])], label: (Double) -> String) -> String {
        let width = 680, left = 170.0, right = 650.0, top = 48, rowH = 56
        let lo = 0.0, hi = min(1, max(0.1, (groups.flatMap(\.percentiles).max() ?? 1) * 1.1))
        func x(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * (right - left) }
        var body = ""
        for (k, g) in groups.enumerated() where g.percentiles.count == 19 {
            let p = g.percentiles, y = Double(top + k * rowH), mid = y + 16
            body += "<text x=\"10\" y=\"\(f(mid + 4))\">\(esc(g.label))</text>\n"
            body += "<line x1=\"\(f(x(p[0])))\" y1=\"\(f(mid))\" x2=\"\(f(x(p[18])))\" y2=\"\(f(mid))\" stroke=\"#2b6cb0\"/>\n"
            body += "<rect x=\"\(f(x(p[4])))\" y=\"\(f(y + 4))\" width=\"\(f(max(1, x(p[14]) - x(p[4]))))\" height=\"24\" fill=\"#bee3f8\" stroke=\"#2b6cb0\"/>\n"
            body += "<line x1=\"\(f(x(p[9])))\" y1=\"\(f(y + 2))\" x2=\"\(f(x(p[9])))\" y2=\"\(f(y + 30))\" stroke=\"#1a365d\" stroke-width=\"2\"/>\n"
            for v in p { body += "<line x1=\"\(f(x(v)))\" y1=\"\(f(y + 32))\" x2=\"\(f(x(v)))\" y2=\"\(f(y + 38))\" stroke=\"#4a5568\"/>\n" }
        }
        let axisY = Double(top + groups.count * rowH)
        body += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(right))\" y2=\"\(f(axisY))\" stroke=\"#999999\"/>\n"
        for k in 0...4 {
            let v = lo + Double(k) / 4 * (hi - lo)
            body += "<text x=\"\(f(x(v)))\" y=\"\(f(axisY + 14))\" text-anchor=\"middle\">\(label(v))</text>\n"
        }
        body += "<text x=\"10\" y=\"\(f(axisY + 32))\" fill=\"#444444\" font-size=\"11\">\(esc(axis))</text>\n"
        return frame(width: width, height: Int(axisY) + 42, title: title, body: body)
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
