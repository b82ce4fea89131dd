import Effects
import Finance

/// Runs a library check and reports a rejected setting in the command line's spelling
/// (`max_tau` → `--max-tau`, `horizons` → `--horizon`).
func checkingOptions(_ names: [String: String] = ["horizons": "horizon", "by": "by"], _ body: () throws -> Void) throws {
    do { try body() } catch let e as InvalidSetting {
        let flag = names[e.key] ?? e.key.replacingOccurrences(of: "_", with: "-")
        throw CommandFailure(message: "--\(flag): must be \(e.expected) (value '\(e.value)')")
    }
}

/// Runs a finance calculation; its `FinanceError` is the command's one-line error.
func financeResult<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as FinanceError { throw CommandFailure(message: e.description) }
}
