import Foundation
import XCTest

/// Issue #12 item 8: no trap is reachable from the command line. Each argument vector is a
/// fuzz-corpus entry: a bad value (0, negative, huge, NaN, empty, reversed, unknown) must
/// end in exit 2 with one line on stderr, never a signal or a silent exit 0.
final class OptionValidationTests: XCTestCase {
    static let cohort = "Data/leiden-synthetic/benefits.csv" // options are checked before the file is read
    static let estimate = ["estimate", "--cohort", cohort, "--instrument", "matching"]
    static let generic = ["estimate", "--data", "Data/lalonde.csv", "--treatment", "treat", "--outcome", "re78", "--covariates", "age"]
    static let link = ["link", "--benefits", "Data/leiden-synthetic/benefits.csv", "--trajectories", "Data/leiden-synthetic/trajectories.csv",
                       "--extraction-date", "2014-06-30", "--out", "/tmp/reval-never-written.csv"]
    static let breakeven = ["breakeven", "--fixed-cost", "511000", "--bonus", "1800", "--placements", "160", "--spontaneous-week", "24.7", "--entry-week", "7"]
    static let apply = ["apply", "--effects", "Data/effects/lammers-2013.csv"]

    /// (argument vector, text the error must contain)
    static let corpus: [([String], String)] = [
        // The crashes named in issue #12.
        (estimate + ["--ratio", "0"], "--ratio: must be a whole number from 1 to 100 (value '0')"),
        (estimate + ["--ratio", "-1"], "--ratio: must be a whole number from 1 to 100 (value '-1')"),
        (estimate + ["--horizon=-1"], "--horizon: must be a whole number from 1 to 600 (value '-1')"),
        (estimate + ["--max-tau", "0"], "--max-tau: must be a whole number from 1 to 600 (value '0')"),
        (estimate + ["--trim", "0.7"], "--trim: must be at least 0 and below 0.5"),
        (generic + ["--ratio", "0"], "--ratio"),
        (generic + ["--method", "ipw", "--trim", "0.7"], "--trim"),
        // Further bad values.
        (estimate + ["--horizon", "9223372036854775807"], "--horizon"),
        (estimate + ["--horizon", "1e400"], "--horizon"),
        (estimate + ["--horizon", ""], "--horizon: give at least one value"),
        (estimate + ["--horizon", "24,,96"], "--horizon: empty item"),
        (estimate + ["--horizon", "24,24"], "--horizon"),
        (estimate + ["--max-tau", "99999999999"], "--max-tau"),
        (estimate + ["--caliper", "nan"], "--caliper"),
        (estimate + ["--caliper", "0"], "--caliper"),
        (estimate + ["--caliper", "1e400"], "--caliper"),
        (estimate + ["--trim", "-0.1"], "--trim"),
        (estimate + ["--window", "0"], "--window"),
        (estimate + ["--minimum-cell", "0"], "--minimum-cell"),
        (estimate + ["--min-controls-per-treated", "0"], "--min-controls-per-treated: must be a whole number from 1 to 1000 (value '0')"),
        (estimate + ["--min-controls-per-treated", "1001"], "--min-controls-per-treated"),
        (estimate + ["--max-control-rows", "0"], "--max-control-rows: must be a whole number of at least 1, or 'all' (value '0')"),
        (generic + ["--min-controls-per-treated", "0"], "--min-controls-per-treated: must be a whole number from 1 to 1000 (value '0')"),
        (estimate + ["--bootstrap=-1"], "--bootstrap"),
        (estimate + ["--seed", "-1"], "--seed"),
        (estimate + ["--method", "foo"], "--method"),
        (estimate + ["--estimand", "foo"], "--estimand"),
        (estimate + ["--estimand", "ate"], "--estimand: the dynamic design"),
        (estimate + ["--outcomes", ""], "--outcomes"),
        (estimate + ["--by", "education,education"], "--by"),
        (estimate + ["--instrument", "Foo!"], "--instrument: 'Foo!' is neither a built-in instrument"),
        (generic + ["--estimand", "now-vs-never"], "--estimand"),
        (["glm", "--data", "Data/lalonde.csv", "--outcome", "treat", "--covariates", ""], "--covariates"),
        (["glm", "--data", "Data/lalonde.csv", "--outcome", "treat", "--covariates", "age", "--family", "foo"], "--family"),
        (["simulate", "--preset", "leiden", "--seed", "1", "--persons", "0", "--out", "/tmp/reval-never"], "--persons"),
        (["simulate", "--preset", "leiden", "--seed", "1", "--persons", "99999999999999", "--out", "/tmp/reval-never"], "--persons"),
        (["simulate", "--preset", "leiden", "--seed", "-1", "--out", "/tmp/reval-never"], "--seed"),
        (["simulate", "--preset", "foo", "--seed", "1", "--out", "/tmp/reval-never"], "--preset"),
        (link + ["--on-error", "foo"], "--on-error"),
        (link + ["--format", "xml"], "--format"),
        (link + ["--cohort-start", "2013-01-01", "--cohort-end", "2012-01-01"], "--cohort-start 2013-01-01 lies after --cohort-end"),
        (link + ["--extraction-date", "2014-13-01"], "--extraction-date"),
        (["describe", "--cohort", cohort, "--inflow-from", "2013-01-01", "--inflow-to", "2012-01-01"], "--inflow-from"),
        (["describe", "--cohort", cohort, "--by", ""], "--by: give at least one value"),
        (["describe", "--cohort", cohort, "--by", "age,,sex"], "--by: empty item"),
        (["describe", "--cohort", cohort, "--by", "age,age"], "--by: 'age' given twice"),
        (apply + ["--counts", "matching=-5"], "--counts"),
        (apply + ["--counts", "matching=5,matching=6"], "given twice"),
        (apply + ["--counts", ""], "--counts"),
        (apply + ["--counts", "matching=5", "--monthly-benefit", "nan"], "--monthly-benefit"),
        (apply + ["--counts", "matching=5", "--monthly-benefit", "1e400"], "--monthly-benefit"),
        (apply + ["--counts", "matching=5", "--net-monthly-benefit", "-1"], "--net-monthly-benefit"),
        (apply + ["--mode", "composition", "--by", "foo", "--cell-counts", "matching:low=3"], "dimension 'foo'"),
        (breakeven + ["--placements", "0"], "placements"),
        (breakeven + ["--fixed-cost", "1e400"], "fixed cost"),
        (breakeven + ["--fixed-cost", "-1"], "fixed cost"),
        (breakeven + ["--entry-week", "30"], "entry week"),
        (["buig", "--years", "2020,2019", "--budget", "1,2", "--spending", "1,2"], "increasing order"),
        (["buig", "--years", "9223372036854775807", "--budget", "1", "--spending", "1"], "year"),
        (["buig", "--years", "2019", "--budget", "1", "--spending", "1", "--scenario-clients", "nan", "--cost-per-client-year", "1"], "clients"),
        (["savings", "reduction", "--clients", "30", "--years", "99999999999999"], "years"),
        (["savings", "reduction", "--clients", "-30"], "clients"),
        (["savings", "stock", "--years", "2018,2019", "--stock", "1846,-1"], "stock"),
        (["savings", "notional", "--placements", "9223372036854775807,1,1,1"], "--placements"),
        (["savings", "notional", "--part-time-factor", "2"], "part-time factor"),
        (["report"], "give either --config FILE or --example"),
        (["frobnicate"], "frobnicate"),
    ]

    func testEveryBadOptionExitsWith2AndOneLineAndNoSignal() throws {
        for (arguments, expected) in Self.corpus {
            let r = try CLI.run(arguments)
            let line = arguments.joined(separator: " ")
            XCTAssertFalse(r.signalled, "signal: \(line)")
            XCTAssertEqual(r.status, 2, "\(line)\n\(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n", omittingEmptySubsequences: false).count, 2, "not one line: \(line)\n\(r.stderr)")
            XCTAssert(r.stderr.hasPrefix("reval: error: "), "\(line)\n\(r.stderr)")
            XCTAssert(r.stderr.contains(expected), "\(line): expected '\(expected)' in\n\(r.stderr)")
        }
    }

    func testControlCharactersInAnEchoedValueAreEscaped() throws {
        let r = try CLI.run(Self.estimate + ["--instrument", "red\u{1B}[31m"])
        XCTAssertEqual(r.status, 2)
        XCTAssertFalse(r.stderr.contains("\u{1B}"), r.stderr)
        XCTAssert(r.stderr.contains("red\\x1b[31m"), r.stderr)
    }

    func testHelpStillExitsZero() throws {
        XCTAssertEqual(try CLI.run(["estimate", "--help"]).status, 0)
    }
}
