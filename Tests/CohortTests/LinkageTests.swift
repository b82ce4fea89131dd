@testable import Cohort
import Foundation
import XCTest

final class LinkageTests: XCTestCase {
    private func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reval-link-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    let header = "person_id,spell_start,spell_end,end_reason,birth_date,sex,education,household,months_worked_24m\n"

    private func link(_ benefits: String, _ trajectories: String) throws -> ([CohortPerson], LinkageReport) {
        try Linkage.link(benefits: try write(header + benefits), trajectories: try write("person_id,instrument,start_date,end_date,provider\n" + trajectories),
                         options: LinkageOptions(cohortStart: CivilDate(year: 2011, month: 1, day: 1)!, cohortEnd: CivilDate(year: 2011, month: 12, day: 31)!,
                                                 extractionDate: CivilDate(year: 2012, month: 6, day: 30)!))
    }

    func testFirstSpellInTheWindowIsTheCohortSpellAndEarlierSpellsMakeAReentrant() throws {
        let (p, r) = try link("A,2009-01-01,2009-06-30,,1980-05-05,M,MBO,single,3\nA,2011-03-17,2011-06-01,werk,1980-05-05,M,MBO,single,3\nA,2011-10-01,,,1980-05-05,M,MBO,single,0\n", "")
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p[0].inflowDate, CivilDate(year: 2011, month: 3, day: 17))
        XCTAssertTrue(p[0].reentrant)
        XCTAssertEqual(p[0].age, 30)
        XCTAssertEqual(r.reentrants, 1)
    }

    func testBenefitHistoryIsReadOnAnniversariesOfTheInflowDate() throws {
        let (p, _) = try link("A,2011-03-17,2011-06-01,werk,1980-05-05,M,MBO,single,3\nA,2011-10-01,,,1980-05-05,M,MBO,single,0\n", "")
        // 17 Mar, 17 Apr, 17 May on; 17 Jun-17 Sep off; 17 Oct 2011 - 17 Jun 2012 on.
        let expected = [true, true, true, false, false, false, false] + [Bool](repeating: true, count: 9)
        XCTAssertEqual(p[0].onBenefit, expected)
        XCTAssertEqual(p[0].followupMonths, 15)
        XCTAssertEqual(p[0].firstExitDays, 76)
        XCTAssertEqual(p[0].firstExitMonth, 2)
    }

    func testInstrumentStartsAreElapsedMonthsAndEarlierTrajectoriesAreCounted() throws {
        let (p, r) = try link("A,2009-01-01,2009-06-30,,1980-05-05,M,MBO,single,3\nA,2011-03-17,,,1980-05-05,M,MBO,single,3\n",
                              "A,schooling,2009-03-01,,\nA,matching,2011-05-16,,\nA,matching,2011-08-01,,\nA,scholing,2011-05-17,,\n")
        XCTAssertEqual(p[0].instrumentStarts, [.matching: 1, .schooling: 2])
        XCTAssertEqual(r.trajectoriesLinkedToCohort, 3)
        XCTAssertEqual(r.trajectoriesBeforeInflow, 1)
    }

    func testPersonsOutsideTheWindowAreNotInTheCohortButTheirRowsAreCounted() throws {
        let (p, r) = try link("A,2011-03-17,,,1980-05-05,M,MBO,single,3\nB,2012-02-01,,,1980-05-05,M,MBO,single,3\n", "B,matching,2012-03-01,,\n")
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(r.personsInData, 2)
        XCTAssertEqual(r.trajectoriesOfPersonsOutsideCohort, 1)
    }

    func testCohortFileRoundTripsAndHoldsNoPersonID() throws {
        let (p, _) = try link("PERSON123,2011-03-17,2011-06-01,werk,1980-05-05,M,MBO,single,3\n", "PERSON123,matching,2011-04-20,,\n")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-\(UUID().uuidString).csv").path
        try CohortFile.write(p, to: out)
        XCTAssertEqual(try CohortFile.read(path: out), p)
        XCTAssertFalse(try String(contentsOfFile: out, encoding: .utf8).contains("PERSON123"))
    }
}
