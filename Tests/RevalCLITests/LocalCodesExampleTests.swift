import Foundation
import XCTest

/// Data/local-codes-example: an export with local spellings, running trajectories, wage cost
/// subsidies after leaving benefit and administrative splits, linked with its codes.toml (issue #12).
final class LocalCodesExampleTests: XCTestCase {
    static let dir = "Data/local-codes-example"
    let exports = ["--benefits", "\(dir)/benefits.csv", "--trajectories", "\(dir)/trajectories.csv"]
    let window = ["--cohort-start", "2010-01-01", "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30"]

    private func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    private func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    func testExampleLinksWithItsCodesFileAndReportsWhatRealExportsHave() throws {
        let out = temporary("cohort.csv")
        let r = try CLI.run(["link"] + exports + window + ["--codes", "\(Self.dir)/codes.toml", "--out", out, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try json(r.stdout)
        XCTAssertGreaterThan(report["spells_merged"] as! Int, 0)
        XCTAssertGreaterThan(report["spell_ends_after_extraction"] as! Int, 0)
        XCTAssertGreaterThan(report["trajectory_ends_after_extraction"] as! Int, 0)
        let outside = report["trajectories_outside_spells"] as! [String: Any]
        XCTAssertEqual((outside["by_instrument"] as! [String: Int]).keys.sorted(), ["wage_cost_subsidy"])
        XCTAssertEqual(report["excluded_by_reason"] as? [String: Int], [:])
        let cohort = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssert(cohort.split(separator: "\n")[0].contains(",start_work_fit,"), "a new instrument gets a column")
        XCTAssertFalse(cohort.contains("C00") || r.stdout.contains("C00"), "no person id in any output")
    }

    func testWithoutTheCodesFileTheFirstLocalSpellingIsAOneLineErrorSayingToAddIt() throws {
        let r = try CLI.run(["link"] + exports + window + ["--out", temporary("cohort.csv")])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssert(r.stderr.contains("benefits.csv:3: column 'Reden einde': unknown end reason code; add it to the codes file under [end_reason]"), r.stderr)
        XCTAssert(r.stderr.contains("(value 'Uitstroom naar werk (loondienst)')"), r.stderr)
    }

    func testListCodesShowsEveryValueWithItsCountAndMapping() throws {
        let before = try CLI.run(["link"] + exports + ["--list-codes", "--format", "json"])
        XCTAssertEqual(before.status, 0, before.stderr)
        func instrumentValues(_ text: String) throws -> [String: [String: Any]] {
            let columns = try json(text)["columns"] as! [[String: Any]]
            let values = columns.first { $0["column"] as? String == "instrument" }!["values"] as! [[String: Any]]
            return Dictionary(uniqueKeysWithValues: values.map { ($0["value"] as! String, $0) })
        }
        let unmapped = try instrumentValues(before.stdout)["Jobhunting via WSP"]!
        XCTAssertNil(unmapped["code"] as? String)
        XCTAssert((unmapped["count"] as? Int).map { $0 > 0 } ?? (unmapped["count"] is NSNull), "a count, or null when from 1 to 9")
        XCTAssertEqual(try instrumentValues(before.stdout)["Actieve bemiddeling"]!["code"] as? String, "active_mediation")
        let after = try CLI.run(["link"] + exports + ["--codes", "\(Self.dir)/codes.toml", "--list-codes"])
        XCTAssert(after.stdout.contains("\"Jobhunting via WSP\" = \"matching\""), after.stdout)
        XCTAssert(after.stdout.contains("# every value is mapped"), after.stdout)
        XCTAssertFalse(after.stdout.contains("C00"), "coded columns only")
    }

    func testANewInstrumentOfTheCodesFileIsEstimated() throws {
        let out = temporary("cohort.csv")
        XCTAssertEqual(try CLI.run(["link"] + exports + window + ["--codes", "\(Self.dir)/codes.toml", "--out", out]).status, 0)
        let e = try CLI.run(["estimate", "--cohort", out, "--instrument", "work_fit", "--horizon", "12", "--format", "json"])
        XCTAssertEqual(e.status, 0, e.stderr)
        XCTAssertEqual(try json(e.stdout)["instrument"] as? String, "work_fit")
    }

    func testCodesFileWithAnUnknownTableIsAnErrorNamingFileAndKey() throws {
        let codes = try CLI.temporaryFile("[opleiding]\n\"HBO-B\" = \"HBO\"\n", name: "codes.toml")
        let r = try CLI.run(["link"] + exports + ["--codes", codes, "--list-codes"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("codes.toml: column 'opleiding': unknown table in the codes file"), r.stderr)
    }

    func testExclusionBeyondMaxExcludedFailsWithTheCountAndTheMostCommonReason() throws {
        let r = try CLI.run(["link", "--benefits", "Tests/CohortTests/BadFiles/mixed-bad-rows.csv",
                             "--trajectories", "Tests/CohortTests/BadFiles/good-trajectories.csv", "--extraction-date", "2014-06-30",
                             "--on-error", "exclude", "--out", temporary("cohort.csv")])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssert(r.stderr.contains("reval: error: Tests/CohortTests/BadFiles/mixed-bad-rows.csv: excluding bad rows would drop 3 of 4 benefit rows (75.0 %), more than the 0.05 allowed"), r.stderr)
        XCTAssert(r.stderr.contains("most common reason: malformed_record (2)"), r.stderr)
    }

    func testWithoutCohortStartTheWindowStartsAtTheEarliestSpell() throws {
        let r = try CLI.run(["link"] + exports + ["--codes", "\(Self.dir)/codes.toml", "--extraction-date", "2014-06-30", "--out", temporary("cohort.csv"), "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try json(r.stdout)["cohort_start"] as? String, "2006-09-15", "the earliest spell start, not a made-up date")
    }

    func testMaxExcludedOutsideZeroToOneIsAnError() throws {
        let r = try CLI.run(["link"] + exports + window + ["--max-excluded", "5", "--out", temporary("cohort.csv")])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("--max-excluded must be a share from 0 to 1 (value '5.0')"), r.stderr)
    }

    /// Werkfit BV runs every work_fit trajectory, each on the same day as one of Re-integratie Leiden.
    func testWerkfitBVAppearsAsTheProviderOfWorkFitInDescribe() throws {
        let out = temporary("cohort.csv")
        XCTAssertEqual(try CLI.run(["link"] + exports + window + ["--codes", "\(Self.dir)/codes.toml", "--out", out]).status, 0)
        let d = try CLI.run(["describe", "--cohort", out, "--by", "provider", "--format", "json"])
        XCTAssertEqual(d.status, 0, d.stderr)
        let json = try json(d.stdout)
        let providers = json["providers_by_instrument"] as! [String: [String: Any]]
        XCTAssertEqual(providers["work_fit"]?.keys.sorted(), ["Werkfit BV"])
        XCTAssertEqual(providers["aftercare"]?.keys.sorted(), ["Re-integratie Leiden"])
        let groups = (json["use_by"] as! [String: [[String: Any]]])["provider"]!
        let werkfit = groups.first { $0["group"] as? String == "Werkfit BV" }!
        let workFit = (werkfit["instruments"] as! [String: [String: Any]])["work_fit"]!
        XCTAssertEqual(workFit["numerator"] as? Int, workFit["denominator"] as? Int, "every Werkfit BV participant had work_fit with it")
        let leiden = groups.first { $0["group"] as? String == "Re-integratie Leiden" }!
        XCTAssertEqual(((leiden["instruments"] as! [String: [String: Any]])["work_fit"]!)["numerator"] as? Int, 0)
    }

    func testEstimateByProviderTakesTheProviderOfTheEstimatedInstrument() throws {
        let out = temporary("cohort.csv")
        XCTAssertEqual(try CLI.run(["link"] + exports + window + ["--codes", "\(Self.dir)/codes.toml", "--out", out]).status, 0)
        let e = try CLI.run(["estimate", "--cohort", out, "--instrument", "work_fit", "--by", "provider", "--horizon", "12", "--format", "json"])
        XCTAssertEqual(e.status, 0, e.stderr)
        let json = try json(e.stdout)
        let rows = json["rows"] as! [[String: Any]]
        XCTAssertEqual(Set(rows.compactMap { $0["dimension"] as? String == "provider" ? $0["subgroup"] as? String : nil }), ["Werkfit BV"])
        XCTAssert((json["notes"] as! [String]).contains { $0.hasPrefix("provider: each provider's participants in work_fit (the persons whose first work_fit trajectory it ran") })
    }

    func testDescribeTabulatesEndReasonsAndUseByAnyDimension() throws {
        let out = temporary("cohort.csv")
        XCTAssertEqual(try CLI.run(["link"] + exports + window + ["--codes", "\(Self.dir)/codes.toml", "--out", out]).status, 0)
        let d = try CLI.run(["describe", "--cohort", out, "--by", "age,sex,household,education,work_history,provider", "--format", "json"])
        XCTAssertEqual(d.status, 0, d.stderr)
        let json = try json(d.stdout)
        XCTAssertEqual((json["use_by"] as! [String: Any]).keys.sorted(), ["age", "education", "household", "provider", "sex", "work_history"])
        // Counts are under disclosure control: a count from 1 to 9 is null (DisclosureScanTests).
        XCTAssertGreaterThan((json["end_reasons"] as! [String: Any])["work"] as! Int, 0)
        let bad = try CLI.run(["describe", "--cohort", out, "--by", "postcode"])
        XCTAssertEqual(bad.status, 2)
        XCTAssert(bad.stderr.contains("--by: unknown dimension 'postcode'"), bad.stderr)
    }
}
