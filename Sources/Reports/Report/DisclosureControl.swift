import Foundation

/// Whether outputs may be published (the default) or are for internal use only.
public enum DisclosureMode: String, Sendable, Codable, Equatable {
    /// CBS / Eurostat ACRO output rules: at least 10 persons a cell.
    case publication
    /// A smaller `min_cell_size` is allowed, and every output is stamped "not for publication".
    case `internal`
}

/// Statistical disclosure control for every count, share and estimate reval writes
/// (CBS output rules and Eurostat's ACRO: at least 10 persons a cell, at least 10 residual
/// degrees of freedom for a model).
///
/// Primary rule: a count from 1 to `minCellSize` − 1 is suppressed (zero is shown); a share or
/// mean over fewer than `minCellSize` persons is not shown. Secondary (complementary) rule:
/// counts that add up to a shown total (subgroups and the "all" row, categories and their
/// table total, the rows of the linkage report and the records read) form a `CellRelations`
/// system; cells are suppressed until no suppressed cell can be solved from the shown ones.
public struct DisclosureControl: Sendable, Codable, Equatable {
    /// The CBS minimum: the smallest `min_cell_size` a publication may use.
    public static let publicationMinimum = 10
    /// ACRO: a model's residual degrees of freedom must be at least this.
    public static let minimumResidualDF = 10

    public let minCellSize: Int
    public let mode: DisclosureMode

    enum CodingKeys: String, CodingKey { case minCellSize = "min_cell_size", mode = "disclosure" }

    public init(minCellSize: Int = 10, mode: DisclosureMode = .publication) {
        self.minCellSize = minCellSize
        self.mode = mode
    }

    /// A control as a config or the command line asks for it: a `min_cell_size` below 10 is
    /// refused unless the outputs are internal.
    public static func checked(minCellSize: Int, mode: DisclosureMode) throws -> DisclosureControl {
        guard minCellSize >= 1 else { throw DisclosureError("min_cell_size must be at least 1 (value '\(minCellSize)')") }
        guard minCellSize >= publicationMinimum || mode == .internal else {
            throw DisclosureError("min_cell_size \(minCellSize) is below the publication minimum of \(publicationMinimum); set disclosure = \"internal\" to allow it for outputs that are not published")
        }
        return DisclosureControl(minCellSize: minCellSize, mode: mode)
    }

    public var isInternal: Bool { mode == .internal }

    public func isSafe(_ count: Int) -> Bool { count == 0 || count >= minCellSize }

    /// A count as it may be shown.
    public func count(_ n: Int) -> String { isSafe(n) ? String(n) : "<\(minCellSize)" }

    /// A share in percent with one decimal, or "–" when its base is too small.
    public func share(_ numerator: Int, of denominator: Int) -> String {
        guard denominator >= minCellSize, isSafe(numerator), isSafe(denominator - numerator) else { return "–" }
        return NumberFormatting.fixed(100 * Double(numerator) / Double(denominator), 1) + "%"
    }

    /// Whether a model estimated on `persons` with `parameters` parameters may be shown:
    /// at least `minCellSize` treated and controls, and residual degrees of freedom of at least 10.
    public func mayShowModel(treated: Int, controls: Int, parameters: Int) -> Bool {
        treated >= minCellSize && controls >= minCellSize && treated + controls - parameters >= Self.minimumResidualDF
    }

    /// Which cells of one row that sums to a shown total must be hidden (primary and secondary).
    public func suppressedCells(_ row: [Int]) -> Set<Int> {
        var cells = CellRelations()
        for (k, v) in row.enumerated() { cells.add(String(k), v) }
        cells.relate(total: "total", row.reduce(0, +), parts: row.indices.map(String.init), totalIsShown: true)
        return Set(cells.suppressed(by: self).keys.compactMap(Int.init))
    }

    /// The statement printed in every report.
    public func rule(dutch: Bool) -> String {
        let core = dutch
            ? "Aantallen van 1 tot en met \(minCellSize - 1) worden weergegeven als <\(minCellSize) (nul wordt getoond); percentages en gemiddelden over minder dan \(minCellSize) personen worden niet getoond, en een schatting alleen als het model ten minste \(Self.minimumResidualDF) vrijheidsgraden overhoudt. Als een onderdrukte cel uit een totaal en de andere zichtbare cellen kan worden teruggerekend, wordt ook een andere cel onderdrukt (weergegeven als •). Er staan geen persoonsnummers of geboortedata in dit rapport."
            : "Counts from 1 to \(minCellSize - 1) are shown as <\(minCellSize) (zero is shown); shares and means over fewer than \(minCellSize) persons are not shown, and an estimate only when its model keeps at least \(Self.minimumResidualDF) residual degrees of freedom. Where a suppressed cell could be recovered from a total and the other visible cells, another cell is suppressed too (shown as •). This report contains no person ids or birth dates."
        return isInternal ? internalStamp(dutch: dutch) + " " + core : core
    }

    /// The stamp of every output of an internal run.
    public func internalStamp(dutch: Bool) -> String {
        dutch ? "NIET VOOR PUBLICATIE: interne uitvoer met een minimale celgrootte van \(minCellSize)."
              : "NOT FOR PUBLICATION: internal output with a minimum cell size of \(minCellSize)."
    }
}

public struct DisclosureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Why a cell is not shown.
public enum SuppressionReason: String, Sendable, Codable {
    /// A count from 1 to min_cell_size − 1 (primary suppression).
    case belowMinimum = "below_minimum"
    /// Hidden so that another suppressed cell cannot be recovered (secondary suppression).
    case complementary
}

