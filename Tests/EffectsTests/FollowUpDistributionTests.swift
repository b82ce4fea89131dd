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

    /// The weights come from a table of G_y(m) / G_y(s): each outcome must be, bit for bit, the
    /// sum month by month of 1 / `probabilityObserved` over the months observed off benefit, and
    /// nil exactly where some month of the window has nobody of the year observed.
    func testMonthsOutOfBenefitIsTheSumOfTheInverseSharesObservedBitForBit() {
        var g = SystemRandomNumberGenerator()
        let persons = (0..<300).map { _ in
            person(year: Int.random(in: 2003...2004, using: &g), followup: Int.random(in: 0...60, using: &g),
                   off: Set((0...60).filter { _ in Bool.random(using: &g) }))
        }
        let followUp = FollowUpDistribution(persons: persons)
        func byDivision(_ p: CohortPerson, start: Int, horizon h: Int) -> Double? {
            guard start <= p.followupMonths else { return nil }
            var total = 0.0
            for m in start..<(start + h) {
                let observed = followUp.probabilityObserved(year: p.inflowDate.year, month: m, from: start)
                guard observed > 0 else { return nil }
                if m <= p.followupMonths && !p.onBenefit[m] { total += 1 / observed }
            }
            return total
        }
        for p in persons {
            for (start, h) in [(0, 24), (3, 24), (10, 48), (0, 61), (30, 31), (59, 2)] {
                XCTAssertEqual(followUp.monthsOutOfBenefit(p, start: start, horizon: h), byDivision(p, start: start, horizon: h),
                               "follow-up \(p.followupMonths), start \(start), horizon \(h)")
            }
        }
    }
}
