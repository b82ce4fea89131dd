import Foundation
import XCTest

/// Issue #11 item 2 on the command line: a covariate name that does not exist is one line, exit 2,
/// naming what does.
final class CovariateCommandsTests: XCTestCase {
    private let example = CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic")

    private func assertOneLineError(_ r: CLI.Result, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 2, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssert(r.stderr.contains(expected), "expected '\(expected)' in\n\(r.stderr)", file: file, line: line)
    }

    private func link(_ extra: [String]) throws -> (CLI.Result, String) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cov-\(UUID().uuidString).csv").path
        return (try CLI.run(["link", "--benefits", example.appendingPathComponent("benefits.csv").path,
                             "--trajectories", example.appendingPathComponent("trajectories.csv").path, "--cohort-start", "2010-01-01",
                             "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", out] + extra), out)
    }

    func testLinkWithAColumnTheExportLacksNamesTheExportAndColumn() throws {
        let (r, _) = try link(["--covariates", "wijk"])
        assertOneLineError(r, "benefits.csv:1: column 'wijk': no column 'wijk' to carry as a covariate (--covariates); the export has no other columns")
    }

    func testEstimateWithACovariateTheCohortLacksSaysHowToCarryOne() throws {
        let (l, cohort) = try link([])
        XCTAssertEqual(l.status, 0, l.stderr)
        let r = try CLI.run(["estimate", "--cohort", cohort, "--instrument", "matching", "--covariates", "district"])
        assertOneLineError(r, "--covariates: unknown covariate: the cohort file carries no covariates of the user's (carry export columns with reval link --covariates) (value 'district')")
    }
}
