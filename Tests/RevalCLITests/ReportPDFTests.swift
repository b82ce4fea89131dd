import Foundation
import XCTest

/// Issue #15 item 6: `reval report --pdf` prints the report with headless Chromium, a table of
/// contents giving each section's page, and page numbers in the footer. Skipped, with the reason,
/// on a machine without Chromium or pdftotext; `scripts/browser-check` installs both and checks the same.
final class ReportPDFTests: XCTestCase {
    /// The text of each page of the example's PDF, printed once; nil with the reason it could not be.
    static let pages: Result<[String], SkipReason> = {
        for tool in ["chromium", "pdftotext"] where !onPath(tool) {
            return .failure(SkipReason(description: "\(tool) is not installed (apt-get install chromium poppler-utils; scripts/browser-check installs them)"))
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(UUID().uuidString)")
        let r = try! CLI.run(["report", "--example", "--pdf", "--quiet", "--out", dir.path])
        guard r.status == 0 else { return .failure(SkipReason(description: "reval report --pdf failed: \(r.stderr)")) }
        let p = Process(), pipe = Pipe()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["pdftotext", "-layout", dir.appendingPathComponent("report.pdf").path, "-"]
        p.standardOutput = pipe
        try! p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return .success(text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })
    }()

    struct SkipReason: Error, CustomStringConvertible { let description: String }

    static func onPath(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }

    private func printed() throws -> [String] {
        switch Self.pages {
        case .success(let pages): return pages
        case .failure(let reason): throw XCTSkip("report --pdf not checked: \(reason)")
        }
    }

    func testEveryPageCarriesItsNumberVersionAndExtractionDate() throws {
        let pages = try printed()
        XCTAssertGreaterThan(pages.count, 2)
        for (k, page) in pages.enumerated() {
            XCTAssert(page.contains("pagina \(k + 1) van \(pages.count)"), "page \(k + 1)")
            XCTAssert(page.contains("peildatum 30 juni 2014") && page.contains("reval "), "footer of page \(k + 1)")
        }
    }

    /// Each entry of the table of contents ends in a page number, and that page holds the section's title.
    func testTheTableOfContentsGivesThePageOfEachSection() throws {
        let pages = try printed()
        let entry = try NSRegularExpression(pattern: #"^\s*\d+\. (.+?)\s{2,}(\d+)\s*$"#, options: .anchorsMatchLines)
        let contents = pages[0]
        let entries = entry.matches(in: contents, range: NSRange(contents.startIndex..., in: contents)).map {
            (String(contents[Range($0.range(at: 1), in: contents)!]), Int(contents[Range($0.range(at: 2), in: contents)!])!)
        }
        XCTAssertEqual(entries.first?.0, "Samenvatting")
        XCTAssertGreaterThanOrEqual(entries.count, 8, contents)
        for (title, page) in entries {
            let lines = pages[page - 1].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssert(lines.contains(title), "\(title) is not on page \(page)")
        }
    }
}
