import StatKit
import XCTest

final class SolverTests: XCTestCase {
    let spd = Matrix(rowMajor: [[4, 12, -16], [12, 37, -43], [-16, -43, 98]])

    func testCholeskySolveRecoversKnownSolution() throws {
        let x = [1.0, -2.0, 0.5]
        let b = spd.multiply(x)
        let solved = try Cholesky(spd).solve(b)
        for k in 0..<3 { XCTAssertEqual(solved[k], x[k], accuracy: 1e-12) }
    }

    func testCholeskyInverseTimesMatrixIsIdentity() throws {
        let product = try Cholesky(spd).inverse() * spd
        for i in 0..<3 { for j in 0..<3 { XCTAssertEqual(product[i, j], i == j ? 1 : 0, accuracy: 1e-10) } }
    }

    func testCholeskyRejectsIndefiniteMatrixNamingTheMinor() {
        let m = Matrix(rowMajor: [[1, 2], [2, 1]])
        XCTAssertThrowsError(try Cholesky(m)) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(order: 2))
        }
    }

    func testRankDetectionFlagsTheLaterOfTwoDependentColumns() {
        // Column 2 = column 0 + column 1; R would report column 2 as NA.
        let x = Matrix(columns: [[1, 1, 1, 1], [1, 2, 3, 5], [2, 3, 4, 6], [0, 1, 0, 1]])
        XCTAssertEqual(RankDetection.aliasedColumns(of: x), [2])
    }

    func testRankDetectionFlagsAllZeroColumn() {
        let x = Matrix(columns: [[1, 1, 1], [0, 0, 0], [1, 2, 4]])
        XCTAssertEqual(RankDetection.aliasedColumns(of: x), [1])
    }
}
