@testable import Effects
import Cohort
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

    /// A walk reports from month `from` on, and starts there: the spell it needs is read off
    /// backwards (`BenefitHistory.run(endingBefore:)`) instead of walked from month 0. Its values
    /// must be those of the walk from month 0 that the definition describes: before `from` only the
    /// spell runs on (a month past the history reads as off), after it the product of 1 − hazard
    /// over the months on benefit, each at its month and the spell before it.
    func testAWalkFromLateInTheHistoryHasTheValuesOfTheWalkFromMonthZeroBitForBit() throws {
        let persons = SimulatedCohort.link(.national, persons: 2_000, seed: 5).persons
        let hazard = try TreatmentHazard(persons: persons, user: UserCovariateDesign(persons: persons, names: [], minimumLevel: 10))
        for (i, p) in persons.prefix(300).enumerated() {
            let history = p.onBenefit
            for from in [0, 1, 5, 13, 36, history.count - 1, history.count + 3] where from >= 0 {
                var walk = SurvivalWalk(hazard, person: i), walked = [Double]()
                hazard.walk(&walk, history, from: from, through: from + 40) { _, s in walked.append(s) }
                var expected = [Double](), s = 1.0, spell = 0
                let row = Int(hazard.personKey[i]) * TreatmentHazard.cells
                for m in 0...(from + 40) {
                    let on = m < history.count && history[m]
                    if m > from && on { s *= hazard.stay[row + TreatmentHazard.cell(month: m, spell: spell)] }
                    if m >= from { expected.append(s) }
                    spell = on ? spell + 1 : 0
                }
                XCTAssertEqual(walked.map(\.bitPattern), expected.map(\.bitPattern), "person \(i) from \(from)")
            }
        }
    }

    func testTheRunEndingBeforeAMonthCountsTheUnbrokenMonthsOnBenefitBeforeIt() {
        let history = BenefitHistory([true, true, false, true, true, true, false])
        XCTAssertEqual((0...9).map { history.run(endingBefore: $0) }, [0, 1, 2, 0, 1, 2, 3, 0, 0, 0])
        XCTAssertEqual((0...8).map { history.isOn($0) }, [true, true, false, true, true, true, false, false, false])
        let always = BenefitHistory([Bool](repeating: true, count: 130))
        XCTAssertEqual(always.run(endingBefore: 130), 130)
        XCTAssertEqual(always.run(endingBefore: 131), 0)
    }
}
