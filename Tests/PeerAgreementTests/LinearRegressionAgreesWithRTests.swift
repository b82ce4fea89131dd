import StatKit
import TableKit
import XCTest

/// `lm()` with `sandwich::vcovHC(type = "HC1")` and `vcovCL(cluster = ~educ, type = "HC1")`
/// on MatchIt's `lalonde` — Fixtures/make-fixtures.R, part 3.
final class LinearRegressionAgreesWithRTests: XCTestCase {
    let covariates = ["treat", "age", "educ", "married", "re74"]

    private func fit(_ covariance: (DataTable) -> LinearRegression.Covariance) throws -> LinearRegressionResults {
        let table = try DataTable.read(path: Fixture.dataPath("lalonde.csv"), columns: ["re78"] + covariates)
        let design = try DesignMatrix(table: table, covariates: covariates)
        guard case .numeric(let y) = table["re78"]! else { throw XCTSkip("outcome not numeric") }
        return try LinearRegression.fit(x: design.matrix, y: y, columnNames: design.columnNames, covariance: covariance(table))
    }

    private func check(_ r: LinearRegressionResults, seColumn: String) throws {
        let rows = try Fixture.rows("lm-lalonde-robust.csv")
        XCTAssertEqual(r.columnNames, rows.map { $0["term"]! })
        for (k, row) in rows.enumerated() {
            XCTAssertRelativelyEqual(r.coefficients[k], Double(row["estimate"]!)!, tolerance: 1e-8, "coefficient \(row["term"]!)")
            XCTAssertRelativelyEqual(r.standardErrors[k], Double(row[seColumn]!)!, tolerance: 1e-8, "\(seColumn) \(row["term"]!)")
        }
    }

    func testClassicalStandardErrorsEqualR() throws {
        try check(try fit { _ in .classical }, seColumn: "se_classical")
    }

    func testHC1StandardErrorsEqualSandwich() throws {
        try check(try fit { _ in .hc1 }, seColumn: "se_hc1")
    }

    func testClusterRobustStandardErrorsEqualSandwichVcovCL() throws {
        try check(try fit { table in
            guard case .numeric(let educ) = table["educ"]! else { return .classical }
            return .cluster(educ.map { Int($0) })
        }, seColumn: "se_cluster")
    }
}
