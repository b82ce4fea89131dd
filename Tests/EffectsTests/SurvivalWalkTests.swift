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
                var walk = SurvivalWalk(hazard, person: i)
                let stretches = [24, 48, 72, 96].flatMap { hazard.advance(&walk, p.onBenefit, from: tau, through: tau + $0) }
                XCTAssertEqual(stretches.map(\.bitPattern), hazard.survivalPath(p.onBenefit, person: i, from: tau, through: tau + 96).map(\.bitPattern))
            }
        }
    }
}
