@testable import Cohort
import Foundation
import TableKit
import XCTest

/// The bad-file corpus in BadFiles/: one file per error kind, plus export quirks that must be read.
final class IngestionTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("BadFiles")
    static func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    let extraction = CivilDate(year: 2014, month: 6, day: 30)!

    private func readBenefits(_ name: String, policy: ErrorPolicy = .fail) throws -> (BenefitsReader.Result, ExclusionLog) {
        var log = ExclusionLog(policy: policy)
        let r = try BenefitsReader.read(path: Self.path(name), extractionDate: extraction, log: &log)
        return (r, log)
    }

    /// Asserts that reading fails with a one-line error containing every fragment.
    private func assertBenefitsError(_ name: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try readBenefits(name), file: file, line: line) { e in
            let m = "\(e)"
            XCTAssertFalse(m.contains("\n"), "not one line: \(m)", file: file, line: line)
            for f in fragments { XCTAssert(m.contains(f), "'\(f)' not in: \(m)", file: file, line: line) }
        }
    }

    func testGoodFilesAreRead() throws {
        let (b, log) = try readBenefits("good-benefits.csv")
        XCTAssertEqual(b.spells.count, 2)
        XCTAssertEqual(b.spells[1].sex, .female) // "V"
        XCTAssertEqual(b.spells[1].household, .single) // "alleenstaand"
        XCTAssertEqual(log.total, 0)
    }

    func testMissingRequiredColumnNamesItAndItsAliases() {
        assertBenefitsError("missing-column.csv", ["missing-column.csv:1: column 'months_worked_24m'", "maanden_gewerkt_24m"])
    }

    func testImpossibleDateIsRejected() { assertBenefitsError("impossible-date.csv", [":2: column 'spell_start': not a valid date", "'31-02-2011'"]) }
    func testUnparseableDateIsRejected() { assertBenefitsError("unparseable-date.csv", [":2: column 'spell_start'", "'2011-13-01'"]) }
    func testSpellEndingBeforeItStartsIsRejected() { assertBenefitsError("end-before-start.csv", [":2: column 'spell_end': spell ends before it starts"]) }
    func testStartAfterExtractionDateIsRejected() {
        assertBenefitsError("start-after-extraction.csv", ["start-after-extraction.csv:2: column 'spell_start': date after the extraction date 2014-06-30", "'2014-07-01'"])
    }

    func testSpellEndingAfterExtractionDateIsReadAsRunningThen() throws {
        let (b, log) = try readBenefits("end-after-extraction.csv")
        XCTAssertNil(b.spells[0].end)
        XCTAssertNil(b.spells[0].endReason, "a running spell has no end reason yet")
        XCTAssertEqual(b.endsAfterExtraction, 1)
        XCTAssertEqual(log.total, 0)
    }
    func testUnknownEducationSuggestsTheNearestCode() { assertBenefitsError("unknown-education.csv", [":2: column 'education'", "did you mean 'HAVO'?", "'HAVOO'"]) }
    func testUnknownEndReasonSuggestsTheNearestCode() { assertBenefitsError("unknown-end-reason.csv", [":2: column 'end_reason'", "'vakantie'"]) }
    func testMonthsWorkedOutOfRangeIsRejected() { assertBenefitsError("months-worked-out-of-range.csv", [":2: column 'months_worked_24m'", "0-24", "'30'"]) }
    func testDuplicateSpellNamesBothLines() { assertBenefitsError("duplicate-spell.csv", [":3: column 'spell_start': duplicate spell", "line 2"]) }
    func testOverlappingSpellsNameBothLines() { assertBenefitsError("overlapping-spells.csv", [":3: column 'spell_start': spell overlaps", "line 2"]) }
    func testEmptyFileIsRejected() { assertBenefitsError("empty.csv", ["empty.csv: file is empty"]) }
    func testUTF16FileIsRejectedAsWrongEncoding() { assertBenefitsError("utf16.csv", ["NUL bytes", "UTF-8 or Windows-1252"]) }

    func testWindows1252SemicolonDutchHeadersAndDayFirstDatesAreRead() throws {
        let (b, _) = try readBenefits("windows-1252-semicolon.csv")
        XCTAssertEqual(b.encoding, .windows1252)
        XCTAssertEqual(b.spells.map(\.start), [CivilDate(year: 2011, month: 3, day: 1)!, CivilDate(year: 2011, month: 4, day: 1)!])
        XCTAssertEqual(b.spells[1].household, .singleParent) // "alleenstaande ouder": spaces equal underscores
        XCTAssertEqual(b.ignoredColumns, ["opmerking"])
    }

    func testByteOrderMarkAndCRLFAreRead() throws {
        XCTAssertEqual(try readBenefits("bom.csv").0.encoding, .utf8WithBOM)
        XCTAssertEqual(try readBenefits("bom.csv").0.spells.count, 1)
        XCTAssertEqual(try readBenefits("crlf.csv").0.spells.count, 2)
    }

    func testQuotedNewlinesKeepLineNumbersRight() {
        // The record after the two-line field starts on line 4; the bad one on line 5.
        assertBenefitsError("quoted-newline.csv", ["quoted-newline.csv:5: column 'education'", "'XBO'"])
    }

    func testExcludeModeCountsEveryDroppedRowByReason() throws {
        let (b, log) = try readBenefits("mixed-bad-rows.csv", policy: .exclude)
        XCTAssertEqual(b.spells.count, 1)
        XCTAssertEqual(b.rowsRead, 4)
        XCTAssertEqual(log.counts, [.malformedRecord: 2, .endBeforeStart: 1])
        XCTAssertEqual(b.spells.count + log.total, b.rowsRead) // nothing lost silently
    }

    /// A benefits export with bad rows in both halves, read as linkage reads it (in two halves
    /// side by side, no listener) and as one piece (a progress listener keeps the read whole):
    /// the same spells, counts, examples, persons left out, and under `--on-error fail` the same
    /// first error, with the line numbers of the whole file.
    func testReadingInTwoHalvesGivesWhatOneReadGives() throws {
        var rows = ["person_id,spell_start,spell_end,end_reason,birth_date,sex,education,household,months_worked_24m"]
        for i in 0..<400 {
            let start = i == 30 || i == 390 ? "2011-13-01" : "2011-0\(1 + i % 9)-01"
            let worked = i == 250 ? "30" : String(i % 25)
            rows.append("P\(1000 + i),\(start),2012-06-30,other,1970-01-01,M,MBO,single,\(worked)" + (i == 300 ? ",extra" : ""))
            if i == 200 { rows.append("") }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("two-halves-\(UUID().uuidString).csv")
        try (rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertEqual(try CSVReader(path: url.path).parts(2).count, 2, "the file is read in two halves")
        func read(inHalves: Bool, _ policy: ErrorPolicy) -> (Result<BenefitsReader.Result, Error>, ExclusionLog) {
            var log = ExclusionLog(policy: policy)
            let r = Result { try BenefitsReader.read(path: url.path, extractionDate: extraction, log: &log, progress: inHalves ? nil : { _ in }) }
            return (r, log)
        }
        let (halves, halvesLog) = read(inHalves: true, .exclude), (whole, wholeLog) = read(inHalves: false, .exclude)
        XCTAssertEqual(try halves.get().spells, try whole.get().spells)
        XCTAssertEqual(try halves.get().rowsRead, 400) // the blank line is no row
        XCTAssertEqual(try halves.get().rowsRead, try whole.get().rowsRead)
        XCTAssertEqual(halvesLog.counts, [.invalidDate: 2, .outOfRange: 1, .malformedRecord: 1])
        XCTAssertEqual(halvesLog.counts, wholeLog.counts)
        XCTAssertEqual(halvesLog.examples, wholeLog.examples)
        XCTAssertEqual(halvesLog.excludedPersons, wholeLog.excludedPersons)
        let failed = "\(read(inHalves: true, .fail).0)", failedWhole = "\(read(inHalves: false, .fail).0)"
        XCTAssert(failed.contains(":32: column 'spell_start'"), failed)
        XCTAssertEqual(failed, failedWhole)
    }

    private func readTrajectories(_ name: String) throws -> TrajectoriesReader.Result {
        var log = ExclusionLog(policy: .fail)
        let b = try BenefitsReader.read(path: Self.path("good-benefits.csv"), extractionDate: extraction, log: &log)
        return try TrajectoriesReader.read(path: Self.path(name), extractionDate: extraction, persons: PersonSpells(b.spells).ids, log: &log)
    }

    func testTrajectoriesWithDutchInstrumentNamesAreRead() throws {
        XCTAssertEqual(try readTrajectories("good-trajectories.csv").trajectories.map(\.instrument), [.matching, .schooling])
    }

    func testTrajectoryOfAPersonWithoutBenefitsIsRejectedWithoutShowingTheID() {
        XCTAssertThrowsError(try readTrajectories("trajectory-without-person.csv")) { e in
            XCTAssert("\(e)".contains(":2: column 'person_id': no benefit spell for this person"), "\(e)")
            XCTAssertFalse("\(e)".contains("'Z'"), "\(e)")
        }
    }

    func testTrajectoryStartingAfterTheSpellEndedIsKept() throws {
        let t = try readTrajectories("trajectory-after-leaving-benefit.csv")
        XCTAssertEqual(t.trajectories.map(\.instrument), [.wageSubsidy])
    }

    func testUnknownInstrumentIsRejected() {
        XCTAssertThrowsError(try readTrajectories("unknown-instrument.csv")) { e in
            XCTAssert("\(e)".contains("column 'instrument': unknown instrument code"), "\(e)")
        }
    }

    func testNoFileOfTheCorpusCrashesTheReader() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.dir.path) {
            var log = ExclusionLog(policy: .exclude)
            _ = try? BenefitsReader.read(path: Self.path(name), extractionDate: extraction, log: &log)
        }
    }
}

