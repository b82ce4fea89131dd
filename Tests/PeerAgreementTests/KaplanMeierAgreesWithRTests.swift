import StatKit
import TableKit
import XCTest

/// `survfit(Surv(time, status) ~ 1, data = lung)` and `summary(..., rmean = 365)` in R's
/// survival package — Fixtures/make-fixtures.R, part 4.
final class KaplanMeierAgreesWithRTests: XCTestCase {
    private func lungKM() throws -> KaplanMeier {
        let table = try DataTable.read(path: Fixture.directory.appendingPathComponent("lung.csv").path, columns: ["time", "status"])
        guard case .numeric(let t) = table["time"]!, case .numeric(let s) = table["status"]! else { throw XCTSkip("not numeric") }
        return KaplanMeier(times: t, events: s.map { $0 == 1 })
    }

    func testSurvivalAndGreenwoodStandardErrorsEqualSurvfit() throws {
        let km = try lungKM()
        let rows = try Fixture.rows("km-lung.csv")
        XCTAssertEqual(km.eventTimes.count, rows.count)
        for (k, row) in rows.enumerated() {
            XCTAssertEqual(km.eventTimes[k], Double(row["time"]!)!)
            XCTAssertEqual(km.atRisk[k], Double(row["n_risk"]!)!)
            XCTAssertEqual(km.events[k], Double(row["n_event"]!)!)
            XCTAssertRelativelyEqual(km.survival[k], Double(row["surv"]!)!, tolerance: 1e-12, "S(\(row["time"]!))")
            XCTAssertRelativelyEqual(km.standardErrors[k], Double(row["std_err_surv"]!)!, tolerance: 1e-10, "SE S(\(row["time"]!))")
        }
    }

    func testRestrictedMeanAndItsStandardErrorEqualSurvfit() throws {
        let km = try lungKM()
        let q = try Fixture.quantities("km-lung-rmean.csv")
        let rmst = km.restrictedMean(horizon: 365)
        XCTAssertRelativelyEqual(rmst.estimate, q["rmean_365"]!, tolerance: 1e-10, "RMST")
        XCTAssertRelativelyEqual(rmst.standardError, q["se_rmean_365"]!, tolerance: 1e-8, "SE RMST")
    }
}
