import Cohort
import Foundation
@testable import Evaluation
@testable import Reports
import TestSupport
import XCTest

/// `reval report --example`: the shipped synthetic Leiden example end to end.
final class ReportTests: XCTestCase {
    static let root = ExampleConfig.repositoryRoot
    static let configPath = ExampleConfig.path

    static let results: EvaluationResult = try! Evaluation.run(try! EvaluationPlan.read(configPath: configPath))

    /// Every file a report writes (but provenance.json), by name.
    static func files(_ results: EvaluationResult) throws -> [String: String] {
        let r = ReportRenderer(results: results)
        var files = ["report.md": r.markdown(), "report.html": r.html(), "results.json": try r.json()]
        for f in r.figures() { files["figures/\(f.name).svg"] = f.svg }
        return files
    }

    /// The example's files, rendered once and shared by the tests that only read them.
    static let exampleFiles: [String: String] = try! files(results)

    private func render() throws -> [String: String] { Self.exampleFiles }

    /// The example config with some lines replaced (and everything from `droppingFrom` on left
    /// out), written to a temporary folder, run.
    static func build(replacing replacements: [(String, String)], droppingFrom marker: String? = nil) throws -> EvaluationResult {
        let path = try ExampleConfig.copy(replacing: replacements, droppingFrom: marker, absoluteInputs: true)
        return try Evaluation.run(try EvaluationPlan.read(configPath: path))
    }

