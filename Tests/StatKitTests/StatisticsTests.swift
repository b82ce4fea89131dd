import StatKit
import XCTest

final class StatisticsTests: XCTestCase {
    func testWeightedMeanAndVariance() {
        XCTAssertEqual(WeightedStatistics.mean([1, 2, 3], weights: [1, 1, 2]), 2.25)
        XCTAssertEqual(WeightedStatistics.variance([1, 2, 3, 4]), 5.0 / 3.0, accuracy: 1e-15)
    }

    func testWeightedQuantileInvertsTheWeightedECDF() {
        XCTAssertEqual(WeightedStatistics.quantile([1, 2, 3, 4], 0.5), 2)
        XCTAssertEqual(WeightedStatistics.quantile([1, 2, 3, 4], 0.5, weights: [1, 1, 1, 5]), 4)
        XCTAssertEqual(WeightedStatistics.quantile([5, 1, 3], 0), 1)
        XCTAssertEqual(WeightedStatistics.quantile([5, 1, 3], 1), 5)
    }

    func testQuantilesFromOneSortEqualEachUnweightedQuantile() {
        var g = SeededGenerator(seed: 11)
        for n in [1, 2, 3, 7, 100, 1001] {
            // Ties and a spread of values, as propensity scores have.
            let x = (0..<n).map { _ in (Double.random(in: 0..<1, using: &g) * 50).rounded() / 50 }
            let ps = [0, 0.01, 0.025, 0.5, 0.975, 0.99, 1]
            XCTAssertEqual(WeightedStatistics.quantiles(x, ps), ps.map { WeightedStatistics.quantile(x, $0) }, "n = \(n)")
        }
    }

    func testStandardizedMeanDifferenceUsesTreatedSDForATT() {
        let t: [Double] = [2, 4, 6], c: [Double] = [1, 1, 1, 1]
        XCTAssertEqual(WeightedStatistics.standardizedMeanDifference(treated: t, control: c), 3.0 / 2.0, accuracy: 1e-15)
        XCTAssertEqual(WeightedStatistics.standardizedMeanDifference(treated: t, control: c, denominator: .pooled),
                       3.0 / (2.0 as Double).squareRoot(), accuracy: 1e-15)
    }

    func testNormalQuantileMatchesR() {
        XCTAssertEqual(Distributions.normalQuantile(0.975), 1.959963984540054, accuracy: 1e-14)   // qnorm(0.975)
        XCTAssertEqual(Distributions.normalQuantile(1e-10), -6.361340902404056, accuracy: 1e-12)  // qnorm(1e-10)
    }

    func testStudentTPValueMatchesR() {
        XCTAssertEqual(Distributions.studentTTwoSidedP(2, degreesOfFreedom: 10), 0.07338803477074, accuracy: 1e-13) // 2*pt(-2, 10)
        XCTAssertEqual(Distributions.studentTTwoSidedP(-0.5, degreesOfFreedom: 3), 0.651447964848151, accuracy: 1e-13) // 2*pt(-0.5, 3)
    }

    func testOLSRecoversExactLinearRelation() throws {
        let x = Matrix(columns: [[1, 1, 1, 1, 1], [0, 1, 2, 3, 4]])
        let y: [Double] = [1, 3.1, 4.9, 7.0, 9.1]
        let r = try LinearRegression.fit(x: x, y: y, columnNames: ["(Intercept)", "x"])
        XCTAssertEqual(r.coefficients[1], 2.01, accuracy: 1e-12)
        XCTAssertEqual(r.coefficients[0], 1.0, accuracy: 1e-12)
    }

    func testOLSRejectsAliasedColumnByName() {
        let x = Matrix(columns: [[1, 1, 1, 1], [1, 2, 3, 4], [2, 4, 6, 8]])
        XCTAssertThrowsError(try LinearRegression.fit(x: x, y: [1, 2, 3, 5], columnNames: ["(Intercept)", "x", "twice_x"])) { error in
            XCTAssert("\(error)".contains("'twice_x'"), "\(error)")
        }
    }
}
