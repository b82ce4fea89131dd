import Effects
import StatKit
import TableKit
import XCTest

/// MatchIt 4.5.1 and statsmodels 0.14 on the same tables — Fixtures/make-matching-fixtures.R and
/// Fixtures/make-estimator-fixtures.py.
final class EstimatorsAgreeWithPeersTests: XCTestCase {
    private func sample(_ path: String, treatment: String, outcome: String, covariates: [String]) throws -> TreatmentSample {
        let table = try DataTable.read(path: path, columns: [treatment, outcome] + covariates)
        guard case .numeric(let t) = table[treatment]!, case .numeric(let y) = table[outcome]! else { throw XCTSkip("not numeric") }
        let d = try DesignMatrix(table: table, covariates: covariates)
        return TreatmentSample(treated: t.map { $0 == 1 }, outcome: y, design: d.matrix, covariateNames: d.columnNames)
    }

    private var lalonde: TreatmentSample {
        get throws { try sample(Fixture.dataPath("lalonde.csv"), treatment: "treat", outcome: "re78",
                                covariates: ["age", "educ", "race", "married", "nodegree", "re74", "re75"]) }
    }
    private var tiefree: TreatmentSample {
        get throws { try sample(Fixture.directory.appendingPathComponent("tiefree.csv").path, treatment: "treat", outcome: "y", covariates: ["x1", "x2", "x3"]) }
    }

    private func att(_ s: TreatmentSample, matchIt: Bool = false, shuffled: Bool = false) throws -> Double {
        var o = EstimatorOptions()
        o.matchItCompatible = matchIt
        return try TreatmentEffectEstimator.estimate(s, options: o).estimate
    }

    func testGreedyMatchingEqualsTheReferenceGreedyAlgorithmInR() throws {
        let q = try Fixture.quantities("matching-att.csv")
        XCTAssertRelativelyEqual(try att(lalonde), q["lalonde_greedy"]!, tolerance: 1e-9, "lalonde")
        XCTAssertRelativelyEqual(try att(tiefree), q["tiefree_greedy"]!, tolerance: 1e-9, "tie-free")
    }

    /// MatchIt 4.5.1 compares distances with an integer abs(); `matchItCompatible` reproduces its matches exactly.
    func testMatchItCompatibleModeGivesMatchItsMatchedATT() throws {
        let q = try Fixture.quantities("matching-att.csv")
        XCTAssertRelativelyEqual(try att(lalonde, matchIt: true), q["lalonde_matchit"]!, tolerance: 1e-9, "lalonde")
        XCTAssertRelativelyEqual(try att(tiefree, matchIt: true), q["tiefree_matchit"]!, tolerance: 1e-9, "tie-free")
    }

    func testMatchingDoesNotDependOnRowOrder() throws {
        let s = try lalonde
        let reversed = s.subset(Array((0..<s.count).reversed()))
        XCTAssertEqual(try att(s), try att(reversed), accuracy: 1e-9)
    }

    func testIPWAndAIPWEqualStatsmodelsTreatmentEffect() throws {
        let q = try Fixture.quantities("statsmodels-lalonde-effects.csv")
        func run(_ m: EstimationMethod, _ e: Estimand) throws -> Double {
            var o = EstimatorOptions(); o.method = m; o.estimand = e
            return try TreatmentEffectEstimator.estimate(try lalonde, options: o).estimate
        }
        XCTAssertRelativelyEqual(try run(.ipw, .ate), q["ipw_ate"]!, tolerance: 1e-6, "IPW ATE")
        XCTAssertRelativelyEqual(try run(.ipw, .att), q["ipw_att"]!, tolerance: 1e-6, "IPW ATT")
        XCTAssertRelativelyEqual(try run(.aipw, .ate), q["aipw_ate"]!, tolerance: 1e-6, "AIPW ATE")
    }
}
