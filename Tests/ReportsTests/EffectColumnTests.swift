import Effects
import Foundation
@testable import Reports
import XCTest

/// Issue #14: one typed effect row. The writer (`EffectTableWriter`, Reports) and the reader
/// (`EffectTable.read`, Effects) share one column list (`EffectColumn`), and the JSON row
/// (`CohortEffectRow`) uses the same names as keys.
final class EffectColumnTests: XCTestCase {
    func testTheReaderReadsBackWhatTheWriterWrites() throws {
        let results = ReportTests.results
        let csv = ReportRenderer(results: results).estimatesCSV()
        XCTAssertEqual(csv.prefix { $0 != "\n" }.split(separator: ",").map(String.init), EffectColumn.allCases.map(\.rawValue))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("estimates-\(UUID().uuidString).csv")
        try Data(csv.utf8).write(to: url)
        let table = try EffectTable.read(path: url.path)
        let written = results.effects.flatMap(\.rows)
        XCTAssertEqual(table.rows.count, written.count)
        var estimates = 0
        for (read, row) in zip(table.rows, written) {
            XCTAssertEqual([read.instrument, read.dimension, read.subgroup, read.outcome.rawValue], [row.instrument, row.dimension, row.subgroup, row.outcome])
            XCTAssertEqual(read.horizonMonths, row.horizonMonths)
            XCTAssertEqual(read.source, "reval report")
            guard read.status == .estimate else { continue }
            estimates += 1
            XCTAssertEqual(read.estimate, row.estimate, "full precision")
            XCTAssertEqual(read.standardError, row.se)
            XCTAssertEqual(read.ciLow, row.ciLow)
            XCTAssertEqual(read.ciHigh, row.ciHigh)
            if let n = read.nTreated { XCTAssertEqual(n, row.nTreated) }
            if let n = read.nControl { XCTAssertEqual(n, row.nControl) }
        }
        XCTAssertGreaterThan(estimates, 10)
    }

    func testTheJSONRowSpeaksTheColumnNames() throws {
        let row = ReportTests.results.effects[0].rows[0]
        let data = try JSONEncoder().encode(row)
        let keys = Set(try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any]).keys)
        // The CSV carries every key of the JSON row (but the model's size), and names the estimate's design, method, estimand, source and the suppressed fields.
        XCTAssertEqual(keys.subtracting(["model_parameters"]),
                       Set(EffectColumn.allCases.map(\.rawValue)).subtracting(["design", "method", "estimand", "source", "suppressed"]))
        XCTAssertEqual(try JSONDecoder().decode(CohortEffectRow.self, from: data), row)
    }
}
