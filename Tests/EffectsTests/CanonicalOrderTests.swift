import Cohort
@testable import Effects
import XCTest

final class CanonicalOrderTests: XCTestCase {
    func testPermutingInPlaceGivesWhatReadingInOrderGives() {
        var g = SystemRandomNumberGenerator()
        for n in [0, 1, 2, 5, 64, 1000] {
            let items = (0..<n).map { "item \($0)" }
            let order = Array(0..<n).shuffled(using: &g)
            var permuted = items
            CanonicalOrder.permute(&permuted, to: order)
            XCTAssertEqual(permuted, order.map { items[$0] }, "n = \(n)")
        }
    }

    func testACohortInAnyRowOrderSortsToTheSamePersons() {
        let persons = SimulatedCohort.link(.national, persons: 300, seed: 5).persons
        let before = persons.map { CanonicalOrder.content($0) }
        let sorted = CanonicalOrder.sorted(persons)
        let reversed = CanonicalOrder.sorted(Array(persons.reversed()))
        XCTAssertEqual(sorted.hashes, reversed.hashes)
        XCTAssertEqual(sorted.persons.map { CanonicalOrder.content($0) }, reversed.persons.map { CanonicalOrder.content($0) })
        // The caller's copy is left as it was.
        XCTAssertEqual(persons.map { CanonicalOrder.content($0) }, before)
    }

    /// Two persons alike in everything but their provider: in subgroups by provider each is the
    /// treated row of its own cell, so their order must come from their content, not the file's.
    func testPersonsAlikeButForTheirProviderSortByProviderWhateverTheFileOrder() {
        let persons = SimulatedCohort.link(.national, persons: 300, seed: 5).persons
        let p = persons.first { !$0.instrumentStarts.isEmpty }!
        func with(_ provider: String) -> CohortPerson {
            CohortPerson(inflowDate: p.inflowDate, age: p.age, sex: p.sex, educationLevel: p.educationLevel, household: p.household,
                         monthsWorked24m: p.monthsWorked24m, earlierSpells: p.earlierSpells, followupMonths: p.followupMonths,
                         firstExitDays: p.firstExitDays, endReason: p.endReason, onBenefit: p.onBenefit, instrumentStarts: p.instrumentStarts,
                         firstTrajectoryDays: p.firstTrajectoryDays, providers: p.instrumentStarts.mapValues { _ in provider })
        }
        let twins = [with("Randstad"), with("DZB")]
        /// The twins' providers in the order the persons are sorted into.
        func twinsInOrder(_ cohort: [CohortPerson]) -> [String] {
            CanonicalOrder.sorted(cohort).persons.compactMap { $0.providers.values.first }.filter { $0 == "DZB" || $0 == "Randstad" }
        }
        XCTAssertEqual(twinsInOrder(persons + twins), ["DZB", "Randstad"])
        XCTAssertEqual(twinsInOrder(persons + twins.reversed()), ["DZB", "Randstad"])
        XCTAssertEqual(twinsInOrder(twins.reversed() + persons), ["DZB", "Randstad"])
    }
}
