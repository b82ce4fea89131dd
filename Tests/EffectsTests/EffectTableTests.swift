import Effects
import Foundation
import XCTest

final class EffectTableTests: XCTestCase {
    private func read(_ text: String) throws -> EffectTable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("effects-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try EffectTable.read(path: url.path)
    }

    let header = "instrument,dimension,subgroup,outcome,horizon_months,estimate,status,source\n"

    func testLammersTableKeepsNoDifferenceApartFromNotReported() throws {
        let t = try EffectTable.read(path: EffectApplicationTests.lammersPath)
        let noDiff = t.row(instrument: "schooling", dimension: "education", subgroup: "low", outcome: .monthsOutOfBenefit, horizon: 96)!
        let empty = t.row(instrument: "schooling", dimension: "education", subgroup: "high", outcome: .outOfBenefit, horizon: 96)!
        XCTAssertEqual(noDiff.status, .noDifference)
        XCTAssertEqual(noDiff.applicableValue, 0)
        XCTAssertEqual(empty.status, .notReported)
        XCTAssertNil(empty.applicableValue)
    }

    /// 004 appendix B, text below table B.1: women with matching, 6,8 more per 100 after 8 years.
    func testLammersTableHoldsTheWomenFigureFromTheText() throws {
        let t = try EffectTable.read(path: EffectApplicationTests.lammersPath)
        XCTAssertEqual(t.row(instrument: "matching", dimension: "sex", subgroup: "F", outcome: .outOfBenefit, horizon: 96)?.estimate, 6.8)
    }

    func testEveryLammersRowNamesItsSource() throws {
        let t = try EffectTable.read(path: EffectApplicationTests.lammersPath)
        XCTAssert(t.rows.allSatisfy { $0.source.hasPrefix("004 ") })
    }

    func testEstimateStatusWithoutEstimateIsAnErrorNamingLineAndColumn() {
        XCTAssertThrowsError(try read(header + "matching,all,all,out_of_benefit,24,,estimate,x\n")) { e in
            XCTAssert("\(e)".contains(":2: column 'estimate': status 'estimate' needs an estimate"), "\(e)")
        }
    }

    func testUnknownStatusIsAnError() {
        XCTAssertThrowsError(try read(header + "matching,all,all,out_of_benefit,24,1,significant,x\n")) { e in
            XCTAssert("\(e)".contains("column 'status': unknown status"), "\(e)")
        }
    }

    func testDuplicateCellIsAnError() {
        XCTAssertThrowsError(try read(header + "m,all,all,out_of_benefit,24,1,estimate,x\nm,all,all,out_of_benefit,24,2,estimate,y\n")) { e in
            XCTAssert("\(e)".contains(":3: column 'subgroup': duplicate cell"), "\(e)")
        }
    }
}

/// `reval apply` reads only effect tables whose numbers make sense.
final class EffectTableValueTests: XCTestCase {
    private func error(row: String) -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("effects-\(UUID().uuidString).csv")
        try! Data(("instrument,dimension,subgroup,outcome,horizon_months,estimate,se,ci_low,ci_high,status,source\n" + row + "\n").utf8).write(to: url)
        do { _ = try EffectTable.read(path: url.path); return "no error" } catch { return "\(error)" }
    }

    func testAnInfiniteNumberIsAnError() {
        XCTAssert(error(row: "matching,all,all,out_of_benefit,24,1e400,,,,estimate,x").contains(":2: column 'estimate': number out of range (value '1e400')"))
    }

    func testANegativeStandardErrorIsAnError() {
        XCTAssert(error(row: "matching,all,all,out_of_benefit,24,3,-1,,,estimate,x").contains(":2: column 'se': a standard error cannot be negative (value '-1')"))
    }

    func testAReversedIntervalIsAnError() {
        let m = error(row: "matching,all,all,out_of_benefit,24,3,1,5,1,estimate,x")
        XCTAssert(m.contains(":2: column 'ci_low': interval reversed: ci_low is above ci_high (value '5 > 1')"), m)
    }

    func testAnEffectOnBeingOutOfBenefitBeyond100PercentagePointsIsAnError() {
        let m = error(row: "matching,all,all,out_of_benefit,24,-224.3,189.6,-596,147.4,estimate,x")
        XCTAssert(m.contains(":2: column 'estimate': an effect on out_of_benefit is a difference of two shares per 100 and lies from -100 to 100 (value '-224.3')"), m)
        XCTAssertEqual(error(row: "matching,all,all,durably_out_of_benefit,24,100.5,,,,estimate,x").contains("from -100 to 100"), true)
    }

    func testAnEffectOnMonthsOutOfBenefitBeyondTheHorizonIsAnError() {
        let m = error(row: "matching,all,all,months_out_of_benefit,24,25,,,,estimate,x")
        XCTAssert(m.contains(":2: column 'estimate': an effect on months out of benefit within 24 months lies from -24 to 24 (value '25')"), m)
    }

    func testAnIntervalReachingPastTheBoundsOfAShareIsRead() {
        XCTAssertEqual(error(row: "matching,all,all,out_of_benefit,24,95,6,83.2,106.8,estimate,x"), "no error")
    }

    func testDurableOutflowAndReentryRowsOfAnEstimatedTableAreRead() {
        XCTAssertEqual(error(row: "matching,all,all,durably_out_of_benefit,24,4.6,7.5,-10,19.2,estimate,x"), "no error")
        XCTAssertEqual(error(row: "matching,all,all,reentry_within_12_months,24,-3,11.7,-25.9,19.9,estimate,x"), "no error")
    }
}
