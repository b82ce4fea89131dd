import Foundation
import XCTest

/// Issue #13 item 5: progress of long stages on stderr, never on stdout, silenced by --quiet.
final class ProgressTests: XCTestCase {
    /// Progress from the first report, so that the small shipped data shows it.
    let immediately = ["REVAL_PROGRESS_DELAY": "0"]

    private func runLoudAndQuiet(_ arguments: [String], expecting progress: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let loud = try CLI.run(arguments, environment: immediately)
        let quiet = try CLI.run(arguments + ["--quiet"], environment: immediately)
        XCTAssertEqual(loud.status, 0, loud.stderr, file: file, line: line)
        XCTAssertEqual(quiet.status, 0, quiet.stderr, file: file, line: line)
        XCTAssert(loud.stderr.contains(progress), "expected '\(progress)' in: \(loud.stderr)", file: file, line: line)
        XCTAssertFalse(loud.stdout.contains(progress), "progress on stdout", file: file, line: line)
        XCTAssertEqual(quiet.stderr, "", file: file, line: line)
        XCTAssertEqual(quiet.stdout, loud.stdout, "--quiet changes nothing on stdout", file: file, line: line)
    }

    func testEveryLongStageReportsProgressOnStderrAndQuietSilencesIt() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)").path
        try runLoudAndQuiet(["simulate", "--preset", "leiden", "--persons", "400", "--seed", "3", "--out", tmp], expecting: "simulate: 400 of 400 persons")
        try runLoudAndQuiet(["link", "--benefits", "Data/leiden-synthetic/benefits.csv", "--trajectories", "Data/leiden-synthetic/trajectories.csv",
                             "--cohort-start", "2010-01-01", "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", tmp + "/cohort.csv"],
                            expecting: "link: reading benefits.csv")
        try runLoudAndQuiet(["describe", "--cohort", tmp + "/cohort.csv"], expecting: "describe: reading cohort.csv 100% (2849 rows)")
        try runLoudAndQuiet(["estimate", "--cohort", tmp + "/cohort.csv", "--instrument", "matching", "--horizon", "24", "--by", "sex"],
                            expecting: "estimate: matching: cell 3 of 3 estimated")
        try runLoudAndQuiet(["glm", "--data", "Data/lalonde.csv", "--outcome", "treat", "--covariates", "age,educ"], expecting: "glm: reading lalonde.csv")
    }

    func testLinkReportsItsTimeAndMemoryUnlessQuiet() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-\(UUID().uuidString).csv").path
        let args = ["link", "--benefits", "Data/leiden-synthetic/benefits.csv", "--trajectories", "Data/leiden-synthetic/trajectories.csv",
                    "--extraction-date", "2014-06-30", "--out", out]
        XCTAssert(try CLI.run(args).stderr.contains("MB"))
        XCTAssertEqual(try CLI.run(args + ["--quiet"]).stderr, "")
    }

    func testEveryCommandAcceptsQuiet() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("rep-\(UUID().uuidString)").path
        for args in [["apply", "--effects", "Data/effects/lammers-2013.csv", "--counts", "matching=10"],
                     ["breakeven", "--fixed-cost", "511000", "--bonus", "1800", "--placements", "160", "--spontaneous-week", "24.7", "--entry-week", "7",
                      "--max-variable-cost", "395000"],
                     ["savings", "notional", "--placements", "4,2,3,1"], ["savings", "reduction", "--clients", "30"],
                     ["savings", "stock", "--years", "2018,2019", "--stock", "1846,1781"],
                     ["buig", "--years", "2019", "--budget", "24729914", "--spending", "28204449"],
                     ["verify"], ["audit"], ["report", "--example", "--out", report]] {
            let r = try CLI.run(args + ["--quiet"])
            XCTAssertEqual(r.status, 0, "\(args[0]): \(r.stderr)")
            XCTAssertEqual(r.stderr, "", args[0])
        }
    }
}
