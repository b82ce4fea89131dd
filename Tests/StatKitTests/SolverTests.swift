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

    /// `rows` rows of an intercept, two uniform columns a and b, a − b perturbed by 1e-9 of its
    /// norm ("nearly": aliased at the tolerance 1e-7) and 3a + b perturbed by 1e-4 ("apart": not).
    private func columnsNearAndApart(rows n: Int, using g: inout SeededGenerator)
        -> (ones: [Double], a: [Double], b: [Double], nearly: [Double], apart: [Double]) {
        let a = (0..<n).map { _ in Double.random(in: -1..<1, using: &g) }, b = (0..<n).map { _ in Double.random(in: -1..<1, using: &g) }
        let wiggle = (0..<n).map { _ in Double.random(in: -1..<1, using: &g) }, other = (0..<n).map { _ in Double.random(in: -1..<1, using: &g) }
        return ([Double](repeating: 1, count: n), a, b, (0..<n).map { a[$0] - b[$0] + 1e-9 * wiggle[$0] }, (0..<n).map { 3 * a[$0] + b[$0] + 1e-4 * other[$0] })
    }

    /// A design taller than one block of the QR (`RankDetection.qrBlockRows`) is decided block
    /// by block; the decisions are those of the columns' construction: an exact combination and a
    /// combination perturbed by 1e-9 of its norm are aliased, one perturbed by 1e-4 is not.
    func testRankDetectionOfATallDesignDecidesBlockByBlock() {
        var g = SeededGenerator(seed: 3)
        let n = 150_000
        let (ones, a, b, nearly, apart) = columnsNearAndApart(rows: n, using: &g)
        let exact = (0..<n).map { a[$0] + 2 * b[$0] }
        let x = Matrix(columns: [ones, a, b, exact, nearly, apart])
        XCTAssertEqual(RankDetection.aliasedColumns(of: x), [3, 4])
        // The same rows seen through a view (every other row, the columns reordered).
        let view = MatrixView(x, rows: Array(stride(from: 0, to: n, by: 2)), columns: [0, 3, 1, 2, 5, 4])
        XCTAssertEqual(RankDetection.aliasedColumns(of: view), [3, 5])
    }

    func testRankDetectionFlagsAllZeroColumn() {
        let x = Matrix(columns: [[1, 1, 1], [0, 0, 0], [1, 2, 4]])
        XCTAssertEqual(RankDetection.aliasedColumns(of: x), [1])
    }
}
