/// Statistical disclosure control for published counts and shares.
///
/// Primary rule: a count from 1 to `minCellSize` − 1 (default 10) is shown as "<10" (zero is shown), and a share or
/// mean computed from fewer than `minCellSize` persons is not shown. Secondary rule: in a
/// row of cells that adds up to a shown total, one suppressed cell could be recovered by
/// subtraction, so when exactly one cell of such a row is suppressed the next smallest is
/// suppressed too.
public struct DisclosureControl: Sendable, Codable, Equatable {
    public let minCellSize: Int

    enum CodingKeys: String, CodingKey { case minCellSize = "min_cell_size" }

    public init(minCellSize: Int = 10) { self.minCellSize = minCellSize }

    public func isSafe(_ count: Int) -> Bool { count == 0 || count >= minCellSize }

    /// A count as it may be shown.
    public func count(_ n: Int) -> String { isSafe(n) ? String(n) : "<\(minCellSize)" }

    /// A share in percent with one decimal, or "–" when its base is too small.
    public func share(_ numerator: Int, of denominator: Int) -> String {
        guard denominator >= minCellSize, isSafe(numerator), isSafe(denominator - numerator) else { return "–" }
        return NumberFormatting.fixed(100 * Double(numerator) / Double(denominator), 1) + "%"
    }

    /// Which cells of a row that sums to a shown total must be hidden (primary and secondary).
    public func suppressedCells(_ row: [Int]) -> Set<Int> {
        var hidden = Set(row.indices.filter { !isSafe(row[$0]) })
        if hidden.count == 1, let extra = row.indices.filter({ !hidden.contains($0) && row[$0] > 0 }).min(by: { row[$0] < row[$1] }) {
            hidden.insert(extra)
        }
        return hidden
    }

    /// The statement printed in every report.
    public func rule(dutch: Bool) -> String {
        dutch
            ? "Aantallen van 1 tot en met \(minCellSize - 1) worden weergegeven als <\(minCellSize) (nul wordt getoond); percentages en gemiddelden over minder dan \(minCellSize) personen worden niet getoond. Als in een rij met een totaal één cel is onderdrukt, wordt ook de kleinste andere cel onderdrukt (weergegeven als •), zodat geen cel uit het totaal kan worden teruggerekend. Er staan geen persoonsnummers of geboortedata in dit rapport."
            : "Counts from 1 to \(minCellSize - 1) are shown as <\(minCellSize) (zero is shown); shares and means over fewer than \(minCellSize) persons are not shown. Where one cell of a row with a total is suppressed, the smallest other cell is suppressed too (shown as •), so no cell can be recovered from the total. This report contains no person ids or birth dates."
    }
}
