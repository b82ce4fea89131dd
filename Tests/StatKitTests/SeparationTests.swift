@testable import StatKit
import XCTest

/// The check for a covariate that separates the outcome (`Separation.bySingleCovariate`) stops
/// reading a column once the two outcomes' ranges overlap (they only widen with more rows): it
/// must still judge each column on every row.
final class SeparationTests: XCTestCase {
    let n = 10_000
    var y: [Double] { (0..<n).map { Double($0 % 2) } }
    /// Every row of outcome 1 above every row of outcome 0.
    var separating: [Double] {
        (0..<n).map { (i: Int) -> Double in i % 2 == 1 ? 2 + Double(i % 5) : 1 - Double(i % 3) }
    }

    func finding(_ column: [Double]) -> Separation.Finding? {
        let noise = (0..<n).map { Double(($0 * 7_919) % 101) }
        return Separation.bySingleCovariate(x: MatrixView(Matrix(columns: [[Double](repeating: 1, count: n), noise, column])), y: y,
                                            weights: [Double](repeating: 1, count: n), names: ["(Intercept)", "noise", "score"])
    }

    func testAColumnThatSeparatesEveryRowOfALongColumnIsNamed() {
        XCTAssertEqual(finding(separating)?.covariate, "score")
    }

    func testAColumnWhoseOnlyOverlapIsItsLastRowDoesNotSeparate() {
        var column = separating
        column[n - 1] = 0 // a row of outcome 1 below every row of outcome 0
        XCTAssertNil(finding(column))
    }

    func testAColumnWhoseOnlyOverlapIsItsFirstRowDoesNotSeparate() {
        var column = separating
        column[0] = 10 // a row of outcome 0 above every row of outcome 1
        XCTAssertNil(finding(column))
    }
}
