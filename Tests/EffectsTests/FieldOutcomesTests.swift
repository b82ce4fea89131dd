import Cohort
@testable import Effects
import XCTest

/// Issue #12 item 6: the outcomes the field uses, on a hand-made benefit history.
final class FieldOutcomesTests: XCTestCase {
    /// On benefit months 0–9, off 10–13, back 14–17, off from 18 to the end (month 40).
    private let person: CohortPerson = {
        let history = (0...40).map { m in m < 10 || (14...17).contains(m) }
        return CohortPerson(inflowDate: CivilDate(year: 2010, month: 1, day: 1)!, age: 30, sex: .female, educationLevel: .mbo, household: .single,
                            monthsWorked24m: 0, earlierSpells: 0, followupMonths: 40, firstExitDays: 300, endReason: nil, onBenefit: history,
                            instrumentStarts: [:], firstTrajectoryDays: nil)
    }()
    private let followUp = FollowUpDistribution(persons: [])

    func testDurableOutflowNeedsSixMonthsOffBenefitInARow() {
        XCTAssertEqual(CohortOutcome.durablyOutOfBenefit.value(person, start: 2, horizon: 8, followUp: followUp), 0) // months 10–15: back at 14
        XCTAssertEqual(CohortOutcome.durablyOutOfBenefit.value(person, start: 2, horizon: 16, followUp: followUp), 100) // months 18–23
        XCTAssertNil(CohortOutcome.durablyOutOfBenefit.value(person, start: 2, horizon: 36, followUp: followUp)) // needs month 43
    }

    func testReentryCountsABenefitWithinTwelveMonthsOfLeaving() {
        XCTAssertEqual(CohortOutcome.reentryWithin12Months.value(person, start: 2, horizon: 12, followUp: followUp), 100) // leaves at 10, back at 14
        XCTAssertEqual(CohortOutcome.reentryWithin12Months.value(person, start: 18, horizon: 6, followUp: followUp), 0) // off from 18 on
        XCTAssertNil(CohortOutcome.reentryWithin12Months.value(person, start: 2, horizon: 5, followUp: followUp)) // no exit in months 2–6
    }
}
