import StatKit
import TestSupport
import XCTest

final class GeneralizedLinearModelTests: XCTestCase {
    func testRecoversTrueCoefficientsOfSimulatedLogit() throws {
        var g = SeededGenerator(seed: 11)
        let n = 20_000
        let x1 = (0..<n).map { _ in g.normal() }, x2 = (0..<n).map { _ in g.normal() }
        let y = (0..<n).map { i -> Double in
            let eta = -0.5 + 1.0 * x1[i] - 0.7 * x2[i]
            return g.bernoulli(1 / (1 + exp(-eta))) ? 1 : 0
        }
        let x = Matrix(columns: [[Double](repeating: 1, count: n), x1, x2])
        let r = try GeneralizedLinearModel.fit(x: x, y: y, columnNames: ["(Intercept)", "x1", "x2"], family: .binomial)
        for (k, truth) in [-0.5, 1.0, -0.7].enumerated() {
            XCTAssertEqual(r.coefficients[k], truth, accuracy: 4 * r.standardErrors[k], "coefficient \(k)")
        }
        XCTAssertTrue(r.converged)
    }

    func testCompleteSeparationIsAnErrorNamingTheCovariate() {
        let x = Matrix(columns: [[1, 1, 1, 1, 1, 1], [0.1, 0.4, 0.2, 0.9, 1.3, 1.1], [3, 1, 2, 2, 1, 3]])
        let y: [Double] = [0, 0, 0, 1, 1, 1]
        XCTAssertThrowsError(try GeneralizedLinearModel.fit(x: x, y: y, columnNames: ["(Intercept)", "score", "other"], family: .binomial)) { error in
            guard case .separation(let covariate, _) = error as? ModelError else { return XCTFail("expected separation, got \(error)") }
            XCTAssertEqual(covariate, "score")
        }
    }

