import Foundation
import TableKit

/// Prints a report to PDF with headless Chromium (`reval report --pdf`), the browser
/// `scripts/browser-check` uses. The page's own print style gives the page numbers and the
/// footer (version, extraction date); Chromium's header and footer (date, file path) are turned
/// off. The table of contents gets each section's page: the report is printed once, the page of
/// each section title read back with `pdftotext` (poppler-utils), and printed again with those
/// pages until they hold. The PDF is written to a temporary name and renamed. It is the one
/// report file that is not byte-identical between runs: Chromium stamps its creation time.
public enum PDFPrinter {
    /// The browsers tried, in order, on the PATH.
    static let browsers = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Prints `report` to `pdf`, with the page of each section in its table of contents.
    public static func print(_ report: ReportRenderer, to pdf: String) throws {
        guard let browser = browsers.lazy.compactMap(find).first else {
            throw Failure(description: "--pdf needs Chromium (apt-get install chromium); none of \(browsers.joined(separator: ", ")) is on the PATH")
        }
        guard let pdftotext = find("pdftotext") else {
            throw Failure(description: "--pdf needs pdftotext for the page numbers of the table of contents (apt-get install poppler-utils)")
        }
        let folder = (pdf as NSString).deletingLastPathComponent, name = (pdf as NSString).lastPathComponent
        let stem = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(ProcessInfo.processInfo.processIdentifier)"
        let html = stem + ".html", temporary = stem + ".tmp"
        defer { for f in [html, temporary] { try? FileManager.default.removeItem(atPath: f) } }
        // A page number in the table of contents does not move a section (the contents have a
        // page of their own), so the second print normally confirms the first one's pages.
        var pages = [Int?]()
        for _ in 0..<3 {
            try OutputFile.write(report.html(contentsPages: pages), to: html)
            try run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--no-pdf-header-footer",
                              "--print-to-pdf=\(temporary)", URL(fileURLWithPath: html).absoluteString], writing: temporary)
            let found = sectionPages(report.sectionTitles, in: try text(of: temporary, pdftotext))
            if found == pages { break }
            pages = found
        }
        guard rename(temporary, pdf) == 0 else {
            throw Failure(description: "\(pdf): cannot write (\(String(cString: strerror(errno))))")
        }
    }

    /// The page (from 1) on which each title stands as a line of its own, searching in order from
    /// the page after the table of contents; nil for a title not found. `pages`: the text of each page.
    static func sectionPages(_ titles: [String], in pages: [String]) -> [Int?] {
        let lines = pages.map { Set($0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }) }
        guard let contents = lines.firstIndex(where: { $0.contains("Inhoud") || $0.contains("Contents") }) else { return titles.map { _ in nil } }
        var from = contents + 1
        return titles.map { title in
            guard let page = lines.indices.dropFirst(from).first(where: { lines[$0].contains(title) }) else { return nil }
            from = page
            return page + 1
        }
    }

    /// The text of each page of a PDF.
    static func text(of pdf: String, _ pdftotext: String) throws -> [String] {
        let pipe = Pipe(), process = Process()
        process.executableURL = URL(fileURLWithPath: pdftotext)
        process.arguments = ["-layout", pdf, "-"]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "pdftotext could not read \(pdf) (exit \(process.terminationStatus))") }
        return String(decoding: data, as: UTF8.self).components(separatedBy: "\u{0C}")
    }

    /// Runs the browser; fails unless it wrote a non-empty `output`.
    static func run(_ browser: String, _ arguments: [String], writing output: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let size = (try? FileManager.default.attributesOfItem(atPath: output))?[.size] as? Int, size > 0 else {
            throw Failure(description: "\(browser) did not print the report to PDF (exit \(process.terminationStatus))")
        }
    }

    /// The full path of `name` on the PATH, if it is there.
    static func find(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
