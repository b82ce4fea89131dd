import Cohort
@testable import Effects
import XCTest

/// The control pool of the dynamic design (`PersonPeriodSample.build`): the full pool up to the
/// budget, above it thinned at each τ to max(budget / eligible rows, floor × treated(τ) / eligible(τ)).
final class ControlPoolTests: XCTestCase {
    private static let cohort = CanonicalOrder.sorted(SimulatedCohort.link(.national, persons: 4000, seed: 3).persons)

    private func sample(budget: Int?, floor: Int) -> PersonPeriodSample {
        PersonPeriodSample.build(persons: Self.cohort.persons, hashes: Self.cohort.hashes, instrument: .matching, design: .dynamic,
                                 window: 12, maxTau: 36, controlRowBudget: budget, minimumControlsPerTreated: floor)
    }

    /// Rows per τ of one kind (treated or control).
    private func count(_ s: PersonPeriodSample, treated: Bool) -> [Int: Int] {
        zip(s.tau, s.treated).filter { $0.1 == treated }.reduce(into: [:]) { $0[$1.0, default: 0] += 1 }
    }

    func testEachTauKeepsTheShareOfTheFloorOfControlsPerTreatedAboveTheBudget() {
        let full = sample(budget: nil, floor: 5)
        let eligible = count(full, treated: false), treatedAt = count(full, treated: true)
        let budget = full.count / 20
        for floor in [1, 5, 10] {
            let thinned = sample(budget: budget, floor: floor)
            XCTAssertEqual(count(thinned, treated: true), treatedAt, "every treated row stays")
            let kept = count(thinned, treated: false), total = eligible.values.reduce(0, +)
            for (t, n) in eligible {
                let share = min(1, max(Double(budget) / Double(total), Double(floor * treatedAt[t]!) / Double(n)))
                let expected = share * Double(n)
                // Each row is kept by a uniform draw from its content: binomial around the share.
                XCTAssertEqual(Double(kept[t] ?? 0), expected, accuracy: 4 * expected.squareRoot() + 1, "floor \(floor), tau \(t)")
            }
        }
        XCTAssertGreaterThan(sample(budget: budget, floor: 10).count, sample(budget: budget, floor: 5).count)
    }

    /// The note's share of control rows kept never reads 100.0 % for a thinned pool.
    func testAThinnedPoolNeverPrintsAsEveryRow() {
        XCTAssertEqual(SharedSample.percentKept(0.081), "8.1")
        XCTAssertEqual(SharedSample.percentKept(0.9994), "99.9")
        XCTAssertEqual(SharedSample.percentKept(0.9996), "over 99.9")
    }

    func testThePoolWithinTheBudgetIsWholeWhateverTheFloor() {
        let full = sample(budget: nil, floor: 5)
        XCTAssertEqual(sample(budget: full.count, floor: 1).person, full.person)
        XCTAssertEqual(sample(budget: full.count, floor: 1000).person, full.person)
    }
}
