import Foundation
import XCTest

final class CohortCommandsTests: XCTestCase {
    let linkArguments = ["link", "--benefits", "Data/leiden-synthetic/benefits.csv", "--trajectories", "Data/leiden-synthetic/trajectories.csv",
                         "--cohort-start", "2010-01-01", "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30"]

    func testLinkThenDescribeReproducesFigure2_4Of004() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-\(UUID().uuidString).csv").path
        let link = try CLI.run(linkArguments + ["--out", out, "--format", "json"])
        XCTAssertEqual(link.status, 0, link.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(link.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(report["cohort_persons"] as? Int, 2849) // 2,850 inflows, one joined to a spell that ended days before 2010
        let d = try CLI.run(["describe", "--cohort", out, "--inflow-from", "2011-10-01", "--inflow-to", "2012-12-31", "--format", "json"])
        XCTAssertEqual(d.status, 0, d.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(d.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["persons"] as? Int, 1358)
        let within = (json["outflow"] as! [String: Any])["spontaneous_within_year"] as! [String: Any]
        XCTAssertEqual(within["share"] as! Double, 0.42, accuracy: 0.03)
        XCTAssertNotNil(within["numerator"])
    }

    func testBadRowFailsWithExitCode2AndOneLine() throws {
        let r = try CLI.run(["link", "--benefits", "Tests/CohortTests/BadFiles/unknown-education.csv",
                             "--trajectories", "Tests/CohortTests/BadFiles/good-trajectories.csv", "--extraction-date", "2014-06-30", "--out", "/dev/null"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssert(r.stderr.contains("unknown-education.csv:2: column 'education'"), r.stderr)
    }

    func testExcludeModeReportsTheDroppedRows() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-\(UUID().uuidString).csv").path
        let r = try CLI.run(["link", "--benefits", "Tests/CohortTests/BadFiles/mixed-bad-rows.csv",
                             "--trajectories", "Tests/CohortTests/BadFiles/good-trajectories.csv", "--extraction-date", "2014-06-30",
                             "--on-error", "exclude", "--max-excluded", "1", "--out", out, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        // Every reason is named; its count (1 or 2 rows) is below 10, so it is null and listed as suppressed.
        XCTAssertEqual(Set((json["excluded_by_reason"] as! [String: Any]).keys), ["malformed_record", "end_before_start", "trajectory_without_benefits"])
        XCTAssert((json["excluded_by_reason"] as! [String: Any]).values.allSatisfy { $0 is NSNull })
        XCTAssertEqual((json["suppressed"] as! [String: String])["excluded_by_reason.malformed_record"], "below_minimum")
    }

    /// Issue #4 item 6: the effect table names the estimand it was estimated for, and `reval apply` reads it.
    func testEstimatedEffectTableNamesItsEstimandAndFeedsApply() throws {
        let tmp = FileManager.default.temporaryDirectory
        let cohort = tmp.appendingPathComponent("cohort-\(UUID().uuidString).csv").path, table = tmp.appendingPathComponent("effects-\(UUID().uuidString).csv").path
        XCTAssertEqual(try CLI.run(linkArguments + ["--out", cohort]).status, 0)
        let e = try CLI.run(["estimate", "--cohort", cohort, "--instrument", "matching", "--estimand", "now-vs-never", "--horizon", "24", "--out", table])
        XCTAssertEqual(e.status, 0, e.stderr)
        let lines = try String(contentsOfFile: table, encoding: .utf8).split(separator: "\n")
        let column = try XCTUnwrap(lines[0].split(separator: ",").firstIndex(of: "estimand"))
        XCTAssertFalse(lines.dropFirst().isEmpty)
        for row in lines.dropFirst() { XCTAssertEqual(row.split(separator: ",", omittingEmptySubsequences: false)[column], "now-vs-never", String(row)) }
        let a = try CLI.run(["apply", "--effects", table, "--counts", "matching=100", "--format", "json"])
        XCTAssertEqual(a.status, 0, a.stderr)
    }

    func testSimulateWritesTheThreeFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString)").path
        let r = try CLI.run(["simulate", "--preset", "leiden", "--persons", "300", "--seed", "1", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        for f in ["benefits.csv", "trajectories.csv", "truth.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: dir + "/" + f), f)
        }
    }
}

final class ReportCommandTests: XCTestCase {
    /// Issue acceptance: the example report renders, and two runs give byte-identical outputs (provenance.json aside).
    func testExampleReportIsWrittenAndReproducible() throws {
        let tmp = FileManager.default.temporaryDirectory
        let a = tmp.appendingPathComponent("rep-\(UUID().uuidString)").path, b = tmp.appendingPathComponent("rep-\(UUID().uuidString)").path
        for dir in [a, b] {
            let r = try CLI.run(["report", "--example", "--out", dir])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let files = ["report.md", "report.html", "results.json", "figures/outflow.svg", "figures/forest-matching.svg"]
        for f in files {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a + "/" + f)), try Data(contentsOf: URL(fileURLWithPath: b + "/" + f)), f)
        }
        let provenance = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: a + "/provenance.json"))) as! [String: Any]
        let inputs = provenance["inputs"] as! [String: String]
        XCTAssertEqual(Set(inputs.keys), ["config", "benefits", "trajectories", "effects"])
        XCTAssert(inputs.values.allSatisfy { $0.count == 64 }, "SHA-256 in hex")
    }
}
