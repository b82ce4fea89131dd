import StatKit
import XCTest

/// `WeightedLinearFit` judges the rank on the weighted rows W^½X, as R's `lm(weights = w)` does
/// (`lm.wfit` factorises `x * sqrt(w)`): rows of weight 0 count for nothing.
final class WeightedLinearFitTests: XCTestCase {
    /// 3,000 rows: an intercept, a and b, a column that is a + b except on the rows of weight 0,
    /// and a dummy that is 1 on those rows only.
    func design() -> (x: Matrix, weights: [Double], y: [Double]) {
        var g = SeededGenerator(seed: 21)
        let n = 3_000
        let a = (0..<n).map { _ in Double.random(in: -1..<1, using: &g) }, b = (0..<n).map { _ in Double.random(in: -1..<1, using: &g) }
        let weights = (0..<n).map { i in i % 10 == 0 ? 0 : 1 + Double(i % 3) }
        let sum = (0..<n).map { i in a[i] + b[i] + (weights[i] == 0 ? 1 : 0) }
        let onlyUnweighted = (0..<n).map { i in weights[i] == 0 ? 1.0 : 0 }
        let y = (0..<n).map { i in 1 + 2 * a[i] - b[i] + Double.random(in: -0.1..<0.1, using: &g) }
        return (Matrix(columns: [[Double](repeating: 1, count: n), a, b, sum, onlyUnweighted]), weights, y)
    }

    func testColumnsAliasedAmongTheWeightedRowsAreDroppedAsLmDropsThem() throws {
        let (x, w, y) = design()
        let fit = try WeightedLinearFit(design: MatrixView(x), weights: w)
        XCTAssertEqual(fit.keptColumns, [0, 1, 2])
        // The same coefficients as the fit on the columns kept, and 0 for the dropped ones.
        let kept = try WeightedLinearFit(design: MatrixView(x, columns: [0, 1, 2]), weights: w)
        let beta = fit.coefficients(y), keptBeta = kept.coefficients(y)
        XCTAssertEqual(Array(beta.prefix(3)), keptBeta)
        XCTAssertEqual(Array(beta.suffix(2)), [0, 0])
        XCTAssertEqual(beta[1], 2, accuracy: 0.01)
    }

    /// Two fits on different rows and columns of one design, predicted together at the same
    /// rows, give bit for bit what each gives alone (the treated rows read once for both outcome
    /// models of a matching estimate).
    func testFitsPredictedTogetherPredictAsEachAlone() throws {
        let (x, w, y) = design()
        let first = Array(0..<1_500), second = Array(stride(from: 1, to: 3_000, by: 2))
        let a = try WeightedLinearFit(design: MatrixView(x, rows: first, columns: [0, 1, 2]), weights: first.map { w[$0] + 1 })
        let b = try WeightedLinearFit(design: MatrixView(x, rows: second, columns: [0, 2, 1, 4]), weights: nil)
        let responses = 3
        func side(_ rows: [Int]) -> [Double] { rows.flatMap { r in (0..<responses).map { y[r] * Double($0 + 1) - Double($0) } } }
        let ca = a.coefficients(side(first), responses: responses), cb = b.coefficients(side(second), responses: responses)
        let at = Array(stride(from: 2_999, through: 0, by: -7))
        let together = WeightedLinearFit.predict([(a, ca), (b, cb)], responses: responses, atRows: at)
        XCTAssertEqual(together[0].map(\.bitPattern), a.predict(ca, responses: responses, atRows: at).map(\.bitPattern))
        XCTAssertEqual(together[1].map(\.bitPattern), b.predict(cb, responses: responses, atRows: at).map(\.bitPattern))
    }

    /// Unweighted, every row counts: the sum column is kept (the rows of weight 0 set it apart
    /// from a + b), and the dummy, which is the sum less a and b, is dropped.
    func testWithoutWeightsEveryRowCounts() throws {
        let (x, _, _) = design()
        XCTAssertEqual(try WeightedLinearFit(design: MatrixView(x), weights: nil).keptColumns, [0, 1, 2, 3])
        XCTAssertEqual(RankDetection.aliasedColumns(of: x), [4])
    }
}
