@testable import Cohort
import Foundation
import XCTest

/// Built-in Dutch spellings, a municipality's codes file, and the messages for values neither knows (issue #12 item 2).
final class CodesTests: XCTestCase {
    func testDutchEducationSpellingsAreBuiltInTheCBSWay() {
        let expected: [(String, EducationLevel, String)] = [
            ("Basisonderwijs", .bo, "low"), ("Praktijkonderwijs", .lbo, "low"), ("VMBO-BB", .vmbo, "low"), ("vmbo-tl", .vmbo, "low"),
            ("VMBO kader", .vmbo, "low"), ("MAVO", .mavo, "low"), ("MBO 1", .mbo1, "low"), ("Entreeopleiding", .mbo1, "low"),
            ("MBO 2", .mbo, "high"), ("mbo-4", .mbo, "high"), ("HAVO", .havo, "high"), ("Gymnasium", .vwo, "high"),
            ("HBO-bachelor", .hbo, "high"), ("Bachelor", .hbo, "high"), ("WO master", .wo, "high"), ("Master", .wo, "high"),
            ("  onbekend ", .unknown, "unknown"),
        ]
        for (spelling, level, group) in expected {
            XCTAssertEqual(EducationLevel.parse(spelling), level, spelling)
            XCTAssertEqual(EducationLevel.parse(spelling)?.group, group, spelling)
        }
    }

    func testDutchSpellingsOfTheOtherColumnsAreBuiltIn() {
        XCTAssertEqual(Sex.parse("Vrouw"), .female)
        XCTAssertEqual(Sex.parse("man"), .male)
        XCTAssertEqual(EndReason.parse("Werkaanvaarding"), .work)
        XCTAssertEqual(EndReason.parse("detentie"), .other)
        XCTAssertEqual(Household.parse("Eenoudergezin"), .singleParent)
        XCTAssertEqual(Instrument.parse("Gerichte matching"), .matching)
        XCTAssertEqual(Instrument.parse("no-risk-polis"), .noRiskPolicy)
    }

    func testParseKnowsOnlyBuiltInInstruments() {
        XCTAssertNil(Instrument.parse("loonkostensubsidie"))
        XCTAssertEqual(Instrument(rawValue: "loonkostensubsidie")?.isBuiltIn, false)
        XCTAssertNil(Instrument(rawValue: "Loonkosten subsidie"), "ids are lower-case letters, digits and _")
    }

    func testCodesFileMapsLocalSpellingsCaseInsensitivelyAndTrimmed() throws {
        let book = try CodeBook(file: "codes.toml", tables: ["education": ["HBO-B": "HBO"], "instrument": ["Jobhunting via WSP": "matching"]])
        XCTAssertEqual(book.code(" hbo-b ", as: EducationLevel.self), .hbo)
        XCTAssertEqual(book.code("JOBHUNTING VIA WSP", as: Instrument.self), .matching)
        XCTAssertEqual(book.code("Basisonderwijs", as: EducationLevel.self), .bo, "built-in spellings still apply")
    }

    func testCodesFileMayIntroduceANewInstrument() throws {
        let book = try CodeBook(file: "codes.toml", tables: ["instrument": ["Loonkostensubsidie": "wage_cost_subsidy"]])
        XCTAssertEqual(book.code("loonkostensubsidie", as: Instrument.self), Instrument(rawValue: "wage_cost_subsidy"))
    }

    func testCodesFileTableMustBeACodedColumn() {
        XCTAssertThrowsError(try CodeBook(file: "codes.toml", tables: ["opleiding": ["x": "HBO"]])) { e in
            XCTAssert("\(e)".hasPrefix("codes.toml: column 'opleiding': unknown table in the codes file"), "\(e)")
        }
    }

    func testCodesFileTargetMustBeACodeOfItsColumn() {
        XCTAssertThrowsError(try CodeBook(file: "codes.toml", tables: ["education": ["Hoog": "high"]])) { e in
            XCTAssert("\(e)".hasPrefix("codes.toml: column 'education.\"Hoog\"': not a code of education"), "\(e)")
            XCTAssert("\(e)".contains("(value 'high')"), "\(e)")
        }
    }

    func testUnknownValueSaysToAddItToTheCodesFile() {
        let m = CodeBook.builtIn.unknownCodeMessage("Loonkostensubsidie", as: Instrument.self)
        XCTAssert(m.hasPrefix("unknown instrument code; add it to the codes file under [instrument]"), m)
    }

    func testNearSpellingOfOneCodeGetsADidYouMean() {
        XCTAssert(CodeBook.builtIn.unknownCodeMessage("HAVOO", as: EducationLevel.self).contains("did you mean 'HAVO'?"))
        XCTAssert(CodeBook.builtIn.unknownCodeMessage("Basisonderwjis", as: EducationLevel.self).contains("did you mean 'basisonderwijs'?"))
    }

    func testLettersNextToDigitsReadAsOneSpelling() {
        for spelling in ["MBO4", "mbo-4", "MBO 4", "MBO_4"] { XCTAssertEqual(EducationLevel.parse(spelling), .mbo, spelling) }
        XCTAssertEqual(EducationLevel.parse("MBO1"), .mbo1)
        XCTAssertEqual(EducationLevel.parse("VMBO-GT"), .vmbo)
    }

    func testTheREADMEListsEveryBuiltInSpelling() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md").standardizedFileURL,
                                encoding: .utf8).lowercased()
        let spellings = EducationLevel.builtInSpellings.map(\.spelling) + Sex.builtInSpellings.map(\.spelling) + EndReason.builtInSpellings.map(\.spelling)
            + Household.builtInSpellings.map(\.spelling) + Instrument.builtInSpellings.map(\.spelling)
        for s in spellings { XCTAssert(readme.contains(s.lowercased()), "README does not list '\(s)'") }
    }

    func testNoDidYouMeanAcrossMeanings() {
        // Far from every spelling: no guess (it used to suggest job_search_training).
        XCTAssertFalse(CodeBook.builtIn.unknownCodeMessage("Jobhunting via WSP", as: Instrument.self).contains("did you mean"))
        // One edit from BO, LBO, HBO and WO alike: ambiguous, so no guess.
        XCTAssertFalse(CodeBook.builtIn.unknownCodeMessage("XBO", as: EducationLevel.self).contains("did you mean"))
        XCTAssertFalse(CodeBook.builtIn.unknownCodeMessage("HBO-docent", as: EducationLevel.self).contains("did you mean"))
    }
}
