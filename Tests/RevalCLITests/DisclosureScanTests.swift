import Foundation
import TestSupport
import XCTest

/// Issue #15, definition of done: every output of a report, of a link with `--on-error exclude`
/// on an input with bad rows, and of describe (text, json, md) is scanned for counts from 1 to 9,
/// person ids and birth dates of the input, and suppressed cells recoverable from a total. The
/// outputs of issue #12 are scanned too: `describe --by` (providers, age and every dimension), end
/// reasons, the local-codes example linked with its codes file and bad rows (persons left out by
/// reason, trajectories outside spells, spells merged), `link --list-codes`, and a report of that
/// example with `on_error = "exclude"` (the sample account's rows excluded by reason). The outputs
/// of issue #16 too: `describe --stock` (the client stock on a date) and `roi`.
final class DisclosureScanTests: XCTestCase {
    struct Output { let name: String; let text: String }

    /// Runs the commands once; every file they write and everything they print.
    static let outputs: [Output] = {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString)")
        try! fm.createDirectory(at: dir, withIntermediateDirectories: true)
        var out = [Output]()
        // --quiet: progress lines appear only when a stage takes longer than 2 s (machine load),
        // so they are left out to keep the scan deterministic; warnings and errors still appear.
        func run(_ name: String, _ args: [String]) {
            let r = try! CLI.run(args + ["--quiet"])
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
            out.append(Output(name: "\(name) stdout", text: r.stdout))
            out.append(Output(name: "\(name) stderr", text: r.stderr))
        }
        func files(_ name: String, in folder: String) {
            for file in fm.enumerator(atPath: folder)!.compactMap({ $0 as? String }) where file.contains(".") {
                out.append(Output(name: "\(name)/\(file)", text: try! String(contentsOfFile: folder + "/" + file, encoding: .utf8)))
            }
        }
        let report = dir.appendingPathComponent("report").path
        run("report", ["report", "--example", "--out", report])
        files("report", in: report)
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
            run("describe --by provider,age --format \(format)", ["describe", "--cohort", cohort, "--by", "provider,age", "--format", format])
        }
        // The client stock on a date (issue #16) and the return on investment of an instrument (004 §2.6).
        for format in ["text", "json", "md"] {
            run("describe --stock --format \(format)", ["describe", "--stock", "--date", "2012-06-30", "--cohort", cohort, "--format", format])
            run("roi --format \(format)", ["roi", "--cost", "799000", "--participants", "160", "--effect-per-100", "7.2", "--months-per-participant", "4.2", "--format", format])
        }
        // The local-codes example with bad rows, linked with its codes file.
        let (localBenefits, localTrajectories) = localBadInputs(in: dir)
        let codes = CLI.repositoryRoot.appendingPathComponent("\(local)/codes.toml").path
        let localCohort = dir.appendingPathComponent("local.csv").path
        for format in ["text", "json", "md"] {
            run("link local --format \(format)", ["link", "--benefits", localBenefits, "--trajectories", localTrajectories, "--codes", codes,
                                                  "--cohort-start", "2010-01-01", "--cohort-end", "2012-12-31", "--extraction-date", "2014-06-30",
                                                  "--on-error", "exclude", "--out", localCohort, "--format", format])
            run("link --list-codes --format \(format)", ["link", "--benefits", localBenefits, "--trajectories", localTrajectories, "--list-codes", "--format", format])
        }
        out.append(Output(name: "local.linkage.json", text: try! String(contentsOfFile: dir.appendingPathComponent("local.linkage.json").path, encoding: .utf8)))
        // Effects of a new instrument on the small cohort: cells, balance, effect path, sensitivity.
        let effects = dir.appendingPathComponent("local-effects.csv").path, balance = dir.appendingPathComponent("local-balance.csv").path
        for format in ["text", "json"] {
            run("estimate local --format \(format)", ["estimate", "--cohort", localCohort, "--instrument", "work_fit", "--horizon", "12,24", "--by", "education",
                                                      "--minimum-cell", "5", "--out", effects, "--balance", balance, "--format", format])
        }
        out.append(Output(name: "local-effects.csv", text: try! String(contentsOfFile: effects, encoding: .utf8)))
        out.append(Output(name: "local-balance.csv", text: try! String(contentsOfFile: balance, encoding: .utf8)))
        for format in ["text", "json", "md"] {
            run("describe local --by all --format \(format)", ["describe", "--cohort", localCohort, "--by", "age,sex,household,education,work_history,provider", "--format", format])
        }
        // A report of the local example that excludes the bad rows and describes the whole cohort.
        let leiden = try! String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic/evaluation.toml"), encoding: .utf8)
        let config = leiden
            .replacingOccurrences(of: "benefits = \"benefits.csv\"", with: "benefits = \"\(localBenefits)\"")
            .replacingOccurrences(of: "trajectories = \"trajectories.csv\"", with: "trajectories = \"\(localTrajectories)\"\ncodes = \"\(codes)\"\non_error = \"exclude\"")
            .replacingOccurrences(of: "effects = \"../effects/", with: "effects = \"\(CLI.repositoryRoot.path)/Data/effects/")
            .replacingOccurrences(of: "describe_from = \"2011-10-01\"\ndescribe_to = \"2012-12-31\"\n", with: "")
            .replacingOccurrences(of: "instruments = [\"matching\", \"schooling\"]", with: "instruments = [\"matching\", \"work_fit\"]")
        XCTAssert(config.contains("on_error") && !config.contains("describe_from"), "the local report's config")
        let configPath = dir.appendingPathComponent("local.toml").path
        try! Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        let localReport = dir.appendingPathComponent("local-report").path
        run("report local", ["report", "--config", configPath, "--out", localReport])
        files("local-report", in: localReport)
        return out
    }()

    static let local = "Data/local-codes-example"

    /// The local-codes example (`;`, CRLF, DD-MM-YYYY) with five bad rows: an unknown education code
    /// twice, an invalid birth date, a spell that ends before it starts, and a trajectory of an unknown person.
    static func localBadInputs(in dir: URL) -> (String, String) {
        var benefits = try! String(contentsOf: CLI.repositoryRoot.appendingPathComponent("\(local)/benefits.csv"), encoding: .utf8)
            .components(separatedBy: "\r\n")
        func corrupt(_ line: Int, column: Int, _ value: String) {
            var f = benefits[line].components(separatedBy: ";")
            f[column] = value
            benefits[line] = f.joined(separator: ";")
        }
        corrupt(12, column: 6, "XYZ")
        corrupt(57, column: 6, "XYZ")
        corrupt(101, column: 4, "45-13-1968")
        corrupt(150, column: 2, "01-01-2001")
        let trajectories = try! String(contentsOf: CLI.repositoryRoot.appendingPathComponent("\(local)/trajectories.csv"), encoding: .utf8)
            + "Q9999994;Werkfit-traject;01-03-2011;01-06-2011;Werkfit BV\r\n"
        let b = dir.appendingPathComponent("local-benefits.csv"), t = dir.appendingPathComponent("local-trajectories.csv")
        try! Data(benefits.joined(separator: "\r\n").utf8).write(to: b)
        try! Data(trajectories.utf8).write(to: t)
        return (b.path, t.path)
    }

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

    static let countKey = try! NSRegularExpression(pattern: #"^(n_.*|.*count.*|.*persons.*|participants|treated|controls?|records|.*rows.*|numerator|denominator|reentrants|.*_kept|excluded.*|trajectories_.*|spells?_.*|trajectory_.*|.*_spells?)$"#)
    /// Tables keyed by category, whose every value is a count.
    static let countTables = ["excluded_by_reason.", "participant_counts.", "excluded_persons_by_reason.", "rows_excluded_by_reason.", "end_reasons.",
                              "end_reasons_by_instrument.", "providers_by_instrument.", "by_instrument."]

    func testNoJSONCountFieldHoldsACountFrom1To9() throws {
        for o in Self.outputs where o.text.hasPrefix("{") {
            let json = try JSONSerialization.jsonObject(with: Data(o.text.utf8))
            walk(json, path: "") { path, key, value in
                let isCount = Self.countKey.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil
                    || Self.countTables.contains { path.contains($0) }
                if isCount, let n = value as? Int, !(value is Bool), (1...9).contains(n) { XCTFail("\(o.name): \(path) = \(n)") }
            }
        }
    }

    /// In text, a number from 1 to 9 right before or after a count word ("7 of 33", "rows read: 4").
    func testNoTextShowsACountFrom1To9() throws {
        let words = "persons|personen|treated|controls|controles|rows|regels|participants|deelnemers|records|spells|trajectories|kept|read|excluded|uitgesloten|cohort|re-entrants|of|spell"
        let before = try NSRegularExpression(pattern: #"(?<![\d.,:/-])\b[1-9]\b(?![\d.,:/%-]) (\#(words))\b"#)
        let after = try NSRegularExpression(pattern: #"\b(\#(words)):? \(?[1-9]\b(?![\d.,:/%-])"#)
        // A category and its count: a table row ("  work        7") or a list ("after matching: work 7, other 23").
        let tableRow = try NSRegularExpression(pattern: #"^\s+\S.*\s{2,}[1-9]\s*$"#)
        let listItem = try NSRegularExpression(pattern: #"(^|[:,;] )(?!month |horizon |week )[A-Za-z_]+ [1-9](?=[,;]|$)"#)
        // Progress on stderr ("report: matching: cell 3 of 6 estimated") counts cells, not persons.
        let progress = try NSRegularExpression(pattern: #": cell \d+ of \d+ estimated$"#)
        for o in Self.outputs where !o.text.hasPrefix("{") && !o.name.hasSuffix(".svg") && !o.name.hasSuffix(".csv") {
            for line in o.text.split(separator: "\n").map({ String($0).trimmingCharacters(in: .newlines) })
            where progress.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) == nil {
                let range = NSRange(line.startIndex..., in: line)
                for pattern in [before, after, tableRow, listItem] { XCTAssertNil(pattern.firstMatch(in: line, range: range), "\(o.name): \(line)") }
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
        func rows(_ path: String, separator: Character) throws -> [[String]] {
            try String(contentsOf: CLI.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
                .split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
        }
        let leiden = try rows("Data/leiden-synthetic/benefits.csv", separator: ","), local = try rows("\(Self.local)/benefits.csv", separator: ";")
        // DD-MM-YYYY as ISO.
        func iso(_ t: String) -> String { t.count == 10 && t.dropFirst(2).first == "-" ? "\(t.suffix(4))-\(t.dropFirst(3).prefix(2))-\(t.prefix(2))" : t }
        let ids = Set((leiden + local).map { $0[0] } + ["Q9999991", "Q9999992", "Q9999993", "Q9999994"])
        let births = Set(leiden.map { $0[4] } + local.map { iso($0[4]) } + ["2009-01-01"])
        XCTAssertGreaterThan(ids.count, 3000)
        let token = try NSRegularExpression(pattern: #"[PQC]\d{7}|\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}"#)
        for o in Self.outputs {
            for m in token.matches(in: o.text, range: NSRange(o.text.startIndex..., in: o.text)) {
                let t = String(o.text[Range(m.range, in: o.text)!])
                XCTAssertFalse(ids.contains(t), "\(o.name) contains person id \(t)")
                // Cohort windows and the extraction date are configuration, not birth dates.
                if ["2010-01-01", "2012-12-31", "2014-06-30", "2011-10-01"].contains(iso(t)) { continue }
                XCTAssertFalse(births.contains(iso(t)), "\(o.name) contains birth date \(t)")
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

    /// The age groups and the duration classes of the client stock each make up the persons in it.
    func testNoSuppressedStockGroupIsThePersonsMinusVisibleGroups() throws {
        let stock = try json("describe --stock --format json stdout")
        for table in ["age_groups", "duration_classes"] {
            let groups = try XCTUnwrap(stock[table] as? [String: [String: Any]], table)
            XCTAssertFalse(groups.isEmpty, table)
            assertNotRecoverable(stock["persons"], groups.values.map { $0["numerator"] }, "stock \(table)")
        }
    }

    func testNoSuppressedLinkageRowIsTheRecordsReadMinusTheVisibleRows() throws {
        let r = try json("cohort.linkage.json")
        let excluded = (r["excluded_by_reason"] as! [String: Any]).values.map { $0 as Any? }
        XCTAssertFalse(excluded.isEmpty, "the bad rows are counted")
        let readVisible = !(r["benefit_rows_read"] is NSNull) && !(r["trajectory_rows_read"] is NSNull)
        assertNotRecoverable(readVisible ? 0 : nil, [r["spells_kept"], r["trajectories_kept"]] + excluded, "rows read = kept + excluded")
        XCTAssertEqual(r["disclosure"] as? String, "publication")
    }

    /// Every path of a `suppressed` map names a value that is null in the same JSON.
    func testEverySuppressedPathIsNullInItsJSON() throws {
        var paths = 0
        // roi prints amounts and the figures given to it, no count of the data, so it has no `suppressed` map.
        for o in Self.outputs where o.text.hasPrefix("{") && !o.name.hasSuffix("provenance.json") && !o.name.hasPrefix("roi") {
            let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(o.text.utf8)) as? [String: Any])
            for (path, _) in try XCTUnwrap(root["suppressed"] as? [String: Any], o.name) {
                XCTAssert(value(root, path) is NSNull, "\(o.name): \(path) is suppressed but not null")
                paths += 1
            }
        }
        XCTAssertGreaterThan(paths, 0)
    }

    /// Issue #12's tables of `describe`: end reasons with the persons still on benefit make up the
    /// persons (a report of the whole cohort shows those as censored), each instrument's providers
    /// make up its participants, the groups of `--by` the participants (not by provider, whose groups
    /// overlap), each instrument's users over the groups its participants.
    func testNoSuppressedCellOfEndReasonsProvidersOrUseByIsATotalMinusVisibleParts() throws {
        var checked = 0
        for name in ["describe --by provider,age --format json stdout", "describe local --by all --format json stdout", "local-report/results.json", "report/results.json"] {
            let root = try json(name)
            let d = (root["description"] as? [String: Any]) ?? root
            let shares = d["instrument_shares"] as! [String: [String: Any]]
            if let s = root["sample_loss"] as? [String: Any], name.hasPrefix("local-report") {
                XCTAssertNil(d["inflow_from"] as? String, "the whole cohort")
                let censoredShown = !(s["censored_persons"] is NSNull) && !(d["persons"] is NSNull)
                assertNotRecoverable(censoredShown ? 0 : nil, (d["end_reasons"] as! [String: Any]).values.map { $0 }, "\(name) end reasons = persons - censored")
                checked += 1
            }
            let providers = d["providers_by_instrument"] as! [String: [String: Any]]
            XCTAssertEqual(Set(providers.keys), Set(shares.filter { ($0.value["numerator"] as? Int) != 0 }.keys), "\(name): every instrument that occurs")
            for (i, c) in providers { assertNotRecoverable(shares[i]!["numerator"], c.values.map { $0 }, "\(name) providers of \(i)") }
            for (dim, groups) in (d["use_by"] as? [String: [[String: Any]]]) ?? [:] {
                if dim != "provider" { assertNotRecoverable(d["participants"], groups.map { $0["participants"] }, "\(name) use by \(dim)") }
                for (i, share) in shares where (groups.first?["instruments"] as? [String: Any])?[i] != nil {
                    assertNotRecoverable(share["numerator"], groups.map { (($0["instruments"] as! [String: Any])[i] as! [String: Any])["numerator"] }, "\(name) \(i) by \(dim)")
                }
                if dim == "provider" {
                    for g in groups {
                        for (i, share) in g["instruments"] as! [String: [String: Any]] {
                            guard let ofProvider = providers[i]?[g["group"] as! String] else { continue }
                            XCTAssertEqual(share["numerator"] is NSNull, ofProvider is NSNull, "\(name): the same cell twice")
                        }
                    }
                }
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 9)
    }

    /// Issue #12's rows of the linkage report and the sample account: kept trajectories by where
    /// they went, trajectories outside every spell by position and by instrument (the same total),
    /// rows excluded by reason (their total is shown in a report).
    func testNoSuppressedLinkageOrSampleLossCellOfIssue12IsRecoverable() throws {
        for name in ["cohort.linkage.json", "local.linkage.json"] {
            let r = try json(name)
            assertNotRecoverable(r["trajectories_kept"], ["trajectories_linked_to_cohort", "trajectories_before_inflow", "trajectories_outside_spells_after_inflow",
                                                         "trajectories_of_persons_outside_cohort", "trajectories_of_excluded_persons"].map { r[$0] }, "\(name) kept trajectories")
            let o = r["trajectories_outside_spells"] as! [String: Any]
            let positions = ["before_first_spell", "between_spells", "after_last_spell"].map { o[$0] }
            let instruments = (o["by_instrument"] as! [String: Any]).values.map { $0 }
            assertNotRecoverable(positions.contains { $0 is NSNull } ? nil : 0, instruments, "\(name) outside spells by instrument")
            assertNotRecoverable(instruments.contains { $0 is NSNull } ? nil : 0, positions, "\(name) outside spells by position")
            XCTAssertFalse((r["excluded_persons_by_reason"] as! [String: Any]).isEmpty, "\(name): persons left out whole are counted")
        }
        let local = try json("local.linkage.json")
        XCTAssertNotNil(local["spells_merged"] as? Int, "45 spells merged are shown")
        let s = try json("local-report/results.json")["sample_loss"] as! [String: Any]
        let reasons = s["rows_excluded_by_reason"] as! [String: Any]
        XCTAssertEqual(reasons.keys.sorted(), ["end_before_start", "invalid_date", "trajectory_without_benefits", "unknown_code"])
        assertNotRecoverable(s["rows_excluded"], reasons.values.map { $0 }, "rows excluded by reason")
        XCTAssert(reasons.values.contains { $0 is NSNull }, "counts from 1 to 9 are suppressed")
    }

    /// The effect table CSV: no count from 1 to 9 in `n_treated` or `n_control`.
    func testNoEffectTableCSVHoldsACountFrom1To9() throws {
        let csv = try XCTUnwrap(Self.outputs.first { $0.name == "local-effects.csv" }).text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let columns = ["n_treated", "n_control"].compactMap { csv[0].firstIndex(of: $0) }
        XCTAssertEqual(columns.count, 2)
        for row in csv.dropFirst() { for j in columns { if let n = Int(row[j]) { XCTAssert(n == 0 || n >= 10, row.joined(separator: ",")) } } }
    }

    /// `estimate`: the treated a sensitivity variant or the effect path leaves out of the headline
    /// cell are not a count from 1 to 9, and a cell's balance is withheld with its estimate.
    func testEstimateSensitivityPathAndBalanceGiveNoSmallCountAway() throws {
        let r = try json("estimate local --format json stdout")
        let rows = r["rows"] as! [[String: Any]]
        let headline = rows[0]
        XCTAssertEqual(headline["dimension"] as? String, "all")
        let sensitivity = r["sensitivity"] as! [[String: Any]]
        XCTAssertFalse(sensitivity.isEmpty)
        for v in sensitivity {
            if let n = v["n_treated"] as? Int, let all = headline["n_treated"] as? Int { XCTAssert(all - n == 0 || all - n >= 10, "\(v["specification"]!): \(all) − \(n)") }
        }
        for b in r["balance"] as! [[String: Any]] {
            let row = rows.first { $0["dimension"] as? String == b["dimension"] as? String && $0["subgroup"] as? String == b["subgroup"] as? String
                && $0["outcome"] as? String == b["outcome"] as? String && $0["horizon_months"] as? Int == b["horizon_months"] as? Int }!
            if row["estimate"] is NSNull, row["status"] as? String == "estimate" { XCTAssert(b["table"] is NSNull, "balance of a withheld cell") }
        }
    }

    /// `--list-codes`: the values and their mappings are all listed; a count from 1 to 9 is not.
    func testListCodesListsEveryValueButNoSmallCount() throws {
        let listing = try json("link --list-codes --format json stdout")
        let values = (listing["columns"] as! [[String: Any]]).flatMap { $0["values"] as! [[String: Any]] }
        XCTAssert(values.contains { $0["value"] as? String == "XYZ" && $0["count"] is NSNull }, "a rare value is listed, its count suppressed")
        let text = try XCTUnwrap(Self.outputs.first { $0.name == "link --list-codes --format text stdout" }).text
        XCTAssert(text.contains("\"XYZ\" = \"?\"  # <10 rows, unmapped"), text)
    }

    // MARK: helpers

    private func json(_ name: String) throws -> [String: Any] {
        let o = try XCTUnwrap(Self.outputs.first { $0.name == name }, name)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(o.text.utf8)) as? [String: Any])
    }

    /// The value at a path of the `suppressed` map: `a.b[2].c`, with `["key"]` for a key that is data (a provider's name).
    private func value(_ root: Any, _ path: String) -> Any? {
        var node: Any? = root
        let pattern = try! NSRegularExpression(pattern: #"\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.\[\]]+)"#)
        for m in pattern.matches(in: path, range: NSRange(path.startIndex..., in: path)) {
            func group(_ k: Int) -> String? { Range(m.range(at: k), in: path).map { String(path[$0]) } }
            if let i = group(2).flatMap(Int.init) {
                guard let a = node as? [Any], a.indices.contains(i) else { return nil }
                node = a[i]
            } else if let key = group(1).map({ $0.replacingOccurrences(of: #"\\(.)"#, with: "$1", options: .regularExpression) }) ?? group(3) {
                node = (node as? [String: Any])?[key]
            }
        }
        return node
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
    /// The example config with `min_cell_size = 10` replaced, in a temporary folder, its inputs made absolute.
    private func config(_ extra: String) throws -> String {
        let path = try ExampleConfig.copy(replacing: [("min_cell_size = 10", extra)], absoluteInputs: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
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
