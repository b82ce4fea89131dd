import Foundation
import XCTest

/// Issue #11: an estimate is a function of the data's content alone. The shipped example is
/// linked as shipped and again with its rows shuffled and every person id replaced, then
/// estimated with two different seeds; the effect tables (and balance tables) must be byte-identical.
final class DeterminismTests: XCTestCase {
    /// The example's exports with rows shuffled (seeded, so the test is repeatable) and ids renamed.
    private func shuffledWithNewIDs(from src: URL, into dir: URL) throws {
        var state: UInt64 = 0x5EED // a seeded LCG: a failure must be reproducible
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 11 }
        var newID = [Substring: String]()
        for name in ["benefits.csv", "trajectories.csv"] {
            let lines = try String(contentsOf: src.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
            var body = Array(lines.dropFirst())
            for i in stride(from: body.count - 1, to: 0, by: -1) { body.swapAt(i, Int(next() % UInt64(i + 1))) }
            let renamed = body.map { line -> String in
                let id = line.prefix { $0 != "," }
                let new = newID[id] ?? { let n = "Z\(String(next() % 100_000_000, radix: 16))-\(newID.count)"; newID[id] = n; return n }()
                return new + line.dropFirst(id.count)
            }
            try ([String(lines[0])] + renamed).joined(separator: "\n").appending("\n")
                .write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    /// The example's exports with a `district` column: a function of the person (of their original id).
    private func exampleWithDistrict(into dir: URL) throws {
        let src = CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic")
        let lines = try String(contentsOf: src.appendingPathComponent("benefits.csv"), encoding: .utf8).split(separator: "\n")
        let districts = ["Noord", "Oost", "Zuid", "West"]
        let body = lines.dropFirst().map { $0 + "," + districts[$0.prefix { $0 != "," }.utf8.reduce(0) { $0 + Int($1) } % 4] }
        try ([lines[0] + ",district"] + body).joined(separator: "\n").appending("\n").write(to: dir.appendingPathComponent("benefits.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: src.appendingPathComponent("trajectories.csv"), to: dir.appendingPathComponent("trajectories.csv"))
    }

    private func link(_ dir: URL, _ extra: [String] = []) throws -> String {
        let out = dir.appendingPathComponent("cohort.csv").path
        let r = try CLI.run(["link", "--benefits", dir.appendingPathComponent("benefits.csv").path,
                             "--trajectories", dir.appendingPathComponent("trajectories.csv").path,
                             "--cohort-start", "2010-01-01", "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", out] + extra)
        XCTAssertEqual(r.status, 0, r.stderr)
        return out
    }

    private func estimate(_ cohort: String, seed: Int, _ extra: [String]) throws -> (csv: Data, json: String, balance: Data) {
        let table = cohort + ".effects-\(seed).csv", balance = cohort + ".balance-\(seed).csv"
        let r = try CLI.run(["estimate", "--cohort", cohort, "--instrument", "matching", "--horizon", "24,96",
                             "--by", "education,work_history", "--seed", String(seed), "--format", "json", "--out", table, "--balance", balance] + extra)
        XCTAssertEqual(r.status, 0, r.stderr)
        return (try Data(contentsOf: URL(fileURLWithPath: table)), r.stdout, try Data(contentsOf: URL(fileURLWithPath: balance)))
    }

    private func assertSameEffectTables(_ extra: [String], district: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("determinism-\(UUID().uuidString)")
        let shuffled = tmp.appendingPathComponent("shuffled")
        try FileManager.default.createDirectory(at: shuffled, withIntermediateDirectories: true)
        if district {
            try exampleWithDistrict(into: tmp)
        } else {
            for name in ["benefits.csv", "trajectories.csv"] {
                try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic/\(name)"), to: tmp.appendingPathComponent(name))
            }
        }
        try shuffledWithNewIDs(from: tmp, into: shuffled)
        let linkExtra = district ? ["--covariates", "district"] : []
        let a = try estimate(try link(tmp, linkExtra), seed: 1, extra), b = try estimate(try link(shuffled, linkExtra), seed: 7, extra)
        XCTAssertGreaterThan(a.csv.count, 500, file: file, line: line)
        XCTAssertEqual(String(decoding: a.csv, as: UTF8.self), String(decoding: b.csv, as: UTF8.self), file: file, line: line)
        XCTAssertEqual(a.json, b.json, file: file, line: line)
        XCTAssertEqual(a.balance, b.balance, "balance tables", file: file, line: line)
    }

    func testNowVsWaitingEffectTableIgnoresRowOrderIdsAndSeed() throws { try assertSameEffectTables([]) }

    func testNowVsNeverEffectTableIgnoresRowOrderIdsAndSeed() throws { try assertSameEffectTables(["--estimand", "now-vs-never"]) }

    /// Above the control-row budget the controls are thinned by their content, not by position or seed.
    func testThinnedControlPoolIgnoresRowOrderIdsAndSeed() throws { try assertSameEffectTables(["--max-control-rows", "5000"]) }

    func testIPWEffectTableIgnoresRowOrderIdsAndSeed() throws { try assertSameEffectTables(["--method", "ipw"]) }

    /// A user-named covariate is part of the content the order is taken from.
    func testEffectTableWithANamedCovariateIgnoresRowOrderIdsAndSeed() throws {
        try assertSameEffectTables(["--covariates", "district"], district: true)
    }
}
