import Finance
import Foundation
import TableKit

/// The BUIG rules by year (`Data/finance/buig-rules.csv`): `year; full_risk_share; shared_risk_upper;
/// shared_risk_fraction` (printed percentages, "7,5%"), `basis` (printed or derived) and `source`.
/// A bad row is an error naming the file, line, column and value.
public struct BUIGRuleBook: Sendable {
    public let rules: [Int: BUIGRule]
    public let file: String

    public init(path: String) throws {
        file = path
        let csv = try CSVReader(path: path)
        let names = ["year", "full_risk_share", "shared_risk_upper", "shared_risk_fraction", "basis", "source"]
        let idx = try requiredColumns(names, of: csv, path: path)
        var out = [Int: BUIGRule]()
        try csv.forEachRecord { rec in
            guard let year = Int(rec[idx[0]]), (1900...2200).contains(year) else { throw rec.error(column: idx[0], "not a year from 1900 to 2200") }
            if out[year] != nil { throw rec.error(column: idx[0], "duplicate year") }
            func share(_ k: Int) throws -> Double {
                guard rec[idx[k]].hasSuffix("%"), let v = PrintedNumber.parse(rec[idx[k]]), (0...100).contains(v) else {
                    throw rec.error(column: idx[k], "not a percentage from 0% to 100%")
                }
                return v / 100
            }
            guard let basis = BUIGRule.Basis(rawValue: rec[idx[4]]) else { throw rec.error(column: idx[4], "must be 'printed' or 'derived'") }
            if rec.isEmpty(idx[5]) { throw rec.error(column: idx[5], "every rule needs its source") }
            do {
                out[year] = try BUIGRule(year: year, fullRiskShare: try share(1), sharedRiskUpper: try share(2),
                                         sharedRiskFraction: try share(3), basis: basis, source: rec[idx[5]])
            } catch let e as FinanceError {
                throw rec.error(column: idx[1], e.description)
            }
        }
        rules = out
    }

    /// The rule of `year`; an error naming the file when there is none.
    public func rule(_ year: Int) throws -> BUIGRule {
        guard let r = rules[year] else {
            throw InputError(file: file, column: "year", value: String(year), message: "no BUIG rule for this year (years: \(rules.keys.sorted().map(String.init).joined(separator: ", ")))")
        }
        return r
    }
}
