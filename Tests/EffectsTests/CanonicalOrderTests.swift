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
}
