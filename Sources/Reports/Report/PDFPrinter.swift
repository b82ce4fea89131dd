import Foundation
import TableKit

/// Prints a report's HTML page to PDF with headless Chromium (`reval report --pdf`), the
/// browser `scripts/browser-check` uses. The page's own print style gives the table of contents,
/// the page numbers and the footer (version, extraction date); Chromium's header and footer
/// (date, file path) are turned off. The PDF is written to a temporary name and renamed. It is
/// the one report file that is not byte-identical between runs: Chromium stamps its creation time.
public enum PDFPrinter {
    /// The browsers tried, in order, on the PATH.
    static let browsers = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Prints `html` (a file) to `pdf`.
    public static func print(html: String, to pdf: String) throws {
        guard let browser = browsers.lazy.compactMap(find).first else {
            throw Failure(description: "--pdf needs Chromium (apt-get install chromium); none of \(browsers.joined(separator: ", ")) is on the PATH")
        }
        let temporary = (pdf as NSString).deletingLastPathComponent + "/.\((pdf as NSString).lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--no-pdf-header-footer",
                             "--print-to-pdf=\(temporary)", URL(fileURLWithPath: html).absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let size = (try? FileManager.default.attributesOfItem(atPath: temporary))?[.size] as? Int, size > 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(description: "\(browser) did not print \(html) to PDF (exit \(process.terminationStatus))")
        }
        guard rename(temporary, pdf) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(description: "\(pdf): cannot write (\(String(cString: strerror(errno))))")
        }
    }

    /// The full path of `name` on the PATH, if it is there.
    static func find(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
