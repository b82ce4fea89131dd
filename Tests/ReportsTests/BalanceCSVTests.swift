import Cohort
import Effects
import Foundation
import Evaluation
import Reports
import XCTest

/// `reval estimate --balance`: a cell whose estimate disclosure control withholds keeps its
/// balance rows, with the statistics empty and named in `suppressed`; nothing disappears silently.
final class BalanceCSVTests: XCTestCase {
    func testAWithheldCellsBalanceStatisticsAreEmptyAndNamed() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/leiden-synthetic")
        let (persons, _) = try Linkage.link(benefits: example.appendingPathComponent("benefits.csv").path,
                                            trajectories: example.appendingPathComponent("trajectories.csv").path,
                                            options: LinkageOptions(cohortStart: CivilDate(year: 2010, month: 1, day: 1)!, cohortEnd: CivilDate(year: 2012, month: 12, day: 31)!,
                                                                    extractionDate: CivilDate(year: 2014, month: 6, day: 30)!))
        var o = CohortEstimationOptions(instrument: .matching)
        o.horizons = [24]
        o.outcomes = [.outOfBenefit]
        o.dimensions = [.education]
        o.effectPath = false
        o.sensitivity = false
        let r = try CohortEffectEstimator.estimate(persons, options: o)
        // A publication minimum just above the smallest estimated group withholds that group, not the whole cohort.
        let small = try XCTUnwrap(r.rows.filter { $0.dimension != "all" && $0.status == "estimate" }.min { $0.nTreated < $1.nTreated })
        let control = DisclosureControl(minCellSize: small.nTreated + 1)
        XCTAssertGreaterThan(r.rows[0].nTreated, small.nTreated)
        let lines = BalanceCSV.csv([r], control: control).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = Dictionary(uniqueKeysWithValues: lines[0].enumerated().map { ($1, $0) })
        let withheld = lines.filter { $0[column["subgroup"]!] == small.subgroup }, whole = lines.filter { $0[column["dimension"]!] == "all" }
        XCTAssertFalse(withheld.isEmpty)
        for row in withheld {
            XCTAssertEqual(row[column["diff_after"]!], "")
            XCTAssertEqual(row[column["suppressed"]!], "diff_before;diff_after;variance_ratio_before;variance_ratio_after")
        }
        XCTAssertFalse(whole.isEmpty)
        XCTAssert(whole.allSatisfy { $0[column["suppressed"]!].isEmpty && !$0[column["diff_after"]!].isEmpty })
    }
}
