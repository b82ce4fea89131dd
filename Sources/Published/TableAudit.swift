import Effects
import Foundation
import TableKit

/// One arithmetic relation a published table should satisfy (`Data/published/relations.csv`):
/// a declared total against its parts, a product, a stock–flow identity, a percentage.
public struct TableRelation: Sendable {
    public let id: String
    public let table: String
    /// "printed = expected", e.g. `[Totaal@'14] = [A@'14] + [B@'14]`.
    public let relation: String
    public let description: String
    /// An explicit tolerance, when the default (half a rounding unit per referenced cell) does not fit.
    public let tolerance: Double?
    /// The unit the source's own wording rounds to ("ongeveer 130" → 10, "circa € 100.000" → 10.000):
    /// a finding within the tolerance plus half of it is one that rounding can explain.
    public let approximation: Double?

    public static func readAll(path: String) throws -> [TableRelation] {
        let csv = try CSVReader(path: path)
        let idx = try requiredColumns(["id", "table", "relation", "description"], of: csv, path: path)
        let tolIdx = csv.header.firstIndex(of: "tolerance"), approxIdx = csv.header.firstIndex(of: "approximation")
        var out = [TableRelation]()
        try csv.forEachRecord { rec in
            func number(_ i: Int?) throws -> Double? {
                guard let i, !rec.isEmpty(i) else { return nil }
                guard let v = PrintedNumber.parse(rec[i]), v >= 0 else { throw rec.error(column: i, "not a non-negative number") }
                return v
            }
            guard rec[idx[2]].contains(" = ") else { throw rec.error(column: idx[2], "a relation reads 'printed = expected'") }
            out.append(TableRelation(id: rec[idx[0]], table: rec[idx[1]], relation: rec[idx[2]], description: rec[idx[3]],
                                     tolerance: try number(tolIdx), approximation: try number(approxIdx)))
        }
        return out
    }
}

/// The outcome of checking one relation or one effect-table consistency rule.
public struct AuditResult: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable { case consistent, finding }
    public let id: String
    public let table: String
    public let source: String
    public let description: String
    public let relation: String
    public let cells: [String]
    public let printed: Double?
    public let expected: Double?
    public let difference: Double?
    public let tolerance: Double?
    public let status: Status
    /// Where the printed side's numbers stand ("004 §4.1, title of figure 4.1").
    public let printedLocations: [String]
    /// Where the numbers of the expected side stand.
    public let expectedLocations: [String]
    /// The largest gap rounding can produce: the tolerance plus half the unit the source's wording rounds to.
    public let roundingBound: Double?
    /// For a finding: whether the gap is within `roundingBound` (e.g. 'ongeveer 130' against 130,7).
    public let explainedByRounding: Bool?

    enum CodingKeys: String, CodingKey {
        case id, table, source, description, relation, cells, printed, expected, difference, tolerance, status
        case printedLocations = "printed_locations", expectedLocations = "expected_locations"
        case roundingBound = "rounding_bound", explainedByRounding = "explained_by_rounding"
    }

    public init(id: String, table: String, source: String, description: String, relation: String, cells: [String],
                printed: Double?, expected: Double?, difference: Double?, tolerance: Double?, status: Status,
                printedLocations: [String] = [], expectedLocations: [String] = [], roundingBound: Double? = nil,
                explainedByRounding: Bool? = nil) {
        self.id = id; self.table = table; self.source = source; self.description = description; self.relation = relation
        self.cells = cells; self.printed = printed; self.expected = expected; self.difference = difference
        self.tolerance = tolerance; self.status = status; self.printedLocations = printedLocations
        self.expectedLocations = expectedLocations; self.roundingBound = roundingBound; self.explainedByRounding = explainedByRounding
    }
}

