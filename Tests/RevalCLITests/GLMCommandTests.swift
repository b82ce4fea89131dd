import Foundation
import XCTest

final class GLMCommandTests: XCTestCase {
    let lalondeArguments = ["glm", "--data", "Data/lalonde.csv", "--outcome", "treat",
                            "--covariates", "age,educ,race,married,nodegree,re74,re75", "--family", "binomial"]

    func testVersionIsPrinted() throws {
        let r = try CLI.run(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertFalse(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    /// Issue 2 acceptance: the LaLonde propensity model as JSON equals R's glm within 1e-6.
    func testLalondePropensityModelJSONEqualsRGlm() throws {
        let r = try CLI.run(lalondeArguments + ["--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let coefficients = json["coefficients"] as! [[String: Any]]
        // R 4.2.2: glm(treat ~ age + educ + race + married + nodegree + re74 + re75, binomial, lalonde)
        let expected: [(String, Double, Double)] = [
            ("(Intercept)", -1.6632815948218094, 0.97087030405848074),
            ("age", 0.01577707098582036, 0.013576733357571516),
            ("educ", 0.16130687701106738, 0.06512533142793181),
            ("racehispan", -2.0817341189559273, 0.36721151983349698),
            ("racewhite", -3.0653677292341168, 0.28651190057716935),
            ("married", -0.8321132713263395, 0.29032220520097157),
            ("nodegree", 0.70729688107966726, 0.33766249020845618),
            ("re74", -7.177668568075882e-05, 2.8746844387544286e-05),
            ("re75", 5.3446446388447314e-05, 4.6347641429711288e-05),
        ]
        XCTAssertEqual(coefficients.map { $0["term"] as! String }, expected.map(\.0))
        for (c, e) in zip(coefficients, expected) {
            let est = c["estimate"] as! Double, se = c["se"] as! Double
            XCTAssertLessThan(abs(est - e.1) / abs(e.1), 1e-6, e.0)
            XCTAssertLessThan(abs(se - e.2) / abs(e.2), 1e-6, e.0)
        }
        XCTAssertEqual(json["iterations"] as? Int, 5)
    }

    func testTextOutputLooksLikeRSummary() throws {
        let r = try CLI.run(lalondeArguments)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stdout.contains("Estimate"))
        XCTAssert(r.stdout.contains("racewhite"))
        XCTAssert(r.stdout.contains("Residual deviance: 487.844  on 605  degrees of freedom"), r.stdout)
    }

    /// With `--missing fail` (the default drops and counts such rows: `GenericMissingValuesTests`).
    func testMissingValueGivesOneLineErrorWithFileLineColumnValue() throws {
        let path = try CLI.temporaryFile("y;x\n1;2\n0;abc\n1;\n")
        let r = try CLI.run(["glm", "--data", path, "--outcome", "y", "--covariates", "x", "--missing", "fail"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssert(r.stderr.contains("\(path):4: column 'x': missing value"), r.stderr)
    }

    func testSeparatedDataGivesErrorNamingTheCovariate() throws {
        let path = try CLI.temporaryFile("y,score,age\n0,1,30\n0,2,41\n0,3,25\n1,4,33\n1,5,52\n1,6,47\n")
        let r = try CLI.run(["glm", "--data", path, "--outcome", "y", "--covariates", "age,score"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("separation: covariate 'score'"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    }

    func testBinomialOutcomeOutOfRangeNamesTheLine() throws {
        let path = try CLI.temporaryFile("y,x\n0,1\n1,2\n3,3\n0,4\n")
        let r = try CLI.run(["glm", "--data", path, "--outcome", "y", "--covariates", "x"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("line 4 has 3"), r.stderr)
    }
}
