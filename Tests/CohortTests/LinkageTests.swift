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

    private func link(_ benefits: String, _ trajectories: String, policy: ErrorPolicy = .fail, maxExcluded: Double = 0.05,
                      mergeGapDays: Int = 31, codes: CodeBook = .builtIn) throws -> ([CohortPerson], LinkageReport) {
        try Linkage.link(benefits: try write(header + benefits), trajectories: try write("person_id,instrument,start_date,end_date,provider\n" + trajectories),
                         options: LinkageOptions(cohortStart: CivilDate(year: 2011, month: 1, day: 1)!, cohortEnd: CivilDate(year: 2011, month: 12, day: 31)!,
                                                 extractionDate: CivilDate(year: 2012, month: 6, day: 30)!, errorPolicy: policy, codes: codes,
                                                 maxExcluded: maxExcluded, mergeGapDays: mergeGapDays))
    }

    /// `n` persons on benefit from 2011-03-01 with a matching trajectory in May: the bulk that
    /// keeps a few bad rows under the exclusion limit.
    private func goodPersons(_ n: Int) -> (benefits: String, trajectories: String) {
        ((0..<n).map { "G\($0),2011-03-01,,,1980-05-05,M,MBO,single,3\n" }.joined(),
         (0..<n).map { "G\($0),matching,2011-05-01,,\n" }.joined())
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
        XCTAssertEqual(Array(p[0].onBenefit), expected)
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

    // MARK: Running at extraction (issue #12 item 1)

    func testTrajectoryWithAPlannedEndAfterExtractionIsTreatmentFromItsStart() throws {
        let (p, r) = try link("A,2011-03-17,,,1980-05-05,M,MBO,single,3\n", "A,schooling,2011-05-17,2013-05-16,\n")
        XCTAssertEqual(p[0].instrumentStarts, [.schooling: 2])
        XCTAssertEqual(r.trajectoryEndsAfterExtraction, 1)
    }

    func testSpellWithAPlannedEndAfterExtractionIsCensored() throws {
        let (p, r) = try link("A,2011-03-17,2013-01-31,werk,1980-05-05,M,MBO,single,3\n", "")
        XCTAssertNil(p[0].firstExitDays)
        XCTAssertEqual(Array(p[0].onBenefit), [Bool](repeating: true, count: 16))
        XCTAssertEqual(r.censoredPersons, 1)
        XCTAssertEqual(r.spellEndsAfterExtraction, 1)
    }

    func testTrajectoryStartingAfterExtractionIsAnErrorNamingFileLineColumnAndValue() {
        XCTAssertThrowsError(try link("A,2011-03-17,,,1980-05-05,M,MBO,single,3\n", "A,schooling,2012-07-01,,\n")) { e in
            XCTAssert("\(e)".hasSuffix(":2: column 'start_date': date after the extraction date 2012-06-30 (value '2012-07-01')"), "\(e)")
        }
    }

    // MARK: Trajectories outside a benefit spell (item 2)

    func testWageSubsidyAfterLeavingBenefitIsKeptCountedAndNotTreatment() throws {
        let (p, r) = try link("A,2011-03-17,2011-09-30,werk,1980-05-05,M,MBO,single,3\n", "A,wage_subsidy,2011-10-15,2012-04-14,\n")
        XCTAssertEqual(p[0].instrumentStarts, [:])
        XCTAssertNil(p[0].firstTrajectoryDays)
        XCTAssertEqual(r.trajectoriesKept, 1)
        XCTAssertEqual(r.trajectoriesOutsideSpellsAfterInflow, 1)
        XCTAssertEqual(r.trajectoriesOutsideSpells.afterLastSpell, 1)
        XCTAssertEqual(r.trajectoriesOutsideSpells.byInstrument, ["wage_subsidy": 1])
    }

    func testIntakeBeforeTheSpellIsCountedBeforeTheFirstSpell() throws {
        let (p, r) = try link("A,2011-03-17,,,1980-05-05,M,MBO,single,3\n", "A,active_mediation,2011-03-01,,\nA,matching,2011-04-20,,\n")
        XCTAssertEqual(p[0].instrumentStarts, [.matching: 1])
        XCTAssertEqual(r.trajectoriesBeforeInflow, 1)
        XCTAssertEqual(r.trajectoriesOutsideSpells.beforeFirstSpell, 1)
    }

    func testTrajectoryBetweenTwoSpellsIsNotTreatmentButOneInTheLaterSpellIs() throws {
        let (p, r) = try link("A,2011-03-17,2011-05-31,werk,1980-05-05,M,MBO,single,3\nA,2011-09-01,,,1980-05-05,M,MBO,single,3\n",
                              "A,schooling,2011-07-01,,\nA,matching,2011-10-01,,\n")
        XCTAssertEqual(p[0].instrumentStarts, [.matching: 6])
        XCTAssertEqual(r.trajectoriesOutsideSpells.betweenSpells, 1)
    }

    // MARK: No silent treatment/control flips; exclusion limit (item 3)

    func testPersonWithAnExcludedTrajectoryRowIsLeftOutNotMadeAControl() throws {
        let g = goodPersons(40)
        let (p, r) = try link(g.benefits + "A,2011-03-17,,,1980-05-05,M,MBO,single,3\n", g.trajectories + "A,matching,2011-99-01,,\n", policy: .exclude)
        XCTAssertEqual(p.count, 40)
        XCTAssert(p.allSatisfy { !$0.instrumentStarts.isEmpty }, "no untreated person in the cohort")
        XCTAssertEqual(r.excludedPersonsByReason, ["invalid_date": 1])
    }

    func testPersonWithAMalformedTrajectoryRowIsLeftOutToo() throws {
        let g = goodPersons(40)
        let (p, r) = try link(g.benefits + "A,2011-03-17,,,1980-05-05,M,MBO,single,3\n", g.trajectories + "A,matching,2011-05-01\n", policy: .exclude)
        XCTAssertEqual(p.count, 40)
        XCTAssertEqual(r.excludedPersonsByReason, ["malformed_record": 1])
    }

    func testPersonWithAnExcludedBenefitRowIsLeftOutWhole() throws {
        let g = goodPersons(40)
        let (p, r) = try link(g.benefits + "A,2011-03-17,2011-06-01,werk,1980-05-05,M,MBO,single,3\nA,2011-08-01,2011-07-01,,1980-05-05,M,MBO,single,3\n",
                              g.trajectories, policy: .exclude)
        XCTAssertEqual(p.count, 40)
        XCTAssertEqual(r.excludedPersonsByReason, ["end_before_start": 1])
        XCTAssertEqual(r.personsInData, 41)
    }

    func testExclusionOfMoreThanTheAllowedShareOfRowsFailsWithCountAndMostCommonReason() {
        let g = goodPersons(10)
        let bad = (0..<3).map { "B\($0),2011-03-17,,,1980-05-05,M,XBO,single,3\n" }.joined() + "C,2011-08-01,2011-07-01,,1980-05-05,M,MBO,single,3\n"
        XCTAssertThrowsError(try link(g.benefits + bad, g.trajectories, policy: .exclude)) { e in
            XCTAssertEqual("\(e)".split(separator: "\n").count, 1)
            XCTAssert("\(e)".contains(".csv: excluding bad rows would drop 4 of 14 benefit rows (28.6 %), more than the 0.05 allowed"), "\(e)")
            XCTAssert("\(e)".contains("most common reason: unknown_code (3)"), "\(e)")
        }
    }

    func testExclusionOfMoreThanTheAllowedShareOfPersonsFails() {
        // 2 of 40 trajectory rows (5 %) is within the limit; 2 of 21 persons (9.5 %) is not.
        let g = goodPersons(19)
        let b = g.benefits + "A,2011-03-17,,,1980-05-05,M,MBO,single,3\nB,2011-03-17,,,1980-05-05,M,MBO,single,3\n"
        let t = g.trajectories + (0..<19).map { "G\($0),aftercare,2011-06-01,,\n" }.joined() + "A,matching,2011-13-01,,\nB,matching,2011-13-01,,\n"
        XCTAssertThrowsError(try link(b, t, policy: .exclude)) { e in
            XCTAssert("\(e)".hasPrefix("excluding bad rows would drop 2 of 21 persons (9.5 %)"), "\(e)")
        }
        XCTAssertNoThrow(try link(b, t, policy: .exclude, maxExcluded: 0.1))
    }

    // MARK: Spell merging (item 4)

    func testSpellsADayApartAreOneSpellAndTheMergeIsCounted() throws {
        let (p, r) = try link("A,2011-03-17,2011-06-30,,1980-05-05,M,MBO,single,3\nA,2011-07-01,2011-12-31,werk,1980-05-05,M,MBO,couple,3\n", "")
        XCTAssertEqual(r.spellsMerged, 1)
        XCTAssertFalse(p[0].reentrant)
        XCTAssertEqual(p[0].firstExitDays, CivilDate(year: 2011, month: 12, day: 31)!.dayNumber - CivilDate(year: 2011, month: 3, day: 17)!.dayNumber)
        XCTAssertEqual(p[0].endReason, .work)
        XCTAssertEqual(p[0].household, .single, "covariates at inflow")
    }

    func testSpellsFurtherApartThanTheGapStayTwoSpells() throws {
        let (p, r) = try link("A,2011-03-17,2011-06-30,,1980-05-05,M,MBO,single,3\nA,2011-08-01,,,1980-05-05,M,MBO,single,3\n", "")
        XCTAssertEqual(r.spellsMerged, 0)
        XCTAssertEqual(p[0].firstExitDays, 105)
    }

    func testMergeGapIsConfigurable() throws {
        let (_, r) = try link("A,2011-03-17,2011-06-30,,1980-05-05,M,MBO,single,3\nA,2011-07-02,,,1980-05-05,M,MBO,single,3\n", "", mergeGapDays: 1)
        XCTAssertEqual(r.spellsMerged, 0)
    }

    func testMergeGapZeroMergesNothingNotEvenASpellStartingTheDayAfter() throws {
        let (p, r) = try link("A,2011-03-17,2011-06-30,,1980-05-05,M,MBO,single,3\nA,2011-07-01,,,1980-05-05,M,MBO,single,3\n", "", mergeGapDays: 0)
        XCTAssertEqual(r.spellsMerged, 0)
        XCTAssertEqual(p[0].firstExitDays, 105)
    }

    func testMergedSpellStartingBeforeTheWindowTakesThePersonOutOfTheCohort() throws {
        let (p, r) = try link("A,2010-10-01,2010-12-31,,1980-05-05,M,MBO,single,3\nA,2011-01-10,,,1980-05-05,M,MBO,single,3\n", "")
        XCTAssertEqual(p.count, 0)
        XCTAssertEqual(r.spellsMerged, 1)
    }

    // MARK: Provider and end reason kept (item 6)

    func testProviderOfEachInstrumentsFirstTrajectoryIsKeptAndRoundTripsWithACommaInItsName() throws {
        let (p, _) = try link("A,2011-03-17,,,1980-05-05,M,MBO,single,3\n",
                              "A,schooling,2011-06-01,,Werkfit BV\nA,matching,2011-07-01,,Later BV\nA,matching,2011-05-01,,\"DZB, Re-integratie\"\n")
        XCTAssertEqual(p[0].providers, [.matching: "DZB, Re-integratie", .schooling: "Werkfit BV"])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-\(UUID().uuidString).csv").path
        try CohortFile.write(p, to: out)
        XCTAssertEqual(try CohortFile.read(path: out), p)
    }

    func testEndReasonsAreTabulatedOverallAndByInstrument() throws {
        let (p, _) = try link("A,2011-03-17,2011-09-30,werk,1980-05-05,M,MBO,single,3\nB,2011-03-17,2011-10-31,,1980-05-05,F,MBO,single,3\n"
                              + "C,2011-03-17,,,1980-05-05,F,MBO,single,3\n", "A,matching,2011-05-01,,\n")
        let d = CohortDescription(persons: p)
        XCTAssertEqual(d.endReasons, ["work": 1, "not_registered": 1], "a running spell has no end reason")
        XCTAssertEqual(d.endReasonsByInstrument, ["matching": ["work": 1]])
    }

    func testDescribeByAnyDimensionListsOnlyInstrumentsThatOccur() throws {
        let (p, _) = try link("A,2011-03-17,,,1980-05-05,M,MBO,couple,3\nB,2011-03-17,,,1980-05-05,F,MBO,single,3\n",
                              "A,matching,2011-05-01,,RL\nB,schooling,2011-05-01,,RL\n")
        let d = CohortDescription(persons: p, by: [.household, .provider])
        XCTAssertEqual(d.useBy["household"]?.map(\.group), ["couple", "single"])
        XCTAssertEqual(d.useBy["household"]?[0].instruments, ["matching": Share(1, of: 1), "schooling": Share(0, of: 1)])
        XCTAssertEqual(d.useBy["provider"]?.map(\.participants), [2])
    }

    func testEachInstrumentsParticipantsAreTabulatedByTheProviderOfTheirTrajectoryOfIt() throws {
        // A's schooling and matching start the same day with different providers.
        let (p, _) = try link("A,2011-03-17,,,1980-05-05,M,MBO,couple,3\nB,2011-03-17,,,1980-05-05,F,MBO,single,3\n",
                              "A,matching,2011-05-01,,RL\nA,schooling,2011-05-01,,Werkfit BV\nB,schooling,2011-06-01,,Werkfit BV\n")
        XCTAssertEqual(CohortDescription(persons: p).providersByInstrument, ["matching": ["RL": 1], "schooling": ["Werkfit BV": 2]])
    }

    func testDescribeByProviderCountsAnInstrumentUnderTheProviderThatRanIt() throws {
        let (p, _) = try link("A,2011-03-17,,,1980-05-05,M,MBO,couple,3\nB,2011-03-17,,,1980-05-05,F,MBO,single,3\n",
                              "A,matching,2011-05-01,,RL\nA,schooling,2011-05-01,,Werkfit BV\nB,schooling,2011-06-01,,Werkfit BV\n")
        let groups = CohortDescription(persons: p, by: [.provider]).useBy["provider"]!
        XCTAssertEqual(groups.map(\.group), ["RL", "Werkfit BV"])
        XCTAssertEqual(groups.map(\.participants), [1, 2], "a person with trajectories of two providers is in both groups")
        XCTAssertEqual(groups[0].instruments, ["matching": Share(1, of: 1), "schooling": Share(0, of: 1)])
        XCTAssertEqual(groups[1].instruments, ["matching": Share(0, of: 2), "schooling": Share(2, of: 2)])
    }

    func testAProviderTheExportLeavesEmptyOrWritesAsNAIsUnknown() throws {
        let (p, _) = try link("A,2011-03-17,,,1980-05-05,M,MBO,couple,3\n", "A,matching,2011-05-01,,NA\nA,schooling,2011-05-01,, \n")
        XCTAssertEqual(p[0].providers, [:])
        XCTAssertEqual(CohortDescription(persons: p).providersByInstrument, ["matching": ["unknown": 1], "schooling": ["unknown": 1]])
    }

    // MARK: The exclusion limit names the reason of the file that exceeded it

    func testExclusionLimitNamesTheMostCommonReasonOfTheFileThatExceededIt() {
        // Benefits: 2 of 12 rows excluded (unknown code). Trajectories: 5 of 105 (invalid dates), within the limit but more common overall.
        let g = goodPersons(10)
        let b = g.benefits + (0..<2).map { "B\($0),2011-03-17,,,1980-05-05,M,XBO,single,3\n" }.joined()
        let t = g.trajectories + (0..<10).flatMap { k in (0..<9).map { _ in "G\(k),aftercare,2011-06-01,,\n" } }.joined()
            + (0..<5).map { "G\($0),aftercare,2011-13-01,,\n" }.joined()
        XCTAssertThrowsError(try link(b, t, policy: .exclude)) { e in
            XCTAssert("\(e)".contains("excluding bad rows would drop 2 of 12 benefit rows"), "\(e)")
            XCTAssert("\(e)".contains("most common reason: unknown_code (2)"), "\(e)")
        }
    }
}
