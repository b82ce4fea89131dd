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

    /// Rows of comma-separated numbers as the columns of a matrix.
    private func matrix(_ text: String) -> Matrix {
        let rows = text.split(separator: "\n").map { $0.split(separator: ",").map { Double($0)! } }
        return Matrix(columns: rows[0].indices.map { j in rows.map { $0[j] } })
    }

    /// An intercept, a column of zeros, x1, x2, d = x1 + x2 and x3 on five rows (a review's case).
    /// R's `lm` reports the zeros and d as NA and estimates x3: dqrdc2 moves each dependent column
    /// to the end before it gets a reflection. An unpivoted QR built one from d's rounding noise,
    /// which took one of the five dimensions from x3.
    func testRankDetectionWithFewRowsFlagsOnlyTheDependentColumnsAsRDoes() {
        let x = matrix("""
            1,0,-0.80193142525344741,0.10970639932180819,-0.69222502593163926,0.27276877584472176
            1,0,-1.324358995628145,-0.55264732053623244,-1.8770063161643775,-1.2333286640307717
            1,0,-0.24836162209524854,-0.78478035534427837,-1.033141977439527,-0.95826520543608873
            1,0,0.42044523806552148,0.74874577073459114,1.1691910088001127,1.6000190889991115
            1,0,1.1360465324896427,1.6347830429585775,2.7708295754482202,0.2028824405086084
            """)
        XCTAssertEqual(RankDetection.aliasedColumns(of: x), [1, 4])
    }

    /// A matched cell's outcome design with fewer rows (14) than columns (30), from a review of a
    /// 5,000-person bootstrap: age, work and district dummies, counts and their squares. The
    /// columns R's `qr` (dqrdc2, tolerance 1e-7) leaves out of the rank are the aliased ones;
    /// the unpivoted QR flagged columns 12, 13 and 24 besides.
    func testRankDetectionOfAWideDesignAgreesWithRsPivoting() {
        let x = matrix("""
            1.0,1.0,0.0,0.0,0.0,0.0,0.0,0.0,1.0,0.0,1.0,0.0,1.0,1.0,-1.4,1.9599999999999997,0.0,1.462012320328542,0.0,0.0,0.0,0.0,0.0,1.0,24.0,3.0,0.0,1.0,0.0,1.0
            1.0,1.0,0.0,0.0,0.0,0.0,0.0,0.0,1.0,0.0,1.0,0.0,0.0,0.0,-1.5,2.25,0.0,0.4544832306639288,0.0,0.0,1.0,0.0,1.0,0.0,11.0,11.0,0.0,0.0,1.0,0.0
            1.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,1.0,-0.3,0.09,0.0,1.6974674880219027,0.0,0.0,0.0,1.0,0.0,0.0,5.0,5.0,0.0,1.0,0.0,0.0
            1.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,0.0,1.3,1.6900000000000002,0.0,0.3586584531143053,0.0,0.0,1.0,0.0,0.0,1.0,17.0,17.0,0.0,0.0,0.0,0.0
            1.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,0.0,1.3,1.6900000000000002,0.0,0.3586584531143053,0.0,0.0,1.0,0.0,0.0,1.0,17.0,17.0,0.0,0.0,0.0,0.0
            1.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,0.0,1.3,1.6900000000000002,0.0,0.3586584531143053,0.0,0.0,1.0,0.0,0.0,1.0,17.0,17.0,0.0,0.0,0.0,0.0
            1.0,0.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,0.0,1.0,0.0,0.0,1.0,1.5,2.25,0.0,1.5195071868583163,0.0,1.0,0.0,0.0,1.0,0.0,2.0,0.0,1.0,0.0,0.0,1.0
            1.0,0.0,0.0,0.0,1.0,0.0,0.0,0.0,1.0,0.0,0.0,0.0,1.0,1.0,0.7,0.48999999999999994,0.0,1.2238193018480492,0.0,0.0,0.0,1.0,0.0,0.0,5.0,5.0,0.0,1.0,0.0,0.0
            1.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,1.0,1.2,1.44,0.0,1.5633127994524298,0.0,0.0,0.0,1.0,0.0,0.0,6.0,6.0,0.0,0.0,1.0,0.0
            1.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,1.0,1.0,0.0,-0.1,0.010000000000000002,0.0,0.15879534565366188,0.0,1.0,0.0,0.0,0.0,1.0,22.0,22.0,0.0,0.0,0.0,0.0
            1.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,1.0,1.0,0.0,-0.1,0.010000000000000002,0.0,0.15879534565366188,0.0,1.0,0.0,0.0,0.0,1.0,22.0,22.0,0.0,0.0,0.0,0.0
            1.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,1.0,0.0,1.0,0.0,0.0,0.0,-0.2,0.04000000000000001,0.0,0.9637234770704997,0.0,0.0,0.0,0.0,0.0,0.0,2.0,2.0,1.0,0.0,0.0,0.0
            1.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,1.0,0.0,1.0,0.0,0.0,0.0,-0.2,0.04000000000000001,0.0,0.9637234770704997,0.0,0.0,0.0,0.0,0.0,0.0,3.0,3.0,0.0,1.0,0.0,0.0
            1.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,1.0,1.0,0.0,0.0,0.0,0.0,1.0,1.0,6.0,0.38329911019849416,0.0,0.0,0.0,0.0,1.0,0.0,5.0,3.0,0.0,1.0,0.0,1.0
            """)
        XCTAssertEqual(RankDetection.aliasedColumns(of: x), [2, 6, 7, 11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 28, 29])
    }
}