/// The counts of one output and the linear relations between them that a reader could use
/// to recover a suppressed cell: "total = sum of parts" (subgroups and their "all" row,
/// categories and their total, linkage rows and the records read) and "a = b" (the same
/// persons counted twice). Cells are named by their JSON path; a cell added as `implied`
/// is not written anywhere but can be worked out (the complement of a share) and so is
/// subject to the same rules.
public struct CellRelations: Sendable {
    public private(set) var values: [String: Int] = [:]
    private(set) var implied: Set<String> = []
    /// Each relation: Σ coefficient × cell = 0.
    private(set) var relations: [[(cell: String, coefficient: Double)]] = []

    public init() {}

    public mutating func add(_ cell: String, _ value: Int, implied isImplied: Bool = false) {
        values[cell] = value
        if isImplied { implied.insert(cell) }
    }

    /// A group of cells with their total: `total` = Σ `parts`. The total is added as a cell
    /// (implied unless `totalIsShown`); a relation the values do not satisfy is not recorded,
    /// since nothing can be recovered through it.
    public mutating func relate(total: String, _ value: Int? = nil, parts: [String], totalIsShown: Bool = true) {
        if let value { add(total, value, implied: !totalIsShown) }
        guard let t = values[total], parts.allSatisfy({ values[$0] != nil }),
              parts.reduce(0, { $0 + values[$1]! }) == t, !parts.isEmpty else { return }
        relations.append([(total, -1)] + parts.map { ($0, 1) })
    }

    /// Cells that count the same persons: `a` = `b`.
    public mutating func same(_ a: String, _ b: String) {
        guard let x = values[a], let y = values[b], x == y, a != b else { return }
        relations.append([(a, 1), (b, -1)])
    }

    /// A weighted relation Σ coefficient × cell = a shown constant (e.g. an applied figure that is
    /// Σ participants × effect): constants do not matter for what can be solved.
    public mutating func relateLinear(_ terms: [(String, Double)]) {
        let known = terms.filter { values[$0.0] != nil && $0.1 != 0 }
        guard !known.isEmpty else { return }
        relations.append(known.map { (cell: $0.0, coefficient: $0.1) })
    }

    /// Primary suppression of every count from 1 to min − 1, then secondary suppression until
    /// no suppressed cell is determined by the relations and the visible cells: while one is,
    /// the smallest visible non-zero cell of a relation it is in is suppressed too.
    public func suppressed(by control: DisclosureControl) -> [String: SuppressionReason] {
        var hidden = [String: SuppressionReason]()
        for (cell, v) in values where !control.isSafe(v) { hidden[cell] = .belowMinimum }
        // Cells no other count can protect (a weighted relation of one term): the caller withholds
        // the derived figure instead (`DisclosurePlan.derive`).
        var unprotectable = Set<String>()
        while let cell = determinedCell(hidden: Set(hidden.keys), ignoring: unprotectable) {
            // The relation that gives the cell away first: the one with it and the fewest hidden cells.
            let candidates = relations.filter { r in r.contains { $0.cell == cell } }
                .sorted { a, b in a.filter { hidden[$0.cell] != nil }.count < b.filter { hidden[$0.cell] != nil }.count }
                .lazy.map { r in r.map(\.cell).filter { hidden[$0] == nil && !implied.contains($0) } }.first { !$0.isEmpty } ?? []
            let nonZero = candidates.filter { values[$0]! > 0 }
            guard let extra = (nonZero.isEmpty ? candidates : nonZero).min(by: { (values[$0]!, $0) < (values[$1]!, $1) }) else {
                unprotectable.insert(cell)
                continue
            }
            hidden[extra] = .complementary
        }
        return hidden.filter { !implied.contains($0.key) }
    }

    /// A hidden cell whose value follows from the relations once the visible cells are known
    /// (Gauss–Jordan elimination over the hidden cells; a unit row in the reduced form
    /// determines its cell), or nil. Sorted so the choice is deterministic.
    func determinedCell(hidden: Set<String>, ignoring: Set<String> = []) -> String? {
        let unknowns = hidden.sorted()
        guard !unknowns.isEmpty else { return nil }
        // Plain subtraction first (one hidden cell in a relation), so the cell hidden next is in that relation.
        for r in relations {
            let inRelation = r.filter { hidden.contains($0.cell) }
            if inRelation.count == 1, !ignoring.contains(inRelation[0].cell) { return inRelation[0].cell }
        }
        let column = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
        var rows: [[Double]] = relations.compactMap { r in
            var row = [Double](repeating: 0, count: unknowns.count)
            for (cell, c) in r { if let j = column[cell] { row[j] += c } }
            return row.contains { $0 != 0 } ? row : nil
        }
        var pivotRow = 0
        for j in unknowns.indices where pivotRow < rows.count {
            guard let p = (pivotRow..<rows.count).max(by: { abs(rows[$0][j]) < abs(rows[$1][j]) }), abs(rows[p][j]) > 1e-9 else { continue }
            rows.swapAt(pivotRow, p)
            let pivot = rows[pivotRow][j]
            rows[pivotRow] = rows[pivotRow].map { $0 / pivot }
            for i in rows.indices where i != pivotRow && abs(rows[i][j]) > 1e-12 {
                let f = rows[i][j]
                for k in unknowns.indices { rows[i][k] -= f * rows[pivotRow][k] }
            }
            pivotRow += 1
        }
        for row in rows.prefix(pivotRow) {
            let nonZero = row.indices.filter { abs(row[$0]) > 1e-9 }
            if nonZero.count == 1, !ignoring.contains(unknowns[nonZero[0]]) { return unknowns[nonZero[0]] }
        }
        return nil
    }
}
