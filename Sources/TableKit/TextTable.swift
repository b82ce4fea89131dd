/// A table of text cells, laid out for the terminal (each column padded to its widest cell) or as
/// a Markdown table: the one table printer of the package, so every command's text and Markdown
/// tables look alike.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns aligned left; the others are aligned right (numbers).
    public var leftAligned: Set<Int>
    /// Between columns in text.
    public var separator: String

    public init(header: [String], rows: [[String]] = [], leftAligned: Set<Int> = [0], separator: String = "  ") {
        self.header = header
        self.rows = rows
        self.leftAligned = leftAligned
        self.separator = separator
    }

    /// The header and rows as padded text lines, each after `indent`, trailing spaces trimmed.
    public func text(indent: String = "") -> String {
        let all = [header] + rows
        let widths = header.indices.map { j in all.map { $0.indices.contains(j) ? $0[j].count : 0 }.max() ?? 0 }
        return all.map { row in
            indent + row.enumerated().map { j, cell in
                leftAligned.contains(j) ? NumberFormatting.left(cell, widths[j]) : NumberFormatting.right(cell, widths[j])
            }.joined(separator: separator).trimmingTrailingSpaces() + "\n"
        }.joined()
    }

    /// A Markdown (GitHub) table: right-aligned columns marked `---:`, `|` in cells escaped.
    public func markdown() -> String {
        func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return line(header) + "|" + header.indices.map { leftAligned.contains($0) ? "---" : "---:" }.joined(separator: "|") + "|\n" + rows.map(line).joined()
    }
}
