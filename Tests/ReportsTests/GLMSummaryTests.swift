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
}
