import StatKit
import XCTest

final class MatrixTests: XCTestCase {
    func testProductOfTwoMatricesUsesColumnMajorLayout() {
        let a = Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        let b = Matrix(rowMajor: [[7, 8], [9, 10], [11, 12]])
        XCTAssertEqual(a * b, Matrix(rowMajor: [[58, 64], [139, 154]]))
    }

    func testMatrixVectorAndTransposeVectorProducts() {
        let a = Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(a.multiply([1, -1]), [-1, -1, -1])
        XCTAssertEqual(a.transposeMultiply([1, 0, 1]), [6, 8])
    }

    func testCrossProductEqualsTransposeTimesMatrix() {
        let a = Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(a.crossProduct(), a.transposed * a)
    }

    func testWeightedCrossProductScalesEachRow() {
        let a = Matrix(rowMajor: [[1, 2], [3, 4]])
        let w = [2.0, 0.5]
        let expected = Matrix(rowMajor: [[2 + 4.5, 4 + 6], [4 + 6, 8 + 8]])
        let got = a.weightedCrossProduct(w)
        for i in 0..<2 { for j in 0..<2 { XCTAssertEqual(got[i, j], expected[i, j], accuracy: 1e-13) } }
    }

    func testSelectingRowsAndColumnsKeepsOrder() {
        let a = Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(a.selectingColumns([2, 0]), Matrix(rowMajor: [[3, 1], [6, 4]]))
        XCTAssertEqual(a.selectingRows([1, 1, 0]), Matrix(rowMajor: [[4, 5, 6], [4, 5, 6], [1, 2, 3]]))
    }
}
