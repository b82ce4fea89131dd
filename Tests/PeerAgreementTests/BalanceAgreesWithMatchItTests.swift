import Effects
import TableKit
import XCTest

/// The balance table of MatchIt's matching on lalonde against MatchIt 4.5.1's own summary in
/// cobalt's conventions (Fixtures/make-balance-fixtures.R): the same rows in the same order —
/// the distance first, every level of race including `raceblack`, the reference level the model
/// leaves out — raw differences in proportions and no variance ratio for binary covariates,
/// standardised mean differences (treated SD) and variance ratios for the others.
final class BalanceAgreesWithMatchItTests: XCTestCase {
    private func balance() throws -> BalanceTable {
        let covariates = ["age", "educ", "race", "married", "nodegree", "re74", "re75"]
        let table = try DataTable.read(path: Fixture.dataPath("lalonde.csv"), columns: ["treat", "re78"] + covariates)
        guard case .numeric(let t) = table["treat"]!, case .numeric(let y) = table["re78"]! else { throw XCTSkip("not numeric") }
        let d = try DesignMatrix(table: table, covariates: covariates)
        var o = EstimatorOptions()
        o.matchItCompatible = true
        let s = TreatmentSample(treated: t.map { $0 == 1 }, outcome: y, design: d.matrix, covariateNames: d.columnNames, factors: d.factors)
        return try TreatmentEffectEstimator.estimate(s, options: o).balance
    }

    func testBalanceOfMatchItsMatchesEqualsMatchItsSummaryInCobaltsConventions() throws {
        let expected = try Fixture.rows("balance-lalonde.csv"), rows = try balance().rows
        XCTAssertEqual(rows.map(\.covariate), expected.map { $0["covariate"]! })
        XCTAssertEqual(rows.map(\.type), expected.map { $0["type"]! })
        for (r, e) in zip(rows, expected) {
            for (value, key) in [(r.differenceBefore, "diff_before"), (r.differenceAfter, "diff_after"),
                                 (r.varianceRatioBefore, "variance_ratio_before"), (r.varianceRatioAfter, "variance_ratio_after")] {
                guard let want = Double(e[key]!) else { XCTAssertNil(value, "\(r.covariate) \(key)"); continue }
                XCTAssertRelativelyEqual(try XCTUnwrap(value, "\(r.covariate) \(key)"), want, tolerance: 1e-9, "\(r.covariate) \(key)")
            }
        }
    }

    /// The case: the worst imbalance after matching sits in the reference level.
    func testLargestImbalanceAfterMatchingIsInTheReferenceLevelRaceblack() throws {
        let b = try balance()
        XCTAssertEqual(b.referenceLevels, ["raceblack"])
        let worst = b.rows.filter { $0.type != "distance" }.max { abs($0.differenceAfter!) < abs($1.differenceAfter!) }!
        XCTAssertEqual(worst.covariate, "raceblack")
        XCTAssertEqual(b.maxAbsSMDAfter, abs(worst.differenceAfter!))
    }
}
