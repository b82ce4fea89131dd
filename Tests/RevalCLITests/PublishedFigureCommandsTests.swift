import Foundation
import XCTest

/// The acceptance commands of the published-figures issue, run as a user runs them.
final class PublishedFigureCommandsTests: XCTestCase {
    /// 004 appendix B: 65,4 and 42,8 extra people, 2.356 months; per instrument 3,1/2,4 and 62,3/40,4.
    func testApplyReproducesAppendixBOf004() throws {
        let r = try CLI.run(["apply", "--effects", "Data/effects/lammers-2013.csv", "--counts", "schooling=102,matching=561", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["extra_out_of_benefit_2y"] as? Double, 65.4)
        XCTAssertEqual(json["extra_out_of_benefit_8y"] as? Double, 42.8)
        XCTAssertEqual(json["benefit_months_saved"] as? Double, 2356)
        let rows = json["instruments"] as! [[String: Any]]
        func rounded(_ row: [String: Any], _ key: String) -> Double? { (row[key] as? [String: Any])?["rounded"] as? Double }
        XCTAssertEqual(rows.map { rounded($0, "extra_out_of_benefit_short") }, [3.1, 62.3])
        XCTAssertEqual(rows.map { rounded($0, "extra_out_of_benefit_long") }, [2.4, 40.4])
    }

    /// 004 section 2.6.
    func testBreakevenReproducesSection2_6Of004() throws {
        let r = try CLI.run(["breakeven", "--fixed-cost", "511000", "--bonus", "1800", "--placements", "160",
                             "--spontaneous-week", "24.7", "--entry-week", "7", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["cost"] as? Double, 799_000)
        XCTAssertEqual((json["benefit_months_to_save"] as? Double)?.rounded(), 634)
    }

    /// 000 chapter 6, scenario table: every cell to the euro.
    func testBuigReproducesTheScenarioTableOf000() throws {
        let r = try CLI.run(["buig", "--years", "2019,2020,2021,2022", "--budget", "24729914,24840389,25116577,25668953",
                             "--spending", "28204449,28330049,28644046,29272046", "--scenario-clients", "30",
                             "--cost-per-client-year", "15000", "--scenario-budget", "24729914,24840289,25116577,25668953", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let scenario = json["scenario"] as! [[String: Any]]
        XCTAssertEqual(scenario.map { (($0["own_risk"] as! Double)).rounded() }, [2_439_639, 2_226_391, 2_030_606, 1_803_093])
        XCTAssertEqual(scenario.map { (($0["safety_net"] as! Double)).rounded() }, [584_896, 363_369, 146_863, 0])
    }

    func testVerifyPassesOnTheShippedData() throws {
        let r = try CLI.run(["verify"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssert(r.stdout.contains("0 mismatch"), r.stdout)
    }

    /// `reval verify --seeds ../shared/seeds` also finds every quote in its cited section of the seed text.
    func testVerifyWithSeedsChecksEveryCitation() throws {
        let r = try CLI.run(["verify", "--seeds", "../shared/seeds"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stdout.contains("citations: 0 problems in 144 figures"), r.stdout)
    }

    /// Seeds that cannot be read make every citation a problem: exit 1, one stderr line each.
    func testVerifyWithAWrongSeedsFolderFails() throws {
        let r = try CLI.run(["verify", "--seeds", FileManager.default.temporaryDirectory.path])
        XCTAssertEqual(r.status, 1)
        XCTAssert(r.stderr.hasPrefix("reval: citation: "), r.stderr)
    }

    func testAuditListsFindingsWithTheirCells() throws {
        let r = try CLI.run(["audit"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stdout.contains("FINDING 002-total-2020"), r.stdout)
        XCTAssert(r.stdout.contains("cells: Totaal@2020"), r.stdout)
    }

    /// Issue #16 item 3: a finding in running text names where both numbers are printed, the gap and the rounding verdict.
    func testAuditShowsBothLocationsOfATextFinding() throws {
        let r = try CLI.run(["audit"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stdout.contains("FINDING 000-ch3-duration-sum [000 §3, paragraph Bestandsanalyse]"), r.stdout)
        XCTAssert(r.stdout.contains("printed 1929 at 000 §3, paragraph Bestandsanalyse"), r.stdout)
        XCTAssert(r.stdout.contains("gap 2, tolerance 0; rounding cannot explain it"), r.stdout)
        XCTAssert(r.stdout.contains("expected 4.6 from 004 §bijlage B (Berekening voor Leiden); 004 §bijlage B (table B.1)"), r.stdout)
    }

    /// The audit's JSON carries both locations and the rounding verdict under stable snake_case keys.
    func testAuditJSONHasLocationsAndRoundingVerdict() throws {
        let r = try CLI.run(["audit", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let results = json["results"] as! [[String: Any]]
        let f = try XCTUnwrap(results.first { $0["id"] as? String == "004-s4.1-130" })
        XCTAssertEqual(f["printed_locations"] as? [String], ["004 §4.1, text below table 4.3 'Landelijke verdeling'"])
        XCTAssertEqual(f["explained_by_rounding"] as? Bool, true)
        XCTAssertNotNil(json["explained_by_rounding"] as? Int)
    }

    /// Issue #16 item 4: `reval describe --stock` describes the stock of a linked cohort on a date, as 000 §3 does.
    func testDescribeStockGivesAgeGroupsAndDurationClassesOnADate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let link = try CLI.run(["link", "--benefits", "Data/leiden-synthetic/benefits.csv", "--trajectories", "Data/leiden-synthetic/trajectories.csv",
                                "--cohort-start", "2010-01-01", "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", dir + "/cohort.csv"])
        XCTAssertEqual(link.status, 0, link.stderr)
        let r = try CLI.run(["describe", "--stock", "--date", "2013-06-30", "--cohort", dir + "/cohort.csv", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let persons = try XCTUnwrap(json["persons"] as? Int)
        let ages = try XCTUnwrap(json["age_groups"] as? [String: [String: Any]])
        XCTAssertEqual(Set(ages.keys), ["18-26", "27-39", "40-49", "50-59", "60+"])
        XCTAssertEqual(ages.values.compactMap { $0["numerator"] as? Int }.reduce(0, +), persons)
        XCTAssertNotNil(json["duration_classes"] as? [String: Any])
    }

    func testDescribeStockWithoutADateIsAOneLineError() throws {
        let r = try CLI.run(["describe", "--stock", "--cohort", "nonexistent.csv"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "reval: error: --stock needs --date (the snapshot day, e.g. 2018-08-27)\n")
    }

    /// The local-codes example linked with a distance-to-work category column added to its benefits
    /// export (values 1A–3B, some empty), as a municipality that exports the assessment would.
    private func cohortWithCategories() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stock-cat-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let example = "Data/local-codes-example"
        let lines = try String(contentsOfFile: example + "/benefits.csv", encoding: .utf8).split(whereSeparator: \.isNewline)
        let categories = ["1A", "1B", "2A", "2B", "3A", "3B", ""]
        let rows = [lines[0] + ";Categorie"] + lines.dropFirst().map { line in
            let id = line.split(separator: ";", omittingEmptySubsequences: false)[0]
            return line + ";" + categories[id.unicodeScalars.reduce(0) { $0 + Int($1.value) } % categories.count]
        }
        try (rows.joined(separator: "\r\n") + "\r\n").write(toFile: dir + "/benefits.csv", atomically: true, encoding: .utf8)
        let link = try CLI.run(["link", "--benefits", dir + "/benefits.csv", "--trajectories", example + "/trajectories.csv", "--codes", example + "/codes.toml",
                                "--cohort-start", "2010-01-01", "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30",
                                "--covariates", "Categorie", "--out", dir + "/cohort.csv", "--quiet"])
        XCTAssertEqual(link.status, 0, link.stderr)
        return dir + "/cohort.csv"
    }

    /// Issue #16 item 4: the stock by a category column the municipality exports (distance to
    /// work), linked as a covariate and named with `--category`; every person of the stock is in one value.
    func testDescribeStockCountsTheStockByALinkedCategoryColumn() throws {
        let r = try CLI.run(["describe", "--stock", "--date", "2012-06-30", "--cohort", try cohortWithCategories(), "--category", "categorie", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["category_covariate"] as? String, "categorie")
        let categories = try XCTUnwrap(json["categories"] as? [String: [String: Any]])
        XCTAssertEqual(Set(categories.keys), ["1A", "1B", "2A", "2B", "3A", "3B", "unknown"])
        XCTAssertEqual(categories.values.compactMap { $0["numerator"] as? Int }.reduce(0, +), json["persons"] as? Int)
        XCTAssert((json["notes"] as? [String])?.first?.contains("as recorded at inflow") == true)
    }

    func testAStockCategoryMustBeACovariateOfTheCohort() throws {
        let r = try CLI.run(["describe", "--stock", "--date", "2012-06-30", "--cohort", try cohortWithCategories(), "--category", "wijk"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "reval: error: --category: must be a covariate of the cohort file (categorie) (value 'wijk')\n")
    }

    func testACategoryWithoutStockIsAnError() throws {
        let r = try CLI.run(["describe", "--cohort", try cohortWithCategories(), "--category", "categorie"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "reval: error: --category needs --stock (it counts the client stock on --date by a category)\n")
    }

    /// Issue #16 item 4: `reval roi` gives the break-even of 004 §2.6 and the cost per extra person out of benefit.
    func testROIReproducesTheBreakEvenOf004Section2_6() throws {
        let r = try CLI.run(["roi", "--cost", "799000", "--participants", "160", "--effect-per-100", "7.2", "--months-per-participant", "4.2", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual((json["break_even_benefit_months"] as? Double)?.rounded(), 634)
        XCTAssertEqual((json["break_even_months_per_participant"] as? Double)?.rounded(), 4)
        XCTAssertEqual(try XCTUnwrap(json["cost_per_extra_out_of_benefit"] as? Double), 799_000 / 11.52, accuracy: 1e-6)
    }

    func testROIWithANegativeCostIsAOneLineError() throws {
        let r = try CLI.run(["roi", "--cost", "-5", "--participants", "3"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "reval: error: cost must be a positive number (value '-5')\n")
    }

    func testApplyWithUnknownInstrumentIsAOneLineError() throws {
        let r = try CLI.run(["apply", "--effects", "Data/effects/lammers-2013.csv", "--counts", "coaching=5"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    }
}

final class AuditFileTests: XCTestCase {
    /// Data/published/AUDIT.md must be what `reval audit --format md` prints today (regenerate with scripts/audit-published).
    func testAuditMarkdownIsUpToDate() throws {
        let r = try CLI.run(["audit", "--format", "md"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let file = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Data/published/AUDIT.md"), encoding: .utf8)
        XCTAssert(file.hasPrefix(r.stdout), "Data/published/AUDIT.md is stale: run scripts/audit-published")
    }
}
