import Foundation
import XCTest

/// `reval glm` and `reval estimate --data` leave out rows with a missing value and say how many.
final class GenericMissingValuesTests: XCTestCase {
    private let data = "y,t,x\n" + (0..<40).map { i in "\(i % 3 == 0 ? 1 : 0),\(i % 2),\(i % 7 == 0 ? "n/a" : String(Double(i) / 10))" }.joined(separator: "\n") + "\n"

    func testGLMCountsDroppedRowsInTextAndJSON() throws {
        let path = try CLI.temporaryFile(data)
        let json = try CLI.run(["glm", "--data", path, "--outcome", "y", "--covariates", "x", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["rows_dropped_missing"] as? Int, 6)
        XCTAssertEqual(object["observations"] as? Int, 34)
        let text = try CLI.run(["glm", "--data", path, "--outcome", "y", "--covariates", "x"])
        XCTAssert(text.stdout.contains("Rows left out for a missing value (empty, NA, n/a, NaN) in a used column: 6"), text.stdout)
    }

    func testMissingFailMakesAMissingValueAnError() throws {
        let path = try CLI.temporaryFile(data)
        let r = try CLI.run(["estimate", "--data", path, "--treatment", "t", "--outcome", "y", "--covariates", "x", "--method", "ipw", "--missing", "fail"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains(":2: column 'x': missing value"), r.stderr)
    }

    func testEstimateCountsDroppedRowsInJSON() throws {
        let path = try CLI.temporaryFile(data)
        let r = try CLI.run(["estimate", "--data", path, "--treatment", "t", "--outcome", "y", "--covariates", "x", "--method", "ipw", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        // 6 rows: a count from 1 to 9 of an estimate's output is under disclosure control (null, named in `suppressed`).
        XCTAssert(object["rows_dropped_missing"] is NSNull, r.stdout)
        XCTAssertEqual((object["suppressed"] as? [String: String])?["rows_dropped_missing"], "below_minimum")
        let text = try CLI.run(["estimate", "--data", path, "--treatment", "t", "--outcome", "y", "--covariates", "x", "--method", "ipw"])
        XCTAssert(text.stdout.contains("Rows left out for a missing value (empty, NA, n/a, NaN) in a used column: <10"), text.stdout)
    }
}
