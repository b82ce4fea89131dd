@testable import Effects
import StatKit
import XCTest

/// A cell's model drops the columns constant in the cell and pools a dummy whose 1s are all
/// treated or all controls (`CellModel.screen`). The screen stops reading a column once it is
/// known to be kept (what it has seen only adds up): it must still judge each column on every row.
final class CellModelScreenTests: XCTestCase {
    let n = 10_000
    /// Every tenth row treated.
    var treated: [Bool] { (0..<n).map { $0 % 10 == 0 } }

    func screen(_ values: [Double]) -> CellModel.Screening {
        values.withUnsafeBufferPointer { CellModel.screen(ColumnReader($0), rows: Array(0..<n), treated: treated) }
    }

    func testADummyWhoseOnesAreAllTreatedIsPooledHoweverLongTheCell() {
        XCTAssertEqual(screen((0..<n).map { $0 % 20 == 0 ? 1 : 0 }), .separating)
    }

    func testADummyWithItsOnlyControlOneInTheLastRowIsKept() {
        var values = (0..<n).map { $0 % 20 == 0 ? 1.0 : 0 }
        values[n - 1] = 1
        XCTAssertEqual(screen(values), .kept)
    }

    func testAColumnThatVariesOnlyInItsLastRowIsNotConstant() {
        var values = [Double](repeating: 0, count: n)
        XCTAssertEqual(screen(values), .constant)
        values[n - 1] = 3
        XCTAssertEqual(screen(values), .kept)
    }
}
