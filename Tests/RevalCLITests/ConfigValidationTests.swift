import Foundation
import TestSupport
import XCTest

/// Issue #14 item 2: the evaluation config is strict. Each kind of mistake is exit 2 with one
/// line naming the file, the line, the key and the valid choices; nothing falls back to a default.
final class ConfigValidationTests: XCTestCase {
    /// The shipped example config with one line replaced, written beside copies of its inputs.
    private func check(replacing old: String, with new: String) throws -> CLI.Result {
        try CLI.run(["report", "--config", try ExampleConfig.copy(replacing: [(old, new)]), "--check"])
    }

    private func assertError(_ r: CLI.Result, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 2, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssert(r.stderr.contains(expected), "expected '\(expected)' in\n\(r.stderr)", file: file, line: line)
        XCTAssertFalse(r.stderr.contains("DecodingError"), r.stderr, file: file, line: line)
    }

    func testUnknownKeyNamesLineAndNearestKey() throws {
        assertError(try check(replacing: "method = \"psm\"", with: "metod = \"ipw\""),
                    "evaluation.toml:23: unknown key 'metod' in [estimation]; did you mean 'method'?")
    }

    func testMisspelledValueListsTheChoices() throws {
        assertError(try check(replacing: "design = \"dynamic\"", with: "design = \"statc\""),
                    "evaluation.toml:22: 'design' in [estimation] has an unknown value 'statc'; valid: dynamic, static; did you mean 'static'?")
    }

    func testWrongTypeNamesTheExpectedType() throws {
        assertError(try check(replacing: "horizons = [12, 24]", with: "horizons = \"24\""),
                    "evaluation.toml:25: 'horizons' in [estimation] must be a list [...], not a string")
    }

    func testOutOfRangeNumbersAreErrors() throws {
        assertError(try check(replacing: "horizons = [12, 24]", with: "horizons = [-12]"),
                    "evaluation.toml:25: 'horizons' (item 1) in [estimation] must be from 1 to 600 (value -12)")
        assertError(try check(replacing: "seed = 2014", with: "seed = -1"),
                    "evaluation.toml:6: 'seed' in the top level must be from 0 to")
    }

    func testUnknownSubgroupDimension() throws {
        assertError(try check(replacing: "by = [\"education\", \"work_history\"]", with: "by = [\"educaton\"]"),
                    "evaluation.toml:26: 'by' (item 1) in [estimation] has an unknown value 'educaton'; valid: education, age, work_history, sex, provider; did you mean 'education'?")
    }

    func testMisspelledOutcomeListsTheOutcomes() throws {
        assertError(try check(replacing: "by = [\"education\", \"work_history\"]", with: "by = [\"provider\"]\noutcomes = [\"out_of_benefit\", \"durably_out_of_benfit\"]"),
                    "evaluation.toml:27: 'outcomes' (item 2) in [estimation] has an unknown value 'durably_out_of_benfit'; valid: out_of_benefit, months_out_of_benefit, out_to_work, durably_out_of_benefit, reentry_within_12_months; did you mean 'durably_out_of_benefit'?")
    }

    func testCovariatesMustBeAListOfColumnNames() throws {
        assertError(try check(replacing: "horizons = [12, 24]", with: "horizons = [12, 24]\ncovariates = \"district\""),
                    "evaluation.toml:26: 'covariates' in [estimation] must be a list [...], not a string")
    }

    /// The composition-adjusted application splits by a characteristic of the person, which a provider is not.
    func testCompositionByProviderIsRefused() throws {
        assertError(try check(replacing: "composition_by = \"education\"", with: "composition_by = \"provider\""),
                    "evaluation.toml:31: 'composition_by' in [apply] has an unknown value 'provider'; valid: education, age, work_history, sex")
    }

    func testUnknownInstrument() throws {
        assertError(try check(replacing: "instruments = [\"matching\", \"schooling\"]", with: "instruments = [\"matchng\"]"),
                    "evaluation.toml:21: 'instruments' (item 1) in [estimation] has an unknown value 'matchng'; valid: active_mediation, matching")
    }

    func testMisspelledTableIsAnUnknownKey() throws {
        assertError(try check(replacing: "[apply]", with: "[aply]"), "evaluation.toml:28: unknown key 'aply' in the top level; did you mean 'apply'?")
    }

    func testDatesOutOfOrder() throws {
        assertError(try check(replacing: "start = \"2010-01-01\"", with: "start = \"2013-01-01\""),
                    "evaluation.toml:14: 'start' in [cohort] (2013-01-01) lies after 'end' (2012-12-31)")
    }

