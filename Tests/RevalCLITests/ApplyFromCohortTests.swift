import Foundation
import TestSupport
import XCTest

/// Issue #14: `reval apply --cohort` counts the participants in a linked cohort and gives the
/// figures `reval apply` gives on those counts, in average and composition mode.
final class ApplyFromCohortTests: XCTestCase {
    private let effects = ExampleConfig.folder + "/../effects/lammers-2013.csv"

    /// The example linked into a cohort file in a temporary folder.
    private func linkedCohort() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reval-apply-cohort-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let cohort = dir.appendingPathComponent("cohort.csv").path
        let link = try CLI.run(["link", "--benefits", ExampleConfig.folder + "/benefits.csv", "--trajectories", ExampleConfig.folder + "/trajectories.csv",
                                "--cohort-start", "2010-01-01", "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", cohort, "--quiet"])
        XCTAssertEqual(link.status, 0, link.stderr)
        return cohort
    }

    /// Participants per instrument (a start month given) and education, counted from the cohort file's columns.
    private func participants(_ cohort: String, instruments: [String]) throws -> [String: [String: Int]] {
        let lines = try String(contentsOfFile: cohort, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        var n = [String: [String: Int]]()
        for row in lines.dropFirst() {
            for i in instruments where !row[header.firstIndex(of: "start_\(i)")!].isEmpty {
                n[i, default: [:]][row[header.firstIndex(of: "education")!], default: 0] += 1
            }
        }
        return n
    }

    private func json(_ arguments: [String]) throws -> NSDictionary {
        let r = try CLI.run(["apply", "--effects", effects, "--format", "json"] + arguments)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! NSDictionary
    }

    func testTheCohortGivesTheFiguresOfItsCounts() throws {
        let cohort = try linkedCohort()
        let instruments = ["schooling", "matching"]
        let n = try participants(cohort, instruments: instruments)
        let counts = instruments.map { "\($0)=\(n[$0]!.values.reduce(0, +))" }.joined(separator: ",")
        XCTAssertEqual(try json(["--cohort", cohort]), try json(["--counts", counts]))
        let cells = instruments.map { i in "\(i):" + n[i]!.keys.sorted().map { "\($0)=\(n[i]![$0]!)" }.joined(separator: ",") }.joined(separator: ";")
        XCTAssertEqual(try json(["--cohort", cohort, "--mode", "composition", "--by", "education"]),
                       try json(["--mode", "composition", "--by", "education", "--cell-counts", cells]))
    }

    func testCountsAndACohortAreNotGivenTogether() throws {
        let r = try CLI.run(["apply", "--effects", effects, "--cohort", "cohort.csv", "--counts", "matching=1"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssert(r.stderr.contains("--cohort counts the participants; leave out --counts and --cell-counts"), r.stderr)
    }
}