    func testQuasiCompleteSeparationByADummyIsAnErrorNamingIt() {
        // Everyone with flag = 1 has outcome 1; flag = 0 rows have both outcomes.
        let flag: [Double] = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
        let age: [Double] = [30, 41, 35, 50, 22, 33, 45, 29, 38, 27]
        let y: [Double] = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1]
        let x = Matrix(columns: [[Double](repeating: 1, count: 10), age, flag])
        XCTAssertThrowsError(try GeneralizedLinearModel.fit(x: x, y: y, columnNames: ["(Intercept)", "age", "flag"], family: .binomial)) { error in
            guard case .separation(let covariate, _) = error as? ModelError else { return XCTFail("expected separation, got \(error)") }
            XCTAssertEqual(covariate, "flag")
        }
    }

    func testAliasedColumnIsReportedAsNaNAndNamed() throws {
        var g = SeededGenerator(seed: 3)
        let n = 200
        let a = (0..<n).map { _ in g.normal() }, b = (0..<n).map { _ in g.normal() }
        let sum = zip(a, b).map { $0 + $1 }
        let y = (0..<n).map { i in g.bernoulli(1 / (1 + exp(-a[i]))) ? 1.0 : 0.0 }
        let x = Matrix(columns: [[Double](repeating: 1, count: n), a, b, sum])
        let r = try GeneralizedLinearModel.fit(x: x, y: y, columnNames: ["(Intercept)", "a", "b", "a_plus_b"], family: .binomial)
        XCTAssertEqual(r.aliasedColumns, ["a_plus_b"])
        XCTAssertTrue(r.coefficients[3].isNaN)
        XCTAssertTrue(r.warnings.contains { $0.contains("a_plus_b") })
    }

    /// The aliased column is found on the first IRLS step's normal equations (their weights are
    /// alike for a 0/1 outcome) and the fit restarts without it: every figure is bit for bit that
    /// of the fit on the design without the column.
    func testAnAliasedColumnLeavesTheOtherFiguresAsWithoutIt() throws {
        var g = SeededGenerator(seed: 4)
        let n = 5_000
        let ones = [Double](repeating: 1, count: n)
        let a = (0..<n).map { _ in g.normal() }, b = (0..<n).map { _ in g.bernoulli(0.3) ? 1.0 : 0.0 }
        let y = (0..<n).map { i in g.bernoulli(1 / (1 + exp(-(0.2 + a[i] - b[i])))) ? 1.0 : 0.0 }
        let withIt = try GeneralizedLinearModel.fit(x: Matrix(columns: [ones, a, b, zip(ones, b).map { $0 - $1 }]), y: y,
                                                    columnNames: ["(Intercept)", "a", "b", "not_b"], family: .binomial)
        let without = try GeneralizedLinearModel.fit(x: Matrix(columns: [ones, a, b]), y: y, columnNames: ["(Intercept)", "a", "b"], family: .binomial)
        XCTAssertEqual(withIt.aliasedColumns, ["not_b"])
        XCTAssertEqual(Array(withIt.coefficients.prefix(3)), without.coefficients)
        XCTAssertEqual(Array(withIt.standardErrors.prefix(3)), without.standardErrors)
        XCTAssertEqual(withIt.fittedValues, without.fittedValues)
        XCTAssertEqual(withIt.iterations, without.iterations)
    }

    /// A fit whose rows carry prior weights far apart judges the rank without the first step's
    /// equations (their weights no longer screen the unweighted rows); the aliased column is found all the same.
    func testAnAliasedColumnIsFoundUnderUnequalPriorWeights() throws {
        var g = SeededGenerator(seed: 6)
        let n = 3_000
        let ones = [Double](repeating: 1, count: n)
        let a = (0..<n).map { _ in g.normal() }, b = (0..<n).map { _ in g.normal() }
        let y = (0..<n).map { i in g.bernoulli(1 / (1 + exp(-a[i]))) ? 1.0 : 0.0 }
        let w = (0..<n).map { i in i % 2 == 0 ? 1.0 : 20.0 }
        let r = try GeneralizedLinearModel.fit(x: Matrix(columns: [ones, a, b, zip(a, b).map { 2 * $0 - $1 }]), y: y,
                                               columnNames: ["(Intercept)", "a", "b", "mix"], family: .binomial, weights: w)
        XCTAssertEqual(r.aliasedColumns, ["mix"])
        XCTAssertTrue(r.converged)
    }

    func testBinomialOutcomeOutsideUnitIntervalIsRejected() {
        let x = Matrix(columns: [[1, 1, 1]])
        XCTAssertThrowsError(try GeneralizedLinearModel.fit(x: x, y: [0, 2, 1], columnNames: ["(Intercept)"], family: .binomial)) { error in
            XCTAssertEqual(error as? ModelError, .outcomeOutOfRange(row: 1, value: 2))
        }
    }

    func testOffsetShiftsTheInterceptByItsValue() throws {
        var g = SeededGenerator(seed: 5)
        let n = 500
        let x1 = (0..<n).map { _ in g.normal() }
        let y = (0..<n).map { i in g.bernoulli(1 / (1 + exp(-(0.3 + x1[i])))) ? 1.0 : 0.0 }
        let x = Matrix(columns: [[Double](repeating: 1, count: n), x1])
        let plain = try GeneralizedLinearModel.fit(x: x, y: y, columnNames: ["(Intercept)", "x1"], family: .binomial)
        let shifted = try GeneralizedLinearModel.fit(x: x, y: y, columnNames: ["(Intercept)", "x1"], family: .binomial,
                                                     offset: [Double](repeating: 0.25, count: n))
        XCTAssertEqual(shifted.coefficients[0], plain.coefficients[0] - 0.25, accuracy: 1e-7)
        XCTAssertEqual(shifted.coefficients[1], plain.coefficients[1], accuracy: 1e-7)
    }

    /// Equal up to IRLS's stopping tolerance: the two fits start from different `mustart`.
    func testIntegerWeightsEqualRepeatingRows() throws {
        let x1: [Double] = [0, 1, 2, 3, 4, 5]
        let y: [Double] = [0, 0, 1, 0, 1, 1]
        let w: [Double] = [2, 1, 3, 1, 2, 1]
        var xr = [Double](), yr = [Double]()
        for i in 0..<6 { for _ in 0..<Int(w[i]) { xr.append(x1[i]); yr.append(y[i]) } }
        let weighted = try GeneralizedLinearModel.fit(x: Matrix(columns: [[Double](repeating: 1, count: 6), x1]), y: y,
                                                      columnNames: ["(Intercept)", "x"], family: .binomial, weights: w)
        let repeated = try GeneralizedLinearModel.fit(x: Matrix(columns: [[Double](repeating: 1, count: xr.count), xr]), y: yr,
                                                      columnNames: ["(Intercept)", "x"], family: .binomial)
        for k in 0..<2 {
            XCTAssertEqual(weighted.coefficients[k], repeated.coefficients[k], accuracy: 1e-5)
            XCTAssertEqual(weighted.standardErrors[k], repeated.standardErrors[k], accuracy: 1e-5)
        }
        XCTAssertEqual(weighted.deviance, repeated.deviance, accuracy: 1e-7)
    }
}
