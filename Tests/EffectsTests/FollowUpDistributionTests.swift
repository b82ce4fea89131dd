import Cohort
@testable import Effects
import XCTest

/// Months out of benefit under administrative censoring (FollowUpDistribution).
final class FollowUpDistributionTests: XCTestCase {
    /// A person of inflow year `year` followed up `followup` months, off benefit in the months listed.
    private func person(year: Int = 2003, followup: Int, off: Set<Int> = []) -> CohortPerson {
        CohortPerson(inflowDate: CivilDate(year: year, month: 1, day: 1)!, age: 30, sex: .female, educationLevel: .mbo, household: .single,
                     monthsWorked24m: 0, earlierSpells: 0, followupMonths: followup, firstExitDays: nil, endReason: nil,
                     onBenefit: (0...followup).map { !off.contains($0) }, instrumentStarts: [:], firstTrajectoryDays: nil)
    }

    func testShareObservedIsTheShareOfTheInflowYearFollowedUpThatLong() {
        let g = FollowUpDistribution(persons: [person(followup: 10), person(followup: 20), person(followup: 20), person(followup: 30),
                                               person(year: 2004, followup: 5)])
        XCTAssertEqual(g.probabilityObserved(year: 2003, month: 10, from: 0), 1)
        XCTAssertEqual(g.probabilityObserved(year: 2003, month: 11, from: 0), 0.75)
        XCTAssertEqual(g.probabilityObserved(year: 2003, month: 25, from: 0), 0.25)
        XCTAssertEqual(g.probabilityObserved(year: 2003, month: 25, from: 15), 1.0 / 3)
        XCTAssertEqual(g.probabilityObserved(year: 2004, month: 6, from: 0), 0)
    }

    func testEveryoneFollowedUpGivesThePlainCount() {
        let p = person(followup: 30, off: [3, 4, 5, 20])
        let g = FollowUpDistribution(persons: [p, person(followup: 40)])
        XCTAssertEqual(g.monthsOutOfBenefit(p, start: 2, horizon: 10), 3)
    }

    /// Half the year is followed up 12 months, half 24: a person followed up fully counts
    /// twice in the months the others are not seen, a person followed up 12 months keeps the
    /// months observed; over the year the weighted sum is unbiased for the full-window count.
    func testMonthsBeyondOthersFollowUpAreWeightedByTheInverseShareObserved() {
        let long = person(followup: 24, off: [5, 15, 16]), short = person(followup: 12, off: [5])
        let g = FollowUpDistribution(persons: [long, short])
        XCTAssertEqual(g.monthsOutOfBenefit(long, start: 0, horizon: 20)!, 1 + 2 * 2, accuracy: 1e-12)
        XCTAssertEqual(g.monthsOutOfBenefit(short, start: 0, horizon: 20)!, 1, accuracy: 1e-12)
    }

    func testAWindowNobodyOfTheYearIsObservedInIsNotEstimable() {
        let p = person(followup: 12)
        XCTAssertNil(FollowUpDistribution(persons: [p]).monthsOutOfBenefit(p, start: 6, horizon: 12))
    }
}
