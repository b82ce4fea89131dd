import Foundation
import XCTest

/// Issue #15, definition of done: every output of a report, of a link with `--on-error exclude`
/// on an input with bad rows, and of describe (text, json, md) is scanned for counts from 1 to 9,
/// person ids and birth dates of the input, and suppressed cells recoverable from a total.
final class DisclosureScanTests: XCTestCase {
    struct Output { let name: String; let text: String }

    /// Runs the three commands once; every file they write and everything they print.
    static let outputs: [Output] = {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString)")
        try! fm.createDirectory(at: dir, withIntermediateDirectories: true)
        var out = [Output]()
        func run(_ name: String, _ args: [String]) {
            let r = try! CLI.run(args)
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
            out.append(Output(name: "\(name) stdout", text: r.stdout))
            out.append(Output(name: "\(name) stderr", text: r.stderr))
        }
        let report = dir.appendingPathComponent("report").path
        run("report", ["report", "--example", "--out", report])
        for file in fm.enumerator(atPath: report)!.compactMap({ $0 as? String }) where file.contains(".") {
            out.append(Output(name: "report/\(file)", text: try! String(contentsOfFile: report + "/" + file, encoding: .utf8)))
        }
        let (benefits, trajectories) = badInputs(in: dir)
        let cohort = dir.appendingPathComponent("cohort.csv").path
        for format in ["text", "json", "md"] {
            run("link --format \(format)", ["link", "--benefits", benefits, "--trajectories", trajectories, "--cohort-start", "2010-01-01",
                                            "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30", "--on-error", "exclude",
                                            "--out", cohort, "--format", format])
        }
        out.append(Output(name: "cohort.linkage.json", text: try! String(contentsOfFile: dir.appendingPathComponent("cohort.linkage.json").path, encoding: .utf8)))
        out.append(Output(name: "cohort.csv", text: try! String(contentsOfFile: cohort, encoding: .utf8)))
        for format in ["text", "json", "md"] {
            run("describe --format \(format)", ["describe", "--cohort", cohort, "--inflow-from", "2011-10-01", "--inflow-to", "2012-12-31", "--format", format])
        }
        return out
    }()

    /// The shipped example with seven bad rows: an invalid and an implausible birth date, an unknown
    /// education code, a spell that ends before it starts, and trajectories of unknown persons.
    static func badInputs(in dir: URL) -> (String, String) {
        var benefits = try! String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic/benefits.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        func corrupt(_ line: Int, column: Int, _ value: String) {
            var f = benefits[line].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[column] = value
            benefits[line] = f.joined(separator: ",")
        }
        corrupt(10, column: 4, "1968-13-45")
        corrupt(20, column: 4, "2009-01-01")
        corrupt(30, column: 6, "XYZ")
        corrupt(40, column: 2, "2001-01-01")
        var trajectories = try! String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic/trajectories.csv"), encoding: .utf8)
        trajectories += "Q9999991,matching,2011-01-01,2011-02-01,X\nQ9999992,matching,2011-01-01,2011-02-01,X\nQ9999993,schooling,2011-01-01,2011-02-01,X\n"
        let b = dir.appendingPathComponent("benefits.csv"), t = dir.appendingPathComponent("trajectories.csv")
        try! Data((benefits.joined(separator: "\n") + "\n").utf8).write(to: b)
        try! Data(trajectories.utf8).write(to: t)
        return (b.path, t.path)
    }

    // MARK: counts from 1 to 9

    static let countKey = try! NSRegularExpression(pattern: #"^(n_.*|.*count.*|.*persons.*|participants|treated|controls?|records|.*rows.*|numerator|denominator|reentrants|.*_kept|excluded.*|trajectories_.*)$"#)

    func testNoJSONCountFieldHoldsACountFrom1To9() throws {
        for o in Self.outputs where o.text.hasPrefix("{") {
            let json = try JSONSerialization.jsonObject(with: Data(o.text.utf8))
            walk(json, path: "") { path, key, value in
                let isCount = Self.countKey.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil
                    || path.contains("excluded_by_reason.") || path.contains("participant_counts.")
                if isCount, let n = value as? Int, !(value is Bool), (1...9).contains(n) { XCTFail("\(o.name): \(path) = \(n)") }
            }
        }
    }

    /// In text, a number from 1 to 9 right before or after a count word ("7 of 33", "rows read: 4").
    func testNoTextShowsACountFrom1To9() throws {
        let words = "persons|personen|treated|controls|controles|rows|regels|participants|deelnemers|records|spells|kept|read|excluded|uitgesloten|cohort|re-entrants|of"
        let before = try NSRegularExpression(pattern: #"(?<![\d.,:/-])\b[1-9]\b(?![\d.,:/%-]) (\#(words))\b"#)
        let after = try NSRegularExpression(pattern: #"\b(\#(words)):? \(?[1-9]\b(?![\d.,:/%-])"#)
        for o in Self.outputs where !o.text.hasPrefix("{") && !o.name.hasSuffix(".svg") && o.name != "cohort.csv" {
            for line in o.text.split(separator: "\n").map(String.init) {
                let range = NSRange(line.startIndex..., in: line)
                XCTAssertNil(before.firstMatch(in: line, range: range), "\(o.name): \(line)")
                XCTAssertNil(after.firstMatch(in: line, range: range), "\(o.name): \(line)")
            }
        }
    }

    /// Markdown and HTML tables: no cell is a bare count from 1 to 9 (the horizon column `h` aside).
    func testNoTableCellIsACountFrom1To9() throws {
        for o in Self.outputs where o.name.hasSuffix(".md") || o.name.hasSuffix(".html") || o.name.contains("--format md") {
            var header = [String]()
            for line in o.text.split(separator: "\n").map(String.init) {
                let cells = line.hasPrefix("|") ? line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                    : line.components(separatedBy: "<td>").dropFirst().map { $0.components(separatedBy: "</td>")[0] }
                if line.hasPrefix("<tr><th>") { header = line.components(separatedBy: "<th>").dropFirst().map { $0.components(separatedBy: "</th>")[0] }; continue }
                if line.hasPrefix("|") && header.isEmpty || line.hasPrefix("|---") { if !line.hasPrefix("|---") { header = cells }; continue }
                if !line.hasPrefix("|") && !line.hasPrefix("<tr><td>") { if !line.hasPrefix("<tr>") { header = [] }; continue }
                for (j, cell) in cells.enumerated() where j >= header.count || header[j] != "h" {
                    if let n = Int(cell) { XCTAssert(n == 0 || n >= 10, "\(o.name): \(line)") }
                }
            }
        }
    }

    // MARK: ids and birth dates

    func testNoPersonIdOrBirthDateOfTheInputAppearsInAnyOutput() throws {
        let benefits = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic/benefits.csv"), encoding: .utf8)
        let rows = benefits.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let ids = Set(rows.map { $0[0] } + ["Q9999991", "Q9999992", "Q9999993"])
        let births = Set(rows.map { $0[4] } + ["2009-01-01"])
        let token = try NSRegularExpression(pattern: #"[PQ]\d{7}|\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}"#)
        for o in Self.outputs {
            for m in token.matches(in: o.text, range: NSRange(o.text.startIndex..., in: o.text)) {
                let t = String(o.text[Range(m.range, in: o.text)!])
                XCTAssertFalse(ids.contains(t), "\(o.name) contains person id \(t)")
                let iso = t.count == 10 && t.dropFirst(2).first == "-" ? "\(t.suffix(4))-\(t.dropFirst(3).prefix(2))-\(t.prefix(2))" : t
                // Cohort windows and the extraction date are configuration, not birth dates.
                if ["2010-01-01", "2012-12-31", "2014-06-30", "2011-10-01"].contains(iso) { continue }
                XCTAssertFalse(births.contains(iso), "\(o.name) contains birth date \(t)")
            }
        }
    }

    // MARK: recoverable cells

    /// A total shown with exactly one of its parts suppressed gives that part away by subtraction.
    private func assertNotRecoverable(_ total: Any?, _ parts: [Any?], _ what: String) {
        guard let total, !(total is NSNull) else { return }
        let hidden = parts.filter { $0 == nil || $0 is NSNull }.count
        XCTAssertNotEqual(hidden, 1, "recoverable: \(what)")
    }

    func testNoSuppressedEffectCellIsTheAllRowMinusVisibleSubgroups() throws {
        let results = try json("report/results.json")
        for (k, e) in (results["effects"] as! [[String: Any]]).enumerated() {
            let rows = e["rows"] as! [[String: Any]]
            let groups = Dictionary(grouping: rows) { "\($0["outcome"]!)|\($0["horizon_months"]!)" }
            for (key, members) in groups {
                let all = members.first { $0["dimension"] as? String == "all" }!
                for dimension in Set(members.compactMap { $0["dimension"] as? String }).subtracting(["all"]) {
                    let parts = members.filter { $0["dimension"] as? String == dimension }
                    for field in ["n_treated", "n_control", "n_treated_censored"] {
                        assertNotRecoverable(all[field], parts.map { $0[field] }, "effects[\(k)] \(key) \(dimension) \(field)")
                    }
                }
            }
            // With an outcome + censored is the same treated persons at every outcome and horizon.
            for cell in Dictionary(grouping: rows, by: { "\($0["dimension"]!)=\($0["subgroup"]!)" }).values {
                for (a, b) in zip(cell, cell.dropFirst()) {
                    let four = [a["n_treated"], a["n_treated_censored"], b["n_treated"], b["n_treated_censored"]]
                    XCTAssertNotEqual(four.filter { $0 == nil || $0 is NSNull }.count, 1, "recoverable across horizons: \(a["dimension"]!)=\(a["subgroup"]!)")
                }
            }
        }
    }

    func testNoSuppressedOutflowCellIsATotalMinusVisibleCategories() throws {
        for name in ["report/results.json", "describe --format json stdout"] {
            let root = try json(name)
            let d = (root["description"] as? [String: Any]) ?? root
            let o = d["outflow"] as! [String: Any]
            func n(_ k: String) -> Any? { (o[k] as! [String: Any])["numerator"] }
            assertNotRecoverable(o["persons"], [n("out_within_year"), n("still_on_benefit_after_year")], "\(name) outflow")
            assertNotRecoverable(n("out_within_year"), [n("spontaneous_within_year"), n("after_trajectory_within_year")], "\(name) out within a year")
            assertNotRecoverable(n("spontaneous_within_year"), [n("spontaneous_within_7_weeks"), n("spontaneous_after_7_weeks")], "\(name) spontaneous")
            for key in ["use_by_education_level", "use_by_work_history"] {
                let groups = d[key] as! [[String: Any]]
                assertNotRecoverable(d["participants"], groups.map { ($0["schooling"] as! [String: Any])["denominator"] }, "\(name) \(key)")
            }
            let years = (d["trajectory_rate_by_inflow_year"] as! [String: [String: Any]]).values
            assertNotRecoverable(d["persons"], years.map { $0["denominator"] }, "\(name) inflow years")
        }
    }

    func testNoSuppressedLinkageRowIsTheRecordsReadMinusTheVisibleRows() throws {
        let r = try json("cohort.linkage.json")
        let excluded = (r["excluded_by_reason"] as! [String: Any]).values.map { $0 as Any? }
        XCTAssertFalse(excluded.isEmpty, "the bad rows are counted")
        let readVisible = !(r["benefit_rows_read"] is NSNull) && !(r["trajectory_rows_read"] is NSNull)
        assertNotRecoverable(readVisible ? 0 : nil, [r["spells_kept"], r["trajectories_kept"]] + excluded, "rows read = kept + excluded")
        XCTAssertEqual(r["disclosure"] as? String, "publication")
        for (path, _) in r["suppressed"] as! [String: Any] { XCTAssert(path.hasPrefix("excluded_by_reason.") || r[path] is NSNull, path) }
    }

    // MARK: helpers

    private func json(_ name: String) throws -> [String: Any] {
        let o = try XCTUnwrap(Self.outputs.first { $0.name == name }, name)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(o.text.utf8)) as? [String: Any])
    }

    private func walk(_ node: Any, path: String, _ visit: (String, String, Any) -> Void) {
        if let d = node as? [String: Any] {
            for (k, v) in d { let p = path.isEmpty ? k : "\(path).\(k)"; visit(p, k, v); walk(v, path: p, visit) }
        } else if let a = node as? [Any] {
            for (i, v) in a.enumerated() { walk(v, path: "\(path)[\(i)]", visit) }
        }
    }
}

/// `min_cell_size` below 10 only for outputs that say they are not for publication.
final class InternalDisclosureTests: XCTestCase {
    private func config(_ extra: String) throws -> String {
        let base = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic/evaluation.toml"), encoding: .utf8)
            .replacingOccurrences(of: "min_cell_size = 10", with: extra)
        let dir = CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic").path
        // Paths in the config are relative to its folder: keep it next to the example data.
        let path = dir + "/.test-\(UUID().uuidString).toml"
        try base.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testMinCellSize1IsRefusedWithOneLine() throws {
        let r = try CLI.run(["report", "--config", try config("min_cell_size = 1"), "--out", FileManager.default.temporaryDirectory.appendingPathComponent("r-\(UUID().uuidString)").path])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssert(r.stderr.contains("min_cell_size 1 is below the publication minimum of 10"), r.stderr)
    }

    func testAnInternalReportIsStampedNotForPublicationOnEveryOutput() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("r-\(UUID().uuidString)").path
        let r = try CLI.run(["report", "--config", try config("min_cell_size = 5\ndisclosure = \"internal\""), "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8), html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        let stamp = "NIET VOOR PUBLICATIE"
        XCTAssert(md.split(separator: "\n").prefix(3).contains { $0.contains(stamp) }, "header")
        XCTAssert(md.split(separator: "\n").suffix(2).contains { $0.contains(stamp) }, "footer")
        XCTAssertEqual(html.components(separatedBy: stamp).count - 1, 3, "header, rule and footer")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json"))) as! [String: Any]
        XCTAssertEqual(json["disclosure"] as? String, "internal")
        XCTAssertEqual(json["min_cell_size"] as? Int, 5)
    }
}