final class CivilDateTests: XCTestCase {
    func testAcceptedDateForms() {
        let d = CivilDate(year: 2011, month: 3, day: 5)!
        XCTAssertEqual(CivilDate.parse("2011-03-05"), d)
        XCTAssertEqual(CivilDate.parse("05-03-2011"), d)
        XCTAssertEqual(CivilDate.parse("5-3-2011"), d)
        XCTAssertEqual(CivilDate.parse("05/03/2011"), d)
        XCTAssertNil(CivilDate.parse("2011/03/05"))
        XCTAssertNil(CivilDate.parse("29-02-2011"))
        XCTAssertEqual(CivilDate.parse("29-02-2012"), CivilDate(year: 2012, month: 2, day: 29))
    }

    func testDayNumbersRoundTrip() {
        for n in stride(from: -30_000, to: 60_000, by: 37) { XCTAssertEqual(CivilDate(dayNumber: n).dayNumber, n) }
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber, 0)
    }

    func testMonthsAreCountedOnAnniversariesAndClampedAtMonthEnd() {
        let d = CivilDate(year: 2011, month: 1, day: 31)!
        XCTAssertEqual(d.addingMonths(1), CivilDate(year: 2011, month: 2, day: 28))
        XCTAssertEqual(d.wholeMonths(to: CivilDate(year: 2011, month: 2, day: 27)!), 0)
        XCTAssertEqual(d.wholeMonths(to: CivilDate(year: 2011, month: 2, day: 28)!), 1)
        XCTAssertEqual(CivilDate(year: 2011, month: 3, day: 17)!.wholeMonths(to: CivilDate(year: 2011, month: 4, day: 16)!), 0)
    }

    /// `CohortBuilder.benefitHistory` sets each spell's anniversaries by month arithmetic: it must
    /// give what testing every anniversary gives, for inflows at month ends and in a leap February,
    /// and spells that start or end on an anniversary, a day either side of one, or run on.
    func testBenefitHistoryHasExactlyTheAnniversariesInASpell() {
        let followup = 40
        for inflow in [CivilDate(year: 2011, month: 1, day: 31)!, CivilDate(year: 2012, month: 1, day: 29)!,
                       CivilDate(year: 2011, month: 12, day: 31)!, CivilDate(year: 2011, month: 3, day: 17)!] {
            func anniversary(_ m: Int, _ days: Int = 0) -> CivilDate { inflow.addingMonths(m).addingDays(days) }
            func spell(_ start: CivilDate, _ end: CivilDate?) -> BenefitSpell {
                BenefitSpell(personID: "A", start: start, end: end, endReason: nil, birthDate: nil, ageAtStart: 30, sex: .male,
                             education: .mbo, household: nil, monthsWorked24m: 0, line: 2)
            }
            let histories = [
                [spell(inflow, anniversary(3)), spell(anniversary(5, 1), anniversary(9, -1)), spell(anniversary(12), nil)],
                [spell(inflow, anniversary(2, -1)), spell(anniversary(2, 1), anniversary(3, 1)), spell(anniversary(20, -1), anniversary(20, -1)),
                 spell(anniversary(30, 5), nil)],
                [spell(inflow, inflow), spell(anniversary(1, -1), anniversary(1, 1)), spell(anniversary(39), anniversary(45))],
            ]
            for spells in histories {
                let expected = (0...followup).map { m in spells.contains { $0.contains(anniversary(m)) } }
                XCTAssertEqual(CohortBuilder.benefitHistory(inflow: inflow, followup: followup, spells: spells, spells.indices), expected, "\(inflow)")
            }
        }
    }
}
