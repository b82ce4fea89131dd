import Foundation
import TestSupport
import XCTest

/// Issue #14 item 1: one evaluation plan, run from any folder and from raw exports or a linked cohort.
final class EvaluationPlanTests: XCTestCase {
    private func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reval-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// The shipped example is found beside the executable, not in the working folder.
    func testTheExampleRunsFromAnotherFolder() throws {
        let dir = try temporaryFolder()
        let check = try CLI.run(["report", "--example", "--check"], in: dir)
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssert(check.stdout.contains("Data/leiden-synthetic/evaluation.toml: configuration is valid"), check.stdout)
        let r = try CLI.run(["report", "--example", "--out", "report", "--quiet"], in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report/report.md").path))
        // The report's estimates as an effect table that `reval apply` reads.
        let apply = try CLI.run(["apply", "--effects", "report/estimates.csv", "--counts", "matching=100"], in: dir)
        XCTAssertEqual(apply.status, 0, apply.stderr)
        XCTAssert(apply.stdout.contains("matching"), apply.stdout)
    }

    /// `cohort = "..."` in `[inputs]`: the report of a linked cohort has the estimates of the report of its exports.
    func testAReportStartsFromALinkedCohort() throws {
        let dir = try temporaryFolder()
        let cohort = dir.appendingPathComponent("cohort.csv").path
        let link = try CLI.run(["link", "--benefits", ExampleConfig.folder + "/benefits.csv", "--trajectories", ExampleConfig.folder + "/trajectories.csv",
                                "--cohort-start", "2010-01-01", "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", cohort, "--quiet"])
        XCTAssertEqual(link.status, 0, link.stderr)
        let config = try ExampleConfig.copy(replacing: [("benefits = \"benefits.csv\"\ntrajectories = \"trajectories.csv\"\n", "cohort = \"\(cohort)\"\n")], absoluteInputs: true)
        let fromCohort = dir.appendingPathComponent("from-cohort").path, fromExports = dir.appendingPathComponent("from-exports").path
        for (cfg, out) in [(config, fromCohort), (ExampleConfig.path, fromExports)] {
            let r = try CLI.run(["report", "--config", cfg, "--out", out, "--quiet"])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        func json(_ folder: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/results.json"))) as! [String: Any]
        }
        let a = try json(fromCohort), b = try json(fromExports)
        XCTAssertEqual(a["effects"] as? NSArray, b["effects"] as? NSArray)
        let loss = a["sample_loss"] as! [String: Any]
        XCTAssertEqual(loss["cohort_file"] as? String, "cohort.csv")
        XCTAssertEqual(loss["cohort_persons"] as? Int, (b["sample_loss"] as! [String: Any])["cohort_persons"] as? Int)
        XCTAssert(loss["benefit_rows_read"] is NSNull, "a step the run did not take is null")
        let md = try String(contentsOfFile: fromCohort + "/report.md", encoding: .utf8)
        XCTAssert(md.contains("Gestart van het gekoppelde cohortbestand cohort.csv"), md)
    }
}
