import Reports
import TableKit
import StatKit
import TestSupport
import XCTest

final class GLMSummaryTests: XCTestCase {
    private func summary() throws -> GLMSummary {
        var g = SeededGenerator(seed: 1)
        let n = 100
        let a = (0..<n).map { _ in g.normal() }
        let y = a.map { g.bernoulli(1 / (1 + exp(-$0))) ? 1.0 : 0.0 }
        let x = Matrix(columns: [[Double](repeating: 1, count: n), a, a.map { 2 * $0 }])
        let r = try GeneralizedLinearModel.fit(x: x, y: y, columnNames: ["(Intercept)", "a", "two_a"], family: .binomial)
        return GLMSummary(results: r, data: "d.csv", outcome: "y", covariates: ["a", "two_a"])
    }

    func testAliasedCoefficientIsNullInJSONAndFlagged() throws {
        let json = try JSONOutput.encode(try summary())
        XCTAssert(json.contains("\"aliased\" : true"))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let last = (object["coefficients"] as! [[String: Any]]).last!
        XCTAssertNil(last["estimate"] as? Double)
    }

    func testTextShowsNAForAliasedAndTheFormula() throws {
        let text = try summary().text()
        XCTAssert(text.contains("glm(formula = y ~ a + two_a, family = binomial, data = d.csv)"))
        XCTAssert(text.contains("two_a") && text.contains("NA"))
    }

    func testJSONIsIdenticalAcrossRuns() throws {
        XCTAssertEqual(try JSONOutput.encode(try summary()), try JSONOutput.encode(try summary()))
    }

    func testNumbersAreFormattedWithoutLocale() {
        XCTAssertEqual(NumberFormatting.fixed(0.5, 2), "0.50")
        XCTAssertEqual(NumberFormatting.significant(7.177668568e-05, 4), "7.178e-05")
        XCTAssertEqual(NumberFormatting.pValue(1e-20), "<2e-16")
    }

    /// Two rows, an intercept and a slope: an exact fit with no residual degrees of freedom.
    private func saturated() throws -> GLMSummary {
        let x = Matrix(columns: [[1, 1], [2, 5]])
        let r = try GeneralizedLinearModel.fit(x: x, y: [1, 3], columnNames: ["(Intercept)", "x1"], family: .gaussian)
        return GLMSummary(results: r, data: "s.csv", outcome: "y", covariates: ["x1"])
    }

    func testASaturatedFitWritesItsUndefinedStatisticsAsNullInJSON() throws {
        let object = try JSONSerialization.jsonObject(with: Data(try JSONOutput.encode(try saturated()).utf8)) as! [String: Any]
        XCTAssert(object["dispersion"] is NSNull)
        XCTAssertEqual(object["residual_df"] as? Int, 0)
        XCTAssertEqual((object["coefficients"] as! [[String: Any]]).compactMap { $0["estimate"] as? Double }.count, 2)
    }

    func testASaturatedFitShowsItsEstimatesWithNaNStandardErrorsAsRDoes() throws {
        let text = try saturated().text()
        let slope = text.split(separator: "\n").first { $0.hasPrefix("x1") }.map(String.init) ?? ""
        XCTAssert(slope.contains("0.666667") && slope.contains("NaN"), slope)
        XCTAssertFalse(slope.contains("NA "), slope)
    }
}