    /// Issue #14: the shares of the description in results.json name their unit, as the effects do.
    func testResultsJSONNamesTheUnitOfEveryShare() throws {
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(XCTUnwrap(Self.exampleFiles["results.json"]).utf8)) as? [String: Any])
        let description = try XCTUnwrap(json["description"] as? [String: Any])
        let outflow = try XCTUnwrap(description["outflow"] as? [String: Any])
        for (key, value) in outflow { if let share = value as? [String: Any] { XCTAssertEqual(share["unit"] as? String, "share", key) } }
        for (key, value) in try XCTUnwrap(description["instrument_shares"] as? [String: [String: Any]]) { XCTAssertEqual(value["unit"] as? String, "share", key) }
        let units = Set(try XCTUnwrap(json["effects"] as? [[String: Any]]).flatMap { ($0["rows"] as! [[String: Any]]).compactMap { $0["unit"] as? String } })
        XCTAssertEqual(units, ["percentage_points", "months"])
    }

    func testTwoRunsGiveByteIdenticalOutputs() throws {
        let again = try Evaluation.run(try EvaluationPlan.read(configPath: Self.configPath))
        XCTAssertEqual(try Self.files(again), Self.exampleFiles)
    }

    func testNoPersonIdOrBirthDateAppearsInAnyOutput() throws {
        let benefits = try String(contentsOf: Self.root.appendingPathComponent("Data/leiden-synthetic/benefits.csv"), encoding: .utf8)
        let rows = benefits.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let ids = Set(rows.map { String($0[0]) }), births = Set(rows.map { String($0[4]) })
        // Every id has the shape P + 7 digits and every birth date YYYY-MM-DD, so each place in an
        // output where one of them could stand is a match of these patterns: check every match
        // against every id and birth date (faster than searching each of them in each file).
        let idShape = try NSRegularExpression(pattern: #"P\d{7}"#), dateShape = try NSRegularExpression(pattern: #"\d{4}-\d{2}-\d{2}"#)
        XCTAssert(ids.allSatisfy { $0.count == 8 && idShape.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil })
        XCTAssert(births.allSatisfy { $0.count == 10 && dateShape.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil })
        for (name, text) in try render() {
            let ns = text as NSString
            func matches(_ r: NSRegularExpression) -> [String] {
                // Overlapping places too: a match may start inside another one.
                var out = [String](), start = 0
                while start < ns.length, let m = r.firstMatch(in: text, range: NSRange(location: start, length: ns.length - start)) {
                    out.append(ns.substring(with: m.range))
                    start = m.range.location + 1
                }
                return out
            }
            for id in matches(idShape) { XCTAssertFalse(ids.contains(id), "\(name) contains \(id)") }
            for b in matches(dateShape) { XCTAssertFalse(births.contains(b), "\(name) contains birth date \(b)") }
        }
    }

    func testNoCountBelowTheThresholdIsShownInTheReportTables() throws {
        let md = try render()["report.md"]!
        for line in md.split(separator: "\n") where line.hasPrefix("|") {
            for cell in line.split(separator: "|").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if let n = Int(cell) { XCTAssert(n == 0 || n >= 10, "unsuppressed small count \(n) in: \(line)") }
            }
        }
    }

    /// A Dutch report writes 10,8% and € 3.323.376, not 11.0% and € 3,323,376; the SVG coordinates keep their decimal points.
    func testDutchReportUsesDecimalCommasAndThousandsDots() throws {
        XCTAssertEqual(Self.results.language, "nl")
        let files = try render(), md = files["report.md"]!
        XCTAssert(md.contains("| 10,8% |"), "share of the outflow table")
        XCTAssertNil(md.range(of: #"\d\.\d%"#, options: .regularExpression), "a share with a decimal point")
        XCTAssertNil(md.range(of: #"€ \d{1,3},\d{3}"#, options: .regularExpression), "euros with English grouping")
        XCTAssertNotNil(md.range(of: #"€ \d{1,3}\.\d{3}"#, options: .regularExpression))
        let forest = files.first { $0.key.hasPrefix("figures/forest-") }!.value
        XCTAssertNotNil(forest.range(of: #"cx="\d+\.\d""#, options: .regularExpression))
    }

    /// A `[[buig]]` section puts the own risk and safety net in the report. With the figures of
    /// 000 chapter 6 (Leidschendam-Voorburg, Overzicht BUIG-budget and the 30-clients scenario) the
    /// report shows the published cells: own risk 2019 € 2.472.991, safety net € 1.001.544; scenario
    /// own risk 2022 € 1.803.093.
    func testBUIGSectionShowsTheOwnRiskOf000Chapter6() throws {
        let buig = """

        [[buig]]
        name = "Leidschendam-Voorburg 2019-2022"
        source = "000 chapter 6"
        years = [2019, 2020, 2021, 2022]
        budgets = [24729914, 24840389, 25116577, 25668953]
        net_spending = [28204449, 28330049, 28644046, 29272046]
        scenario_budgets = [24729914, 24840289, 25116577, 25668953]
        clients_per_year = 30
        cost_per_client_year = 15000
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("buig-\(UUID().uuidString).toml").path
        // The config in another folder: its inputs made absolute (the plan needs them there).
        try (ExampleConfig.text(absoluteInputs: true) + buig).write(toFile: path, atomically: true, encoding: .utf8)
        // The estimates do not depend on [[buig]]: the example's results with the config's settlements.
        var results = Self.results
        results.buig = try EvaluationPlan.read(configPath: path).buig
        let md = ReportRenderer(results: results).markdown()
        for figure in ["€ 2.472.991", "€ 1.001.544", "€ 1.803.093", "Bron: 000 chapter 6"] { XCTAssert(md.contains(figure), figure) }
    }

    func testSmallCountsAndTheirSharesAreSuppressed() {
        let sdc = DisclosureControl(minCellSize: 10)
        XCTAssertEqual(sdc.count(7), "<10")
        XCTAssertEqual(sdc.count(0), "0")
        XCTAssertEqual(sdc.share(3, of: 100), "–")
        XCTAssertEqual(sdc.share(30, of: 8), "–")
        XCTAssertEqual(sdc.share(30, of: 100), "30.0%")
    }

    func testSecondarySuppressionHidesASecondCellWhenOnlyOneIsSmall() {
        let sdc = DisclosureControl(minCellSize: 10)
        XCTAssertEqual(sdc.suppressedCells([50, 4, 20, 100]), [1, 2])
        XCTAssertEqual(sdc.suppressedCells([50, 4, 3, 100]), [1, 2])
        XCTAssertEqual(sdc.suppressedCells([50, 40]), [])
    }

    /// A subgroup table with its "all" row: one small subgroup would be the total minus the others.
    func testOneSuppressedSubgroupTakesTheNextSmallestWithIt() {
        var cells = CellRelations()
        cells.relate(total: "all", 120, parts: [])
        for (k, v) in [("low", 80), ("mid", 35), ("high", 5)] { cells.add(k, v) }
        cells.relate(total: "all", parts: ["low", "mid", "high"])
        XCTAssertEqual(cells.suppressed(by: DisclosureControl()), ["high": .belowMinimum, "mid": .complementary])
    }

    /// Cells in two relations: hiding a second cell in one relation must not expose it in the other.
    /// Hiding a2 alone would not protect a1 (a2 = B − b2), so the solver hides the smallest cell whose
    /// suppression does, the total A; with A shown, a2 needs b2 hidden with it.
    func testComplementarySuppressionFollowsLinkedRelations() {
        var cells = CellRelations()
        for (k, v) in [("a1", 4), ("a2", 30), ("b2", 50), ("A", 34), ("B", 80)] { cells.add(k, v) }
        cells.relate(total: "A", parts: ["a1", "a2"])
        cells.relate(total: "B", parts: ["a2", "b2"])
        XCTAssertEqual(Set(cells.suppressed(by: DisclosureControl()).keys), ["a1", "A"])
        var shown = CellRelations()
        for (k, v) in [("a1", 4), ("a2", 30), ("b2", 50), ("B", 80)] { shown.add(k, v) }
        shown.relate(total: "A", 34, parts: ["a1", "a2"], totalIsShown: false)
        shown.add("A", 34, implied: true, known: true)
        shown.relate(total: "B", parts: ["a2", "b2"])
        XCTAssertEqual(Set(shown.suppressed(by: DisclosureControl()).keys), ["a1", "a2", "b2"])
    }

    /// A share's complement is not shown: a small numerator is hidden alone, but a small complement
    /// (72 of 75: 3 persons without) hides the numerator with it; the base stays shown.
    func testTheComplementOfAShareIsProtectedButNotKnown() {
        var plan = DisclosurePlan(control: DisclosureControl())
        plan.count("participants", 75)
        plan.share("rare", Share(4, of: 75), base: "participants")
        plan.share("common", Share(72, of: 75), base: "participants")
        let d = plan.resolve()
        XCTAssertEqual(d.hidden, ["rare.numerator": .belowMinimum, "common.numerator": .complementary])
        XCTAssertFalse(d.isShown("common.share"))
        XCTAssertEqual(d.count("participants"), "75")
    }

    /// Once a cell of an applied figure is suppressed the figure is withheld, and its weighted sum
    /// no longer gives anything away: the plain total then needs one more cell hidden, not two.
    func testAWithheldFigureIsNoLongerAnEquation() {
        var plan = DisclosurePlan(control: DisclosureControl())
        for (k, v) in [("p1", 5), ("p2", 40), ("p3", 60), ("P", 105)] { plan.count(k, v) }
        plan.cells.relate(total: "P", parts: ["p1", "p2", "p3"])
        plan.cells.relateLinear([("p1", 3), ("p2", 2), ("p3", 1)])
        plan.derive("figure", reveals: ["p1", "p2", "p3"])
        let d = plan.resolve()
        XCTAssertEqual(Set(d.hidden.keys), ["p1", "p2"])
        XCTAssertFalse(d.isShown("figure"))
    }

    func testAMinimumCellSizeBelow10IsRefusedForPublication() {
        XCTAssertThrowsError(try DisclosureControl.checked(minCellSize: 1, mode: .publication))
        XCTAssertEqual(try DisclosureControl.checked(minCellSize: 5, mode: .internal).minCellSize, 5)
    }

    func testAnEstimateNeedsTenResidualDegreesOfFreedom() {
        let sdc = DisclosureControl()
        XCTAssertFalse(sdc.mayShowModel(treated: 12, controls: 15, parameters: 20))
        XCTAssertTrue(sdc.mayShowModel(treated: 15, controls: 15, parameters: 20))
    }

    func testReportReproducesTheAppliedFiguresAndStatesTheRule() throws {
        let md = try render()["report.md"]!
        XCTAssert(md.contains("Bescherming van persoonsgegevens"))
        XCTAssert(md.contains("<10") || md.contains("worden weergegeven als <10"))
        XCTAssertNotNil(Self.results.appliedAverage.extraOutOfBenefit2y)
        XCTAssertEqual(Self.results.breakeven["Leidse Kracht"]?.cost, 799_000)
    }

    /// `reval report --pdf` reads each section's page back from the printed text: the first page
    /// after the table of contents on which the title is a line of its own, in order.
    func testSectionPagesAreFoundInOrderAfterTheContents() {
        let pages = ["Titel\n  Inhoud\n  1. Samenvatting\n  2. Effecten\n", "Samenvatting\ntekst over Effecten\n", "  Effecten  \n", "Samenvatting\n"]
        XCTAssertEqual(PDFPrinter.sectionPages(["Samenvatting", "Effecten", "Methode"], in: pages), [2, 3, nil])
    }

    /// The table of contents carries the pages it is given, in the report's notation.
    func testTheTableOfContentsCarriesThePagesItIsGiven() {
        let r = ReportRenderer(results: Self.results)
        let html = r.html(contentsPages: r.sectionTitles.indices.map { $0 == 0 ? 2 : 1_000 + $0 })
        XCTAssert(html.contains(">Samenvatting</a><span class=\"page\">2</span></li>"))
        XCTAssert(html.contains("<span class=\"page\">1.001</span>"), "thousands separated")
        XCTAssertFalse(r.html().contains("class=\"page\""), "no pages: none printed")
    }

    func testHTMLIsSelfContained() throws {
        let html = try render()["report.html"]!
        XCTAssert(html.contains("<svg"))
        XCTAssertFalse(html.contains("http://") && html.contains("<script"))
        XCTAssertFalse(html.contains("<link"))
        XCTAssertFalse(html.contains("src=\"http"))
    }

    /// The example config on Data/local-codes-example with its codes file, `inputs` lines added
    /// (and `replacing` applied), read.
    private func localExportConfig(inputs: String = "", replacing: [(String, String)] = []) throws -> EvaluationConfig {
        let example = try String(contentsOfFile: Self.configPath, encoding: .utf8)
        let local = Self.root.appendingPathComponent("Data/local-codes-example").path
        var config = example
            .replacingOccurrences(of: "benefits = \"benefits.csv\"", with: "benefits = \"\(local)/benefits.csv\"")
            .replacingOccurrences(of: "trajectories = \"trajectories.csv\"", with: "trajectories = \"\(local)/trajectories.csv\"\ncodes = \"\(local)/codes.toml\"\n" + inputs)
            .replacingOccurrences(of: "instruments = [\"matching\", \"schooling\"]", with: "instruments = [\"work_fit\"]")
        for (old, new) in replacing { config = config.replacingOccurrences(of: old, with: new) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evaluation-\(UUID().uuidString).toml").path
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        return try EvaluationConfig.read(path: path)
    }

    /// Issue #12: `[inputs]` takes the codes file and the exclusion policy of `reval link`.
    func testInputsTakeTheCodesFileExclusionPolicyAndMergeGap() throws {
        let c = try localExportConfig(inputs: "on_error = \"exclude\"\nmax_excluded = 0.01\nmerge_gap_days = 0")
        XCTAssertEqual(c.inputs.onError, "exclude")
        XCTAssertEqual(c.inputs.maxExcluded, 0.01)
        let results = try Evaluation.run(try EvaluationPlan(config: c, baseDirectory: ExampleConfig.folder))
        XCTAssertEqual(results.sampleLoss.spellsMerged, 0)
        XCTAssertEqual(results.sampleLoss.rowsExcludedByReason, [:])
        XCTAssertEqual(results.effects.map(\.instrument), ["work_fit"])
    }

    /// Issue #12 items 1 and 3: the sample account shows what a real export has beside the
    /// cohort: spells and trajectories running at extraction, trajectories outside every spell.
    func testSampleAccountCountsRunningRowsAndTrajectoriesOutsideSpells() throws {
        let results = try Evaluation.run(try EvaluationPlan(config: try localExportConfig(), baseDirectory: ExampleConfig.folder))
        XCTAssertEqual(results.sampleLoss.trajectoriesOutsideSpells, 41)
        XCTAssertGreaterThan(results.sampleLoss.spellsRunningAtExtraction ?? 0, 0)
        XCTAssertGreaterThan(results.sampleLoss.trajectoriesRunningAtExtraction ?? 0, 0)
        let md = ReportRenderer(results: results).markdown()
        XCTAssert(md.contains("| trajecten buiten elke uitkeringsperiode (behouden, geen behandeling) | 41 |"), md)
        XCTAssert(md.contains("| trajecten met einddatum na de peildatum (lopend gelezen) | 13 |"), md)
        XCTAssert(md.contains("| uitkeringsperiodes met einddatum na de peildatum (lopend gelezen) | 19 |"), md)
    }

    /// Without describe_from and describe_to the outflow figure is of the whole cohort window, and says so.
    func testOutflowWithoutADescribeWindowNamesTheCohortWindow() throws {
        let c = try localExportConfig(replacing: [("describe_from = \"2011-10-01\"\n", ""), ("describe_to = \"2012-12-31\"\n", "")])
        let md = ReportRenderer(results: try Evaluation.run(try EvaluationPlan(config: c, baseDirectory: ExampleConfig.folder))).markdown()
        XCTAssertFalse(md.contains("Instroom …"), md)
        XCTAssert(md.contains("Instroom 1 januari 2010 tot en met 31 december 2012: "), md)
    }

    /// Issues #11 and #12: `[estimation]` takes the field's outcomes, results by provider and
    /// covariates from the benefits export; the method section lists the covariates used.
    func testEstimationTakesOutcomesProviderAndCovariatesFromTheConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-cov-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let example = Self.root.appendingPathComponent("Data/leiden-synthetic")
        let lines = try String(contentsOf: example.appendingPathComponent("benefits.csv"), encoding: .utf8).split(separator: "\n")
        let body = lines.dropFirst().map { $0 + "," + ["Noord", "Zuid"][$0.utf8.reduce(0) { $0 + Int($1) } % 2] }
        try ([lines[0] + ",wijk"] + body).joined(separator: "\n").appending("\n").write(to: dir.appendingPathComponent("benefits.csv"), atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: Self.configPath, encoding: .utf8)
            .replacingOccurrences(of: "benefits = \"benefits.csv\"", with: "benefits = \"\(dir.path)/benefits.csv\"")
            .replacingOccurrences(of: "by = [\"education\", \"work_history\"]",
                                  with: "by = [\"provider\"]\noutcomes = [\"durably_out_of_benefit\", \"reentry_within_12_months\"]\ncovariates = [\"Wijk\"]")
        let path = dir.appendingPathComponent("evaluation.toml").path
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        let results = try Evaluation.run(try EvaluationPlan(config: try EvaluationConfig.read(path: path), baseDirectory: ExampleConfig.folder))
        let rows = results.effects[0].rows
        XCTAssertEqual(Set(rows.map(\.outcome)), ["durably_out_of_benefit", "reentry_within_12_months"])
        XCTAssertEqual(Set(rows.map(\.dimension)), ["all", "provider"])
        XCTAssert(results.effects[0].covariates.contains { $0.hasPrefix("wijk (categorical: 2 levels, reference '") }, "\(results.effects[0].covariates)")
        let method = ReportRenderer(results: results).markdown().split(separator: "\n").first { $0.hasPrefix("- Kenmerken in het model: ") }
        XCTAssert(method?.contains("wijk") == true, "\(method ?? "no covariates")")
    }

    func testUnknownErrorPolicyInTheConfigIsAnError() throws {
        let example = try String(contentsOfFile: Self.configPath, encoding: .utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evaluation-\(UUID().uuidString).toml").path
        try Data(example.replacingOccurrences(of: "[inputs]\n", with: "[inputs]\non_error = \"skip\"\n").utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try EvaluationConfig.read(path: path)) { e in
            XCTAssert("\(e)".hasSuffix("'on_error' in [inputs] has an unknown value 'skip'; valid: fail, exclude"), "\(e)")
        }
    }
}
