@testable import Effects
import XCTest

/// The effect path walks each control's survival path eight months at a time (`SurvivalWalk`);
/// its censoring weights must be exactly those of the path computed at once.
final class SurvivalWalkTests: XCTestCase {
    func testAPathWalkedInStretchesHasTheValuesOfThePathComputedAtOnceBitForBit() throws {
        let persons = SimulatedCohort.link(.national, persons: 2_000, seed: 4).persons
        let hazard = try TreatmentHazard(persons: persons, user: UserCovariateDesign(persons: persons, names: [], minimumLevel: 10))
        for (i, p) in persons.prefix(300).enumerated() {
            for tau in [0, 7] {
                var walk = SurvivalWalk(hazard, person: i), stretches = [Double]()
                for end in [24, 48, 72, 96] { hazard.walk(&walk, p.onBenefit, from: tau, through: tau + end) { _, s in stretches.append(s) } }
                var once = SurvivalWalk(hazard, person: i), atOnce = [Double]()
                hazard.walk(&once, p.onBenefit, from: tau, through: tau + 96) { _, s in atOnce.append(s) }
                XCTAssertEqual(atOnce.count, 97)
                XCTAssertEqual(stretches.map(\.bitPattern), atOnce.map(\.bitPattern))
                // The last value is what `survival` gives.
                XCTAssertEqual(atOnce.last!.bitPattern, hazard.survival(p.onBenefit, person: i, from: tau, to: tau + 96).bitPattern)
            }
        }
    }
}
