import Foundation
import XCTest

/// Issue #14 item 3: one output vocabulary. Every command's JSON and CSV name the same thing
/// with the same key (`se`, `estimand` with `estimand_label`, `n_treated_dropped`, `notes` as an
/// array, `unit`), and a missing value is a `null` key, never an omitted one.
final class OutputVocabularyTests: XCTestCase {
    static let retired = ["std_error", "n_treated_dropped_by_caliper", "estimand_id", "warnings", "note"]

    private func json(_ arguments: [String]) throws -> Any {
        let r = try CLI.run(arguments + ["--format", "json", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    }

    /// Every key of a JSON tree, and the objects of each array (to compare siblings' keys).
    private func walk(_ node: Any, _ path: String, keys: inout Set<String>, file: StaticString = #filePath, line: UInt = #line) {
        if let d = node as? [String: Any] {
            for (k, v) in d {
                keys.insert(k)
                if k == "notes" { XCTAssert(v is [Any], "\(path).notes is not an array", file: file, line: line) }
                walk(v, "\(path).\(k)", keys: &keys, file: file, line: line)
            }
        } else if let a = node as? [Any] {
            let objects = a.compactMap { $0 as? [String: Any] }
            let all = objects.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
            for o in objects where path.hasSuffix("suppressed") == false {
                XCTAssertEqual(Set(o.keys), all, "\(path)[]: an element leaves out a key its siblings have", file: file, line: line)
            }
            for v in a { walk(v, "\(path)[]", keys: &keys, file: file, line: line) }
        }
    }

    private func assertVocabulary(_ arguments: [String], has expected: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws {
        var keys = Set<String>()
        walk(try json(arguments), arguments[0], keys: &keys, file: file, line: line)
        for k in Self.retired { XCTAssertFalse(keys.contains(k), "\(arguments[0]) writes the retired key '\(k)'", file: file, line: line) }
        for k in expected { XCTAssert(keys.contains(k), "\(arguments[0]) lacks '\(k)'", file: file, line: line) }
    }

    func testEveryCommandSpeaksTheSameVocabulary() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let cohort = tmp.appendingPathComponent("cohort.csv").path, table = tmp.appendingPathComponent("effects.csv").path
        let generic = tmp.appendingPathComponent("generic.csv").path
        let d = "Data/leiden-synthetic/"
        try assertVocabulary(["link", "--benefits", d + "benefits.csv", "--trajectories", d + "trajectories.csv", "--cohort-start", "2010-01-01",
                              "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", cohort])
        try assertVocabulary(["describe", "--cohort", cohort])
        try assertVocabulary(["estimate", "--cohort", cohort, "--instrument", "matching", "--horizon", "24", "--by", "education", "--out", table],
                             has: ["se", "estimand", "estimand_label", "n_treated_dropped", "notes", "unit"])
        try assertVocabulary(["estimate", "--data", "Data/lalonde.csv", "--treatment", "treat", "--outcome", "re78", "--covariates", "age,educ,married",
                              "--method", "ipw", "--out", generic],
                             has: ["se", "estimand", "estimand_label", "n_treated_dropped", "notes", "se_adjusted_for_estimated_score"])
        try assertVocabulary(["glm", "--data", "Data/lalonde.csv", "--outcome", "treat", "--covariates", "age,educ"], has: ["se", "notes"])
        try assertVocabulary(["apply", "--effects", table, "--counts", "matching=100"], has: ["extra_out_of_benefit_8y", "euros_saved", "notes", "unit"])
        try assertVocabulary(["roi", "--cost", "799000", "--participants", "160", "--effect-per-100", "7.2"], has: ["payback_months", "euros_saved"])

        // The CSVs carry the JSON row's keys; the generic --out writes.
        let header = try String(contentsOfFile: table, encoding: .utf8).prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        for k in ["unit", "se", "n_treated_censored", "n_controls_used", "n_treated_dropped", "design", "method", "estimand", "notes"] {
            XCTAssert(header.contains(k), "effect CSV lacks \(k)")
        }
        let genericHeader = try String(contentsOfFile: generic, encoding: .utf8).prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        for k in ["estimand", "estimand_label", "se", "n_treated_dropped", "notes"] { XCTAssert(genericHeader.contains(k), "generic CSV lacks \(k)") }
    }

    /// Issue #14: every share of `describe` (and `describe --stock`) says it is a share from 0 to 1
    /// with `"unit": "share"`, in the vocabulary of the effects' `unit` (`percentage_points`, …).
    func testEveryShareOfDescribeNamesItsUnit() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let cohort = tmp.appendingPathComponent("cohort.csv").path, d = "Data/leiden-synthetic/"
        _ = try json(["link", "--benefits", d + "benefits.csv", "--trajectories", d + "trajectories.csv", "--cohort-start", "2010-01-01",
                      "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", cohort])
        /// Every object holding a `share`, and the units of the objects that carry one.
        func shares(_ node: Any, _ path: String, into found: inout [(path: String, unit: Any?)], units: inout Set<String>) {
            if let o = node as? [String: Any] {
                if let u = o["unit"] as? String { units.insert(u) }
                if o["share"] != nil { found.append((path, o["unit"])) }
                for (k, v) in o { shares(v, "\(path).\(k)", into: &found, units: &units) }
            } else if let a = node as? [Any] {
                for (i, v) in a.enumerated() { shares(v, "\(path)[\(i)]", into: &found, units: &units) }
            }
        }
        for arguments in [["describe", "--cohort", cohort, "--by", "provider,age"], ["describe", "--stock", "--date", "2012-06-30", "--cohort", cohort]] {
            var found = [(path: String, unit: Any?)](), units = Set<String>()
            shares(try json(arguments), arguments[1], into: &found, units: &units)
            XCTAssertGreaterThan(found.count, 5, "\(arguments)")
            for f in found { XCTAssertEqual(f.unit as? String, "share", "\(f.path) names no unit") }
            XCTAssertEqual(units, ["share"], "\(arguments)")
        }
        // The same key and vocabulary as the effects: percentage points and months there, share here.
        let estimate = try json(["estimate", "--cohort", cohort, "--instrument", "matching", "--horizon", "24"]) as! [String: Any]
        let effectUnits = Set((estimate["rows"] as! [[String: Any]]).compactMap { $0["unit"] as? String })
        XCTAssertEqual(effectUnits, ["percentage_points", "months"])
    }

    /// Issue #14: `--format md` of `link`, `link --list-codes` and `roi` prints Markdown tables
    /// (the one table printer's, as `estimate`), not a preformatted block of the text.
    func testLinkListCodesAndROIPrintMarkdownTables() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("md-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let d = "Data/leiden-synthetic/", local = "Data/local-codes-example/"
        let link = ["link", "--benefits", d + "benefits.csv", "--trajectories", d + "trajectories.csv", "--cohort-start", "2010-01-01",
                    "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--out", tmp.appendingPathComponent("cohort.csv").path]
        let listCodes = ["link", "--benefits", local + "benefits.csv", "--trajectories", local + "trajectories.csv", "--list-codes"]
        let roi = ["roi", "--cost", "799000", "--participants", "160", "--effect-per-100", "7.2", "--months-per-participant", "4.2"]
        let linkage = try json(link) as! [String: Any]
        let expected: [([String], [String])] = [
            (link, ["| export | file | encoding | rows read | kept |", "| persons in the data | \(linkage["persons_in_data"]!) |",
                    "| persons in the cohort 2010-01-01 to 2012-12-31 | \(linkage["cohort_persons"]!) |"]),
            (listCodes, ["### education (\(local)benefits.csv)", "| value | code | rows | mapping |", "| MBO-niv 4 | ? | 33 | unmapped |",
                         "| Hoger beroepsonderwijs | ? | <10 | unmapped |"]),
            (roi, ["| quantity | value |", "| participants | 160 |", "| cost | € 799,000 |"]),
        ]
        for (arguments, rows) in expected {
            let r = try CLI.run(arguments + ["--format", "md", "--quiet"])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertFalse(r.stdout.contains("```"), "\(arguments[0]): a preformatted block\n\(r.stdout)")
            for row in rows { XCTAssert(r.stdout.contains(row + "\n"), "\(arguments.prefix(2)): no '\(row)' in\n\(r.stdout)") }
            // Every table: a header, a separator of the same width, rows of the same width.
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var tables = 0, k = 0
            while k < lines.count {
                guard lines[k].hasPrefix("|") else { k += 1; continue }
                let block = lines[k...].prefix { $0.hasPrefix("|") }
                func width(_ line: String) -> Int { line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count }
                XCTAssertGreaterThanOrEqual(block.count, 3, "\(arguments[0]): a table without rows")
                XCTAssertNotNil(block.dropFirst().first?.range(of: #"^\|(---:?\|)+$"#, options: .regularExpression), "\(arguments[0]): \(block.dropFirst().first ?? "")")
                for line in block { XCTAssertEqual(width(line), width(block.first!), "\(arguments[0]): \(line)") }
                tables += 1
                k += block.count
            }
            XCTAssertGreaterThan(tables, 0, "\(arguments[0])")
        }
    }

    func testMarkdownFormatPrintsMarkdown() throws {
        let r = try CLI.run(["estimate", "--data", "Data/lalonde.csv", "--treatment", "treat", "--outcome", "re78", "--covariates", "age,educ",
                             "--format", "md", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stdout.hasPrefix("## "), r.stdout)
        XCTAssert(r.stdout.contains("|---|"), r.stdout)
    }
}
