import Foundation
import XCTest

/// Issue #11 item 5: `reval estimate --balance FILE` writes the balance of every estimated cell,
/// named by its cell, in cobalt's conventions — the propensity score first, every level of every
/// factor including the reference level, a `type` column, and no variance ratio for binary covariates.
final class BalanceOutputTests: XCTestCase {
    /// The shipped example's effects of matching by education, with the balance CSV and the JSON.
    private static let cohortRun: (csv: [[String: String]], json: String, effects: String) = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("balance-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cohort = dir.appendingPathComponent("cohort.csv").path, balance = dir.appendingPathComponent("balance.csv").path
        let src = "Data/leiden-synthetic/"
        let link = try! CLI.run(["link", "--benefits", src + "benefits.csv", "--trajectories", src + "trajectories.csv", "--cohort-start", "2010-01-01",
                                 "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", cohort])
        XCTAssertEqual(link.status, 0, link.stderr)
        let effects = dir.appendingPathComponent("effects.csv").path
        let r = try! CLI.run(["estimate", "--cohort", cohort, "--instrument", "matching", "--horizon", "24", "--outcomes", "out_of_benefit",
                              "--by", "education", "--balance", balance, "--out", effects, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return (rows(try! String(contentsOfFile: balance, encoding: .utf8)), r.stdout, try! String(contentsOfFile: effects, encoding: .utf8))
    }()

    /// The run's JSON, parsed at each use: a shared static holds only Sendable values, and `[String: Any]` is not one.
    private static var json: [String: Any] { try! JSONSerialization.jsonObject(with: Data(cohortRun.json.utf8)) as! [String: Any] }

    private static func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    func testEveryEstimatedCellHasItsBalanceNamedByTheCell() throws {
        let cells = Set(Self.cohortRun.csv.map { "\($0["instrument"]!)|\($0["estimand"]!)|\($0["dimension"]!)|\($0["subgroup"]!)|\($0["outcome"]!)|\($0["horizon_months"]!)" })
        let lines = Self.cohortRun.effects.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = Dictionary(uniqueKeysWithValues: lines[0].enumerated().map { ($1, $0) })
        let estimated = lines.dropFirst().filter { $0[column["status"]!] == "estimate" }
            .map { r in "matching|now-vs-waiting|" + ["dimension", "subgroup", "outcome", "horizon_months"].map { r[column[$0]!] }.joined(separator: "|") }
        XCTAssertGreaterThan(estimated.count, 2, "the whole cohort and the education groups")
        XCTAssertEqual(cells, Set(estimated))
        XCTAssertEqual((Self.json["balance"] as! [[String: Any]]).count, estimated.count)
    }

    func testEachCellStartsWithTheDistanceAndListsTheReferenceLevels() throws {
        let all = Self.cohortRun.csv.filter { $0["dimension"] == "all" }
        XCTAssertEqual(all.first?["covariate"], "distance")
        XCTAssertEqual(all.first?["type"], "distance")
        let names = all.map { $0["covariate"]! }
        for reference in ["age_18_24", "male", "education_low", "worked_0", "single_or_unknown_household", "tau_1_3", "current_spell_12_plus"] {
            XCTAssert(names.contains(reference), reference)
        }
        XCTAssertLessThan(names.firstIndex(of: "male")!, names.firstIndex(of: "female")!, "the reference level first, in level order")
        let json = (Self.json["balance"] as! [[String: Any]])[0]["table"] as! [String: Any]
        XCTAssert((json["reference_levels"] as! [String]).contains("age_18_24"))
    }

    func testBinaryCovariatesHaveADifferenceInProportionsAndNoVarianceRatio() throws {
        let rows = Self.cohortRun.csv
        XCTAssertEqual(Set(rows.map { $0["type"]! }), ["distance", "binary", "continuous"])
        for r in rows where r["type"] == "binary" {
            XCTAssertEqual(r["variance_ratio_before"], "", r["covariate"]!)
            XCTAssertEqual(r["variance_ratio_after"], "", r["covariate"]!)
            XCTAssertLessThanOrEqual(abs(Double(r["diff_before"]!)!), 1, "a difference in proportions: \(r["covariate"]!)")
        }
        XCTAssertFalse(rows.first { $0["covariate"] == "age_decades_from_40" }!["variance_ratio_before"]!.isEmpty)
    }

    /// Generic mode on lalonde: `raceblack`, the level R's model matrix leaves out, is in the table.
    func testGenericModeWritesTheEstimatesBalanceWithEveryLevel() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("balance-generic-\(UUID().uuidString).csv").path
        let r = try CLI.run(["estimate", "--data", "Data/lalonde.csv", "--treatment", "treat", "--outcome", "re78",
                             "--covariates", "age,educ,race,married,nodegree,re74,re75", "--matchit-compatible", "--balance", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = Self.rows(try String(contentsOfFile: out, encoding: .utf8))
        XCTAssertEqual(rows.map { $0["covariate"]! }, ["distance", "age", "educ", "raceblack", "racehispan", "racewhite", "married", "nodegree", "re74", "re75"])
        XCTAssertEqual(rows.first { $0["covariate"] == "raceblack" }?["type"], "binary")
    }
}
