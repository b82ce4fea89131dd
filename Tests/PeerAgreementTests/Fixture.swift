import Foundation
import XCTest

/// Reads the R fixtures in `Fixtures/` and locates shipped data in `Data/`.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func dataPath(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Data").appendingPathComponent(name).path
    }

    /// Rows of a fixture CSV as dictionaries keyed by header (values trimmed).
    static func rows(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",").map { String($0) }
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    /// A two-column quantity,value fixture as a dictionary.
    static func quantities(_ name: String) throws -> [String: Double] {
        Dictionary(uniqueKeysWithValues: try rows(name).map { ($0["quantity"]!, Double($0["value"]!)!) })
    }
}

func XCTAssertRelativelyEqual(_ a: Double, _ b: Double, tolerance: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    let rel = abs(a - b) / max(abs(b), 1e-300)
    XCTAssertLessThanOrEqual(rel, tolerance, "\(message): \(a) vs R \(b), relative difference \(rel)", file: file, line: line)
}
