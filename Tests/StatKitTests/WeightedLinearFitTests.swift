import StatKit
import XCTest

final class WeightedLinearFitTests: XCTestCase {
    /// Two fits on different rows and columns of one design, predicted together at the same
    /// rows, give bit for bit what each gives alone (the treated rows read once for both outcome
    /// models of a matching estimate).
    func testFitsPredictedTogetherPredictAsEachAlone() throws {
        var g = SeededGenerator(seed: 21)
        let n = 3_000
        let a = (0..<n).map { _ in Double.random(in: -1..<1, using: &g) }, b = (0..<n).map { _ in Double.random(in: -1..<1, using: &g) }
        let dummy = (0..<n).map { i in i % 10 == 0 ? 1.0 : 0 }
        let y = (0..<n).map { i in 1 + 2 * a[i] - b[i] + Double.random(in: -0.1..<0.1, using: &g) }
        let x = Matrix(columns: [[Double](repeating: 1, count: n), a, b, zip(a, b).map { $0 * $1 }, dummy])
        // The second fit's rows are odd, where the dummy is 0: an aliased column, coefficient 0.
        let first = Array(0..<1_500), second = Array(stride(from: 1, to: n, by: 2))
        let one = try WeightedLinearFit(design: MatrixView(x, rows: first, columns: [0, 1, 2]), weights: first.map { 1 + Double($0 % 4) })
        let two = try WeightedLinearFit(design: MatrixView(x, rows: second, columns: [0, 2, 1, 4]), weights: nil)
        XCTAssertEqual(two.keptColumns, [0, 1, 2])
        let responses = 3
        func side(_ rows: [Int]) -> [Double] { rows.flatMap { r in (0..<responses).map { y[r] * Double($0 + 1) - Double($0) } } }
        let c1 = one.coefficients(side(first), responses: responses), c2 = two.coefficients(side(second), responses: responses)
        let at = Array(stride(from: n - 1, through: 0, by: -7))
        let together = WeightedLinearFit.predict([(one, c1), (two, c2)], responses: responses, atRows: at)
        XCTAssertEqual(together[0].map(\.bitPattern), one.predict(c1, responses: responses, atRows: at).map(\.bitPattern))
        XCTAssertEqual(together[1].map(\.bitPattern), two.predict(c2, responses: responses, atRows: at).map(\.bitPattern))
    }
}