    func testTheShippedExamplePassesCheck() throws {
        let r = try CLI.run(["report", "--example", "--check"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stdout.contains("configuration is valid"), r.stdout)
    }

    /// `init` writes no data: the starter config names the exports and an effect table as files
    /// beside it, init lists them, `--check` names the first missing one in one line (file, line,
    /// key, path), and passes once they are there.
    func testInitWritesAStarterConfigThatPassesCheckOnceItsInputsAreThereAndACodesFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reval-init-\(UUID().uuidString)").path
        let r = try CLI.run(["init", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let codes = try String(contentsOfFile: dir + "/codes.toml", encoding: .utf8)
        for column in ["instrument", "education", "sex", "end_reason", "household"] { XCTAssert(codes.contains("# [\(column)]"), column) }
        for file in ["benefits.csv", "trajectories.csv", "effects.csv"] { XCTAssert(r.stdout.contains("  \(dir)/\(file): "), "init lists \(file):\n\(r.stdout)") }
        XCTAssertFalse(r.stdout.contains("codes.toml: "), "init writes the codes file itself")

        let config = dir + "/evaluation.toml"
        let line = try XCTUnwrap(try String(contentsOfFile: config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("benefits = ") }) + 1
        let missing = try CLI.run(["report", "--config", config, "--check"])
        assertError(missing, "\(config):\(line): 'benefits' in [inputs]: '\(dir)/benefits.csv' does not exist; put the benefits export (one row per benefit spell) there, or correct the path")
        XCTAssert(missing.stderr.contains("(also: 'trajectories' '\(dir)/trajectories.csv' does not exist, 'effects' '\(dir)/effects.csv' does not exist)"), missing.stderr)

        for (from, to) in [("Data/leiden-synthetic/benefits.csv", "benefits.csv"), ("Data/leiden-synthetic/trajectories.csv", "trajectories.csv"),
                           ("Data/effects/lammers-2013.csv", "effects.csv")] {
            try FileManager.default.copyItem(atPath: ExampleConfig.repositoryRoot.appendingPathComponent(from).path, toPath: dir + "/" + to)
        }
        let check = try CLI.run(["report", "--config", config, "--check"])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssert(check.stdout.contains("configuration is valid"), check.stdout)
    }

    /// An input that is there but is no file (a folder) is named as a missing one is.
    func testAnInputThatIsAFolderIsNamed() throws {
        let config = try ExampleConfig.copy(replacing: [("\"trajectories.csv\"", "\"exports\"")], absoluteInputs: true)
        let folder = (config as NSString).deletingLastPathComponent + "/exports"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        assertError(try CLI.run(["report", "--config", config, "--check"]),
                    "evaluation.toml:10: 'trajectories' in [inputs]: '\(folder)' is a folder, not a file; put the re-integration export (one row per instrument a person received) there, or correct the path")
    }
}

/// `[inputs]` names either the two exports or a linked cohort, and the linking keys go with the exports.
final class ConfigSourceTests: XCTestCase {
    private func check(_ replacements: [(String, String)]) throws -> CLI.Result {
        try CLI.run(["report", "--config", try ExampleConfig.copy(replacing: replacements), "--check"])
    }

    func testACohortTakesNoLinkingKeys() throws {
        let r = try check([("benefits = \"benefits.csv\"\n", "cohort = \"cohort.csv\"\non_error = \"exclude\"\n")])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssert(r.stderr.contains("evaluation.toml:11: 'trajectories' in [inputs] is for linking the exports; with 'cohort' the persons come from the linked cohort file"), r.stderr)
    }

    func testWithoutACohortBothExportsAreNeeded() throws {
        let r = try check([("trajectories = \"trajectories.csv\"\n", "")])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssert(r.stderr.contains("evaluation.toml:8: missing key 'trajectories' in [inputs] (or name a linked cohort file: cohort = \"cohort.csv\")"), r.stderr)
    }

    /// A cohort alone is valid; the cohort file must be there (`--check` names it while it is not).
    func testACohortAloneIsValid() throws {
        let config = try ExampleConfig.copy(replacing: [("benefits = \"benefits.csv\"\ntrajectories = \"trajectories.csv\"\n", "cohort = \"cohort.csv\"\n")],
                                            absoluteInputs: true)
        let cohort = (config as NSString).deletingLastPathComponent + "/cohort.csv"
        let missing = try CLI.run(["report", "--config", config, "--check"])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        XCTAssert(missing.stderr.contains("evaluation.toml:9: 'cohort' in [inputs]: '\(cohort)' does not exist; put a cohort file written by `reval link` there"), missing.stderr)
        try Data("person_id\n".utf8).write(to: URL(fileURLWithPath: cohort))
        let r = try CLI.run(["report", "--config", config, "--check"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }
}
