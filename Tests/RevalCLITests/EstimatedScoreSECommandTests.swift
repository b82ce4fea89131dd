import Foundation
import XCTest

final class EstimatedScoreSECommandTests: XCTestCase {
    let lalonde = ["estimate", "--data", "Data/lalonde.csv", "--treatment", "treat", "--outcome", "re78",
                   "--covariates", "age,educ,race,married,nodegree,re74,re75", "--method", "psm"]

    func testMatchingWithReplacementShowsBothStandardErrorsAndTheIntervalOnTheKnownScoreOne() throws {
        let text = try CLI.run(lalonde + ["--replace"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssert(text.stdout.contains("SE 1134 (Abadie-Imbens (2006), propensity score treated as known)"), text.stdout)
        XCTAssert(text.stdout.contains("SE adjusted for the estimated score 1125 (Abadie-Imbens (2016)"), text.stdout)
        let r = try CLI.run(lalonde + ["--replace", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let se = json["se"] as! Double, adjusted = json["se_adjusted_for_estimated_score"] as! Double
        XCTAssertEqual(adjusted, 1124.63, accuracy: 0.01)
        XCTAssertEqual(json["ci_low"] as! Double, (json["estimate"] as! Double) - 1.959963984540054 * se, accuracy: 1e-6)
    }

    func testMatchingWithoutReplacementWritesTheAdjustedSEAsNullWithTheReason() throws {
        let r = try CLI.run(lalonde + ["--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssert(json["se_adjusted_for_estimated_score"] is NSNull, "\(json["se_adjusted_for_estimated_score"] as Any)")
        XCTAssert((json["se_adjusted_method"] as! String).contains("matching without replacement"))
    }

    func testWeightingEstimatesCarryNoAdjustedMatchingSE() throws {
        let r = try CLI.run(["estimate", "--data", "Data/lalonde.csv", "--treatment", "treat", "--outcome", "re78",
                             "--covariates", "age,educ,race,married,nodegree,re74,re75", "--method", "ipw", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        // A missing value is a null key, never an omitted one (issue #14).
        XCTAssert(json["se_adjusted_for_estimated_score"] is NSNull)
        XCTAssert(json["se_adjusted_method"] is NSNull)
    }
}