/// Checks published tables for internal consistency, within the rounding they state.
///
/// Tolerance: a printed figure may be off by half its rounding unit, so a relation
/// between k printed cells may be off by up to k × unit / 2 (a total of figures
/// rounded to tens by half a ten per term). A finding is a result about the source,
/// not a failure of reval.
public enum TableAudit {
    public static func run(relations: [TableRelation], tables: [String: PublishedTable], calculators: Calculators) throws -> [AuditResult] {
        try relations.map { r in
            guard let table = tables[r.table] else {
                throw InputError(file: "relations", column: "table", value: r.table, message: "relation \(r.id) names an unknown table")
            }
            let resolver = CellResolver(tables: tables, defaultTable: r.table)
            let sides = r.relation.components(separatedBy: " = ")
            let lhs = try Expression.parse(sides[0]), rhs = try Expression.parse(sides.dropFirst().joined(separator: " = "))
            let call: (String, [String: Expression.ArgumentValue], [Double]) throws -> Double = { name, named, pos in
                try calculators.call(name, named, pos, resolve: resolver.value)
            }
            let printed = try lhs.evaluate(resolve: resolver.value, call: call)
            let expected = try rhs.evaluate(resolve: resolver.value, call: call)
            let refs = lhs.references + rhs.references
            let tolerance = try r.tolerance ?? resolver.tolerance(of: refs)
            let diff = printed - expected
            let ok = abs(diff) <= tolerance * (1 + 1e-12)
            let bound = tolerance + (r.approximation ?? 0) / 2
            let printedAt = try resolver.locations(of: lhs.references)
            // A running-text table has no section of its own: the relation stands where its printed number does.
            let source = table.isRunningText ? printedAt.first ?? table.documentID : "\(table.documentID) §\(table.section)"
            return AuditResult(id: r.id, table: r.table, source: source, description: r.description,
                               relation: r.relation, cells: refs.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
                               printed: printed, expected: expected, difference: diff, tolerance: tolerance,
                               status: ok ? .consistent : .finding,
                               printedLocations: printedAt,
                               expectedLocations: try resolver.locations(of: rhs.references),
                               roundingBound: bound, explainedByRounding: ok ? nil : abs(diff) <= bound * (1 + 1e-12))
        }
    }

    /// Checks that the yes/no findings of an effect table agree with its estimates:
    /// a "yes" needs an estimate, a "no" needs "no difference" — and reports cells that
    /// are empty in the estimate table but answered by a finding.
    public static func effectTableConsistency(_ table: EffectTable) -> [AuditResult] {
        let pairs: [(EffectOutcome, EffectOutcome)] = [(.findingMonthsSaved, .monthsOutOfBenefit), (.findingOutOfBenefit, .outOfBenefit)]
        var out = [AuditResult]()
        for finding in table.rows {
            guard let target = pairs.first(where: { $0.0 == finding.outcome })?.1 else { continue }
            let est = table.row(instrument: finding.instrument, dimension: finding.dimension, subgroup: finding.subgroup,
                                outcome: target, horizon: finding.horizonMonths)
            let cell = "\(finding.instrument) \(finding.dimension)=\(finding.subgroup) \(target.rawValue) \(finding.horizonMonths)m"
            let says = finding.status == .effectFound ? "yes" : "no"
            let consistent: Bool
            var note: String
            switch (finding.status, est?.status) {
            case (.effectFound, .estimate?): consistent = (est?.estimate ?? 0) != 0; note = "finding yes, estimate \(est!.estimate!)"
            case (.noDifference, .noDifference?): consistent = true; note = "finding no, estimate 'no difference'"
            case (.noDifference, .notReported?):
                consistent = false
                note = "finding says no effect, but the estimate table leaves the cell empty instead of 'geen verschil': the empty cell means 'no significant effect', not 'not reported'"
            case (_, nil): consistent = false; note = "finding \(says) has no matching estimate row"
            default: consistent = false; note = "finding \(says) disagrees with estimate status \(est!.status.rawValue)"
            }
            out.append(AuditResult(id: "effects:\(cell)", table: (table.file as NSString).lastPathComponent,
                                   source: "\(finding.source) vs \(est?.source ?? "-")", description: note,
                                   relation: "finding(\(cell)) agrees with estimate", cells: [cell],
                                   printed: nil, expected: nil, difference: nil, tolerance: nil,
                                   status: consistent ? .consistent : .finding,
                                   printedLocations: [finding.source], expectedLocations: [est?.source ?? "-"],
                                   explainedByRounding: consistent ? nil : false))
        }
        return out
    }
}
