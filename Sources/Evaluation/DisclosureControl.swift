import Foundation
import TableKit

/// Whether outputs may be published (the default) or are for internal use only.
public enum DisclosureMode: String, Sendable, Codable, Equatable, CaseIterable {
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
/// persons counted twice). Cells are named by their JSON path. A cell added as `implied` is
/// not written in the output: it is an unknown of the system like a suppressed cell (the
/// complement of a share is only known through its numerator), and when it is below the
/// minimum it is protected like a shown one (a share of 72 of 75 gives 3 persons away). An
/// implied cell that is `known` is one a reader has from another output (the persons still on
/// benefit, which `link` prints as censored): it counts as visible.
public struct CellRelations: Sendable {
    public private(set) var values: [String: Int] = [:]
    private(set) var implied: Set<String> = []
    private(set) var known: Set<String> = []
    /// Each relation: Σ coefficient × cell = 0.
    private(set) var relations: [[(cell: String, coefficient: Double)]] = []
    /// The relations whose constant is a figure shown only while all their cells are (`relateLinear`).
    private(set) var weighted: Set<Int> = []

    public init() {}

    public mutating func add(_ cell: String, _ value: Int, implied isImplied: Bool = false, known isKnown: Bool = false) {
        values[cell] = value
        if isImplied { implied.insert(cell) }
        if isImplied && isKnown { known.insert(cell) }
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
    /// Σ participants × effect): constants do not matter for what can be solved. The figure is
    /// withheld once one of its cells is suppressed (`DisclosurePlan.derive`), and from then on the
    /// relation gives nothing away.
    public mutating func relateLinear(_ terms: [(String, Double)]) {
        let known = terms.filter { values[$0.0] != nil && $0.1 != 0 }
        guard !known.isEmpty else { return }
        weighted.insert(relations.count)
        relations.append(known.map { (cell: $0.0, coefficient: $0.1) })
    }

    /// Primary suppression of every count from 1 to min − 1, then secondary suppression until
    /// no suppressed cell is determined by the relations and the visible cells: while one is, the
    /// smallest visible cell of a relation it is in whose suppression leaves it undetermined is
    /// suppressed too (non-zero first), or else the smallest of the relation with the fewest unknowns.
    public func suppressed(by control: DisclosureControl) -> [String: SuppressionReason] {
        var hidden = [String: SuppressionReason]()
        for (cell, v) in values where !control.isSafe(v) { hidden[cell] = .belowMinimum }
        // Cells no other count can protect: the caller withholds what is derived from them instead
        // (`DisclosurePlan.derive`).
        var unprotectable = Set<String>()
        while let cell = determinedCell(hidden: Set(hidden.keys), ignoring: unprotectable) {
            let active = activeRelations(hidden: Set(hidden.keys))
            let containing = active.relations.filter { r in r.contains { $0.cell == cell } }
            func visible(_ r: [(cell: String, coefficient: Double)]) -> [String] { r.map(\.cell).filter { hidden[$0] == nil && !implied.contains($0) } }
            // The smallest cell of a relation with it whose suppression leaves it undetermined (zeros last) …
            func order(_ c: String) -> (Int, Int, String) { let v = values[c]!; return (v == 0 ? 1 : 0, v, c) }
            let pool = Set(containing.flatMap(visible)).sorted { order($0) < order($1) }
            var extra = pool.first { !isDetermined(cell, hidden: Set(hidden.keys).union([$0])) }
            if extra == nil {
                // … or else the smallest of the relation that gives it away first (the fewest unknowns).
                let unknown = { (c: String) in hidden[c] != nil || (self.implied.contains(c) && !self.known.contains(c)) }
                let candidates = containing.sorted { a, b in a.filter { unknown($0.cell) }.count < b.filter { unknown($0.cell) }.count }
                    .lazy.map(visible).first { !$0.isEmpty } ?? []
                let nonZero = candidates.filter { values[$0]! > 0 }
                extra = (nonZero.isEmpty ? candidates : nonZero).min(by: { (values[$0]!, $0) < (values[$1]!, $1) })
            }
            guard let extra else {
                unprotectable.insert(cell)
                continue
            }
            hidden[extra] = .complementary
        }
        return hidden.filter { !implied.contains($0.key) }
    }

    /// The relations that can give a hidden cell away, and their unknowns (the hidden cells and
    /// the implied cells nobody knows): a relation with an unknown implied cell found in no other
    /// relation only determines that cell, which needs no protection unless it is hidden, so it is
    /// left out (repeatedly).
    func activeRelations(hidden: Set<String>) -> (relations: [[(cell: String, coefficient: Double)]], unknowns: [String]) {
        let free = implied.subtracting(known).subtracting(hidden)
        var active = relations.indices.filter { k in !weighted.contains(k) || !relations[k].contains { hidden.contains($0.cell) } }.map { relations[$0] }
        while true {
            var uses = [String: Int]()
            for r in active { for (cell, _) in r where free.contains(cell) { uses[cell, default: 0] += 1 } }
            let kept = active.filter { r in !r.contains { free.contains($0.cell) && uses[$0.cell] == 1 } }
            if kept.count == active.count { break }
            active = kept
        }
        var unknowns = Set(hidden)
        for r in active { for (cell, _) in r where free.contains(cell) { unknowns.insert(cell) } }
        return (active, unknowns.sorted())
    }

    /// Whether `cell` follows from the relations of its connected part (through shared unknowns)
    /// once the visible cells are known.
    func isDetermined(_ cell: String, hidden: Set<String>) -> Bool {
        let (relations, unknowns) = activeRelations(hidden: hidden)
        let unknownSet = Set(unknowns)
        var byCell = [String: [Int]]()
        for (k, r) in relations.enumerated() { for (c, _) in r where unknownSet.contains(c) { byCell[c, default: []].append(k) } }
        var reached: Set<String> = [cell], frontier = [cell], part = Set<Int>()
        while let c = frontier.popLast() {
            for k in byCell[c] ?? [] where part.insert(k).inserted {
                for (d, _) in relations[k] where unknownSet.contains(d) && reached.insert(d).inserted { frontier.append(d) }
            }
        }
        return Self.unitRows(part.sorted().map { relations[$0] }, unknowns: reached.sorted()).contains(cell)
    }

    /// The unknowns that have a unit row in the reduced row echelon form of the relations
    /// (Gauss–Jordan elimination): those the relations determine.
    static func unitRows(_ relations: [[(cell: String, coefficient: Double)]], unknowns: [String]) -> [String] {
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
        return rows.prefix(pivotRow).compactMap { row in
            let nonZero = row.indices.filter { abs(row[$0]) > 1e-9 }
            return nonZero.count == 1 ? unknowns[nonZero[0]] : nil
        }
    }

    /// A hidden cell whose value follows from the relations once the visible cells are known
    /// (Gauss–Jordan elimination over the unknowns; a unit row in the reduced form determines
    /// its cell), or nil. Sorted so the choice is deterministic.
    func determinedCell(hidden: Set<String>, ignoring: Set<String> = []) -> String? {
        guard !hidden.isEmpty else { return nil }
        let (relations, unknowns) = activeRelations(hidden: hidden)
        // Plain subtraction first (one unknown in a relation, and hidden), so the cell hidden next is in that relation.
        let unknownSet = Set(unknowns)
        for r in relations {
            let inRelation = r.filter { unknownSet.contains($0.cell) }
            if inRelation.count == 1, hidden.contains(inRelation[0].cell), !ignoring.contains(inRelation[0].cell) { return inRelation[0].cell }
        }
        return Self.unitRows(relations, unknowns: unknowns).first { hidden.contains($0) && !ignoring.contains($0) }
    }
}

