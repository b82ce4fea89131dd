import StatKit
import TableKit
import XCTest

/// `glm()` in R 4.2 on MatchIt's `lalonde` — see Fixtures/make-fixtures.R, parts 1 and 2.
final class GLMAgreesWithRTests: XCTestCase {
    let covariates = ["age", "educ", "race", "married", "nodegree", "re74", "re75"]

    private func fit(outcome: String, covariates: [String], family: GLMFamily) throws -> GLMResults {
        let table = try DataTable.read(path: Fixture.dataPath("lalonde.csv"), columns: [outcome] + covariates)
        let design = try DesignMatrix(table: table, covariates: covariates)
        guard case .numeric(let y) = table[outcome]! else { throw XCTSkip("outcome not numeric") }
        return try GeneralizedLinearModel.fit(x: design.matrix, y: y, columnNames: design.columnNames, family: family)
    }

    private func assertCoefficientsMatch(_ r: GLMResults, fixture: String) throws {
        let rows = try Fixture.rows(fixture)
        XCTAssertEqual(r.columnNames, rows.map { $0["term"]! })
        for (k, row) in rows.enumerated() {
            XCTAssertRelativelyEqual(r.coefficients[k], Double(row["estimate"]!)!, tolerance: 1e-6, "coefficient \(row["term"]!)")
            XCTAssertRelativelyEqual(r.standardErrors[k], Double(row["se"]!)!, tolerance: 1e-6, "SE \(row["term"]!)")
        }
    }

    func testLogisticPropensityModelCoefficientsAndSEsEqualR() throws {
        let r = try fit(outcome: "treat", covariates: covariates, family: .binomial)
        try assertCoefficientsMatch(r, fixture: "glm-lalonde-binomial.csv")
    }

    func testLogisticDevianceAICAndIterationsEqualR() throws {
        let r = try fit(outcome: "treat", covariates: covariates, family: .binomial)
        let q = try Fixture.quantities("glm-lalonde-binomial-summary.csv")
        XCTAssertRelativelyEqual(r.deviance, q["deviance"]!, tolerance: 1e-9, "deviance")
        XCTAssertRelativelyEqual(r.nullDeviance, q["null_deviance"]!, tolerance: 1e-12, "null deviance")
        XCTAssertRelativelyEqual(r.aic, q["aic"]!, tolerance: 1e-9, "AIC")
        XCTAssertEqual(Double(r.iterations), q["iterations"]!)
        XCTAssertEqual(Double(r.residualDegreesOfFreedom), q["df_residual"]!)
        XCTAssertEqual(Double(r.nullDegreesOfFreedom), q["df_null"]!)
    }

    func testGaussianGLMCoefficientsSEsAndDispersionEqualR() throws {
        let r = try fit(outcome: "re78", covariates: ["treat"] + covariates, family: .gaussian)
        try assertCoefficientsMatch(r, fixture: "glm-lalonde-gaussian.csv")
        let q = try Fixture.quantities("glm-lalonde-gaussian-summary.csv")
        XCTAssertRelativelyEqual(r.deviance, q["deviance"]!, tolerance: 1e-9, "deviance")
        XCTAssertRelativelyEqual(r.nullDeviance, q["null_deviance"]!, tolerance: 1e-9, "null deviance")
        XCTAssertRelativelyEqual(r.aic, q["aic"]!, tolerance: 1e-9, "AIC")
        XCTAssertRelativelyEqual(r.dispersion, q["dispersion"]!, tolerance: 1e-9, "dispersion")
        XCTAssertEqual(Double(r.iterations), q["iterations"]!)
    }
}
