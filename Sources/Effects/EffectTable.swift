// Module Effects — designs and estimators on a cohort (`Designs/`, `Estimation/`), balance,
// effect tables and their application to counts of participants.
// May import: StatKit, TableKit, Cohort, Finance (the money amounts).

import Foundation
import TableKit

/// An effect table: the rows of a published or estimated table of instrument effects.
/// Its columns are `EffectColumn`'s.
public struct EffectTable: Sendable {
    public let file: String
    public let rows: [EffectRow]

    public init(file: String, rows: [EffectRow]) {
        self.file = file
        self.rows = rows
    }

    /// The row for one cell, if the table has it.
    public func row(instrument: String, dimension: String = "all", subgroup: String = "all",
                    outcome: EffectOutcome, horizon: Int) -> EffectRow? {
        rows.first { $0.instrument == instrument && $0.dimension == dimension && $0.subgroup == subgroup
            && $0.outcome == outcome && $0.horizonMonths == horizon }
    }

    /// Subgroups the table has for an instrument along a dimension, in file order.
    public func subgroups(instrument: String, dimension: String) -> [String] {
        var seen = [String]()
        for r in rows where r.instrument == instrument && r.dimension == dimension && !seen.contains(r.subgroup) {
            seen.append(r.subgroup)
        }
        return seen
    }

    /// Reads an effect table, validating every cell; errors name file, line, column and value.
    /// Reads the columns `EffectColumn.required` and, when there, `EffectColumn.optional`.
    public static func read(path: String) throws -> EffectTable {
        let csv = try CSVReader(path: path)
        let required = EffectColumn.required
        var index = Dictionary(uniqueKeysWithValues: zip(required, try RequiredColumns.indices(of: required.map(\.rawValue), in: csv.header, file: path)))
        for c in EffectColumn.optional { index[c] = csv.header.firstIndex(of: c.rawValue) }
        let decimalComma = csv.delimiter != UInt8(ascii: ",")
        var rows = [EffectRow]()
        var keys = Set<String>()
        try csv.forEachRecord { rec in
            func text(_ c: EffectColumn) -> String { rec[index[c]!] }
            func optionalNumber(_ c: EffectColumn) throws -> Double? {
                guard let i = index[c] ?? nil, !rec.isEmpty(i) else { return nil }
                guard let v = rec.number(i, decimalComma: decimalComma) else { throw rec.error(column: i, "not a number") }
                guard v.isFinite, abs(v) <= 1e15 else { throw rec.error(column: i, "number out of range") }
                return v
            }
            func optionalCount(_ c: EffectColumn) throws -> Int? {
                guard let v = try optionalNumber(c) else { return nil }
                guard v >= 0, v == v.rounded() else { throw rec.error(column: index[c]!, "must be a whole number of at least 0") }
                return Int(v)
            }
            guard let outcome = EffectOutcome(rawValue: text(.outcome)) else {
                throw rec.error(column: index[.outcome]!, "unknown outcome; expected one of " +
                                EffectOutcome.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let status = EffectStatus(rawValue: text(.status)) else {
                throw rec.error(column: index[.status]!, "unknown status; expected one of " +
                                EffectStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let horizon = Int(text(.horizonMonths)), horizon > 0 else {
                throw rec.error(column: index[.horizonMonths]!, "horizon must be a positive whole number of months")
            }
            let estimate = try optionalNumber(.estimate)
            let se = try optionalNumber(.se), ciLow = try optionalNumber(.ciLow), ciHigh = try optionalNumber(.ciHigh)
            if let se, se < 0 { throw rec.error(column: index[.se]!, "a standard error cannot be negative") }
            if (ciLow == nil) != (ciHigh == nil) {
                throw rec.error(column: index[ciLow == nil ? .ciLow : .ciHigh]!, "give both ends of the interval or neither")
            }
            if let ciLow, let ciHigh, ciLow > ciHigh {
                throw InputError(file: path, line: rec.line, column: EffectColumn.ciLow.rawValue, value: "\(rec[index[.ciLow]!]) > \(rec[index[.ciHigh]!])",
                                 message: "interval reversed: ci_low is above ci_high")
            }
            if let range = outcome.possibleRange(horizonMonths: horizon) {
                // Only the estimate: a normal-approximation interval may reach past the bounds.
                if let estimate, !range.contains(estimate) {
                    throw rec.error(column: index[.estimate]!, outcome == .monthsOutOfBenefit
                        ? "an effect on months out of benefit within \(horizon) months lies from -\(horizon) to \(horizon)"
                        : "an effect on \(outcome.rawValue) is a difference of two shares per 100 and lies from -100 to 100")
                }
            }
            switch status {
            case .estimate where estimate == nil:
                throw rec.error(column: index[.estimate]!, "status 'estimate' needs an estimate")
            case .noDifference where estimate != nil && estimate != 0:
                throw rec.error(column: index[.estimate]!, "status 'no_difference' means an estimate of 0")
            case .notReported where estimate != nil, .effectFound where estimate != nil:
                throw rec.error(column: index[.estimate]!, "status '\(status.rawValue)' carries no estimate")
            default: break
            }
            let row = EffectRow(
                instrument: text(.instrument), dimension: text(.dimension), subgroup: text(.subgroup),
                outcome: outcome, horizonMonths: horizon, estimate: status == .noDifference ? 0 : estimate,
                standardError: se, ciLow: ciLow, ciHigh: ciHigh,
                status: status, nTreated: try optionalCount(.nTreated),
                nControl: try optionalCount(.nControl), source: text(.source), line: rec.line)
            let key = "\(row.instrument)|\(row.dimension)|\(row.subgroup)|\(row.outcome.rawValue)|\(row.horizonMonths)"
            if !keys.insert(key).inserted {
                throw rec.error(column: index[.subgroup]!, "duplicate cell: \(row.instrument), \(row.dimension) = \(row.subgroup), \(row.outcome.rawValue), \(row.horizonMonths) months")
            }
            rows.append(row)
        }
        return EffectTable(file: path, rows: rows)
    }
}
