import Foundation
import XCTest

/// Issue #12 item 7: no command writes over one of its inputs, and two outputs are never the
/// same file; the check comes before anything is written.
final class InputProtectionTests: XCTestCase {
    /// A scratch folder with copies of the example exports and a linked cohort.
    private func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reval-protect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for f in ["benefits.csv", "trajectories.csv", "evaluation.toml"] {
            try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Data/leiden-synthetic/\(f)"), to: dir.appendingPathComponent(f))
        }
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Data/effects/lammers-2013.csv"), to: dir.appendingPathComponent("effects.csv"))
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("link-to-benefits.csv"), withDestinationURL: dir.appendingPathComponent("benefits.csv"))
        return dir
    }

    private func assertRefused(_ arguments: [String], protecting files: [URL], file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try files.map { try Data(contentsOf: $0) }
        let r = try CLI.run(arguments)
        XCTAssertEqual(r.status, 2, "\(arguments)\n\(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssert(r.stderr.contains("same file"), r.stderr, file: file, line: line)
        for (k, f) in files.enumerated() {
            XCTAssertEqual(try Data(contentsOf: f), before[k], "\(f.lastPathComponent) changed by \(arguments)", file: file, line: line)
        }
    }

    func testEveryCommandThatWritesRefusesAnOutputEqualToAnInput() throws {
        let dir = try scratch()
        let b = dir.appendingPathComponent("benefits.csv"), t = dir.appendingPathComponent("trajectories.csv")
        let link = ["link", "--benefits", b.path, "--trajectories", t.path, "--extraction-date", "2014-06-30"]
        // link: --out or --report equal to an input, spelled differently or through a symbolic link.
        try assertRefused(link + ["--out", b.path], protecting: [b, t])
        try assertRefused(link + ["--out", dir.path + "/./benefits.csv"], protecting: [b, t])
        try assertRefused(link + ["--out", dir.appendingPathComponent("link-to-benefits.csv").path], protecting: [b, t])
        try assertRefused(link + ["--out", dir.appendingPathComponent("cohort.csv").path, "--report", t.path], protecting: [b, t])
        // link: two outputs the same file.
        let cohort = dir.appendingPathComponent("cohort.csv")
        try assertRefused(link + ["--out", cohort.path, "--report", cohort.path], protecting: [b, t])
        XCTAssertFalse(FileManager.default.fileExists(atPath: cohort.path))
        // estimate: the effect table over the cohort it reads.
        XCTAssertEqual(try CLI.run(link + ["--out", cohort.path]).status, 0)
        try assertRefused(["estimate", "--cohort", cohort.path, "--instrument", "matching", "--out", cohort.path], protecting: [cohort])
        // report: a report file over an input (here the config itself, named like a report file).
        let config = dir.appendingPathComponent("report.md")
        try String(contentsOf: dir.appendingPathComponent("evaluation.toml"), encoding: .utf8)
            .replacingOccurrences(of: "../effects/lammers-2013.csv", with: "effects.csv").write(to: config, atomically: true, encoding: .utf8)
        try assertRefused(["report", "--config", config.path, "--out", dir.path], protecting: [config, b, t])
        try assertRefused(["report", "--config", config.path, "--out", dir.path, "--check"], protecting: [config])
    }

    func testSimulateNeverWritesOverAnExport() throws {
        let dir = try scratch()
        let b = dir.appendingPathComponent("benefits.csv"), t = dir.appendingPathComponent("trajectories.csv")
        let before = try [b, t].map { try Data(contentsOf: $0) }
        let r = try CLI.run(["simulate", "--preset", "leiden", "--persons", "50", "--seed", "1", "--out", dir.path])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssert(r.stderr.contains("benefits.csv: already exists and is not an earlier simulation"), r.stderr)
        XCTAssertEqual(try [b, t].map { try Data(contentsOf: $0) }, before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("truth.json").path))
    }

    func testSimulateWritesOverAnEarlierSimulation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reval-resimulate-\(UUID().uuidString)").path
        let arguments = ["simulate", "--preset", "leiden", "--persons", "50", "--seed", "1", "--out", dir]
        XCTAssertEqual(try CLI.run(arguments).status, 0)
        let again = try CLI.run(arguments)
        XCTAssertEqual(again.status, 0, again.stderr)
    }

    func testInitRefusesToOverwriteAnExistingConfig() throws {
        let dir = try scratch()
        let config = dir.appendingPathComponent("evaluation.toml")
        let before = try Data(contentsOf: config)
        let r = try CLI.run(["init", dir.path])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("evaluation.toml: already exists"), r.stderr)
        XCTAssertEqual(try Data(contentsOf: config), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("codes.toml").path))
    }

    func testWrittenFilesLeaveNoTemporaryFilesBehind() throws {
        let dir = try scratch()
        let out = dir.appendingPathComponent("cohort.csv")
        let r = try CLI.run(["link", "--benefits", dir.appendingPathComponent("benefits.csv").path, "--trajectories", dir.appendingPathComponent("trajectories.csv").path,
                             "--extraction-date", "2014-06-30", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssert(names.contains("cohort.csv") && names.contains("cohort.linkage.json"), "\(names)")
        XCTAssertFalse(names.contains { $0.hasSuffix(".tmp") }, "\(names)")
    }

    /// A run ended by SIGTERM while it writes its output (here `link`, whose cohort file is
    /// written while its rows are formatted) leaves the old output as it was and no temporary
    /// file beside it, and ends by that signal.
    func testARunEndedBySIGTERMWhileWritingLeavesTheOldOutputAndNoTemporaryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reval-signal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let simulated = try CLI.run(["simulate", "--preset", "national", "--persons", "30000", "--seed", "3", "--out", dir.path])
        XCTAssertEqual(simulated.status, 0, simulated.stderr)
        let cohort = dir.appendingPathComponent("cohort.csv")
        try Data("old\n".utf8).write(to: cohort)
        func temporaryFiles() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".tmp") } }

        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["link", "--benefits", dir.appendingPathComponent("benefits.csv").path, "--trajectories", dir.appendingPathComponent("trajectories.csv").path,
                       "--cohort-start", "2003-01-01", "--cohort-end", "2004-12-31", "--extraction-date", "2014-12-31", "--out", cohort.path, "--quiet"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait for the temporary file to appear, then end the run.
        var seen = false
        while p.isRunning && !seen {
            seen = !temporaryFiles().isEmpty
            if !seen { usleep(2_000) }
        }
        XCTAssert(seen, "the run ended before its temporary file was seen; the test needs a larger export")
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        XCTAssertEqual(p.terminationStatus, SIGTERM)
        XCTAssertEqual(temporaryFiles(), [])
        XCTAssertEqual(try String(contentsOf: cohort, encoding: .utf8), "old\n")
    }
}
