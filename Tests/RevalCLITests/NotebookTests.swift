import Foundation
import XCTest

/// The notebooks reproduce their publications; each exits non-zero when a published figure is not reproduced.
final class NotebookTests: XCTestCase {
    private func runNotebook(_ name: String) throws -> CLI.Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nb-\(UUID().uuidString)").path
        let p = Process()
        p.executableURL = CLI.binary.deletingLastPathComponent().appendingPathComponent(name)
        p.arguments = [dir]
        p.currentDirectoryURL = CLI.repositoryRoot
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssert(FileManager.default.fileExists(atPath: dir + "/notebook.md"))
        return CLI.Result(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    /// 004 chapters 2-3, appendix B and section 2.6.
    func testLeiden2014NotebookReproducesAppendixBAndTheBreakEven() throws {
        let r = try runNotebook("leiden-2014")
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssert(r.stdout.contains("0 published figures not reproduced"), r.stdout)
    }

    /// 000 chapter 6 (every BUIG cell to the euro), chapter 5, and 003 chapter 1.
    func testLV2019FinanceNotebookReproducesEveryBUIGCell() throws {
        let r = try runNotebook("lv-2019-finance")
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertFalse(r.stdout.contains("MISMATCH"), r.stdout)
    }
}
