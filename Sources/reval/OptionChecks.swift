import Effects
import Evaluation
import Finance

/// Runs a library check and reports a rejected setting in the command line's spelling
/// (`max_tau` → `--max-tau`, `horizons` → `--horizon`): "--max-tau: must be …", or without the
/// colon when `colon` is false; dates out of order as "--cohort-start 2013-01-01 lies after --cohort-end 2012-01-01".
func checkingOptions<T>(_ names: [String: String] = ["horizons": "horizon", "by": "by"], colon: Bool = true, _ body: () throws -> T) throws -> T {
    func flag(_ key: String) -> String { "--" + (names[key] ?? key.replacingOccurrences(of: "_", with: "-")) }
    do { return try body() } catch let e as InvalidSetting {
        throw CommandFailure(message: "\(flag(e.key))\(colon ? ":" : "") must be \(e.expected) (value '\(e.value)')")
    } catch let e as DatesOutOfOrder {
        throw CommandFailure(message: "\(flag(e.firstKey)) \(e.first) lies after \(flag(e.secondKey)) \(e.second)")
    }
}

/// Runs a finance calculation; its `FinanceError` is the command's one-line error.
func financeResult<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as FinanceError { throw CommandFailure(message: e.description) }
}
