import Foundation
import Reports
import XCTest

final class PublishedFiguresTests: XCTestCase {
    static let dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data").path

    private func published() throws -> PublishedData { try PublishedData(dataDirectory: Self.dataDirectory) }

    /// Issue acceptance: `reval verify` passes and covers at least 40 figures from at least four of the five seeds.
    func testEveryPublishedFigureIsReproducedOrExplainedBySourceInconsistency() throws {
        let report = try published().verify()
        let mismatches = report.figures.filter { $0.status == .mismatch }.map { "\($0.id): published \($0.published), computed \($0.computed)" }
        XCTAssertEqual(mismatches, [])
        XCTAssertGreaterThanOrEqual(report.figures.count, 40)
        XCTAssertGreaterThanOrEqual(report.documents.count, 4)
    }

    /// 004 appendix B: 65,4 / 42,8 / 2.356 are figures verify checks against reval apply.
    func testAppendixBFiguresMatch() throws {
        let report = try published().verify()
        for id in ["004-appB-total-2y", "004-appB-total-8y", "004-appB-months", "004-s2.6-months", "004-s2.6-placed-by"] {
            XCTAssertEqual(report.figures.first { $0.id == id }?.status, .match, id)
        }
    }

    /// Every BUIG cell of both chapter-6 tables of 000 is reproduced to the euro.
    func testEveryBUIGCellOf000Chapter6IsReproducedToTheEuro() throws {
        let report = try published().verify()
        let buig = report.figures.filter { $0.id.hasPrefix("000-base-") || ($0.id.hasPrefix("000-scen-") && $0.finding == nil) }
        XCTAssertEqual(buig.count, 29) // 12 baseline cells, 16 scenario cells, the 2022 deficit repeated in the text
        for f in buig { XCTAssertLessThanOrEqual(abs(f.difference), 0.5, f.id) }
    }

    /// 002 section 6.1: the 2020 and 2021 totals are € 120.000 short of their parts; never corrected to match.
    func testInconsistentSourceFigureIsFlaggedNotCorrected() throws {
        let report = try published().verify()
        let f = try XCTUnwrap(report.figures.first { $0.id == "002-total-2020" })
        XCTAssertEqual(f.status, .sourceInconsistent)
        XCTAssertEqual(f.publishedValue, 1_244_541)
        XCTAssertEqual(f.computed, 1_364_541)
    }

    func testAuditFindsTheKnownInconsistenciesOfTheSeeds() throws {
        let findings = Set(try published().audit().filter { $0.status == .finding }.map(\.id))
        XCTAssertEqual(findings, ["004-t4.1-stockflow-2009-2013", "004-appB-total-2y-exact", "004-iwi-leiden-work-7w",
                                  "004-iwi-leiden-work-after-7w", "000-scen-budget-2020", "002-total-2020", "002-total-2021",
                                  "004-iwi-160", "000-rob-own-risk", "004-t4.1-growth-text", "003-national-fall-2019"])
    }

    /// Issue #15 item 7: a match is within half a unit of the last digit printed, whatever precision figures.csv states.
    func testAMatchIsWithinThePrintedNumbersOwnRounding() throws {
        let report = try published().verify()
        for f in report.figures where f.status == .match {
            XCTAssertEqual(f.precision, PrintedNumber.unit(f.published), f.id)
            XCTAssertLessThanOrEqual(abs(f.difference), f.precision / 2 + 1e-9 * abs(f.publishedValue), f.id)
        }
    }

    /// 003 chapter 1 prints "bijna 20.000" for a national fall of 17.840: 11% off is source_inconsistent, never a match.
    func testAnElevenPercentDifferenceIsNotAMatch() throws {
        let f = try XCTUnwrap(try published().verify().figures.first { $0.id == "003-national-2019" })
        XCTAssertEqual(f.status, .sourceInconsistent)
        XCTAssertEqual(try XCTUnwrap(f.relativeDifference), -0.108, accuracy: 0.001)
    }

    func testStockFlowWithinRoundingIsConsistent() throws {
        let r = try XCTUnwrap(try published().audit().first { $0.id == "004-t4.1-stockflow-2011" })
        XCTAssertEqual(r.status, .consistent) // off by 20 with four cells rounded to tens: within 4 × 5
        XCTAssertEqual(r.tolerance, 20)
    }
}

final class PrintedNumberTests: XCTestCase {
    func testDutchThousandsAndDecimalComma() {
        XCTAssertEqual(PrintedNumber.parse("€ 24.729.914"), 24_729_914)
        XCTAssertEqual(PrintedNumber.parse("- € 3.474.535"), -3_474_535)
        XCTAssertEqual(PrintedNumber.parse("€ -584.896"), -584_896)
        XCTAssertEqual(PrintedNumber.parse("65,4"), 65.4)
        XCTAssertEqual(PrintedNumber.parse("0,4%"), 0.4)
        XCTAssertEqual(PrintedNumber.parse("2.356"), 2356)
        XCTAssertEqual(PrintedNumber.parse("210.000*"), 210_000)
    }

    func testTheUnitOfAPrintedNumberIsItsLastDigit() {
        XCTAssertEqual(PrintedNumber.unit("11,1"), 0.1)
        XCTAssertEqual(PrintedNumber.unit("2.356"), 1)
        XCTAssertEqual(PrintedNumber.unit("42%"), 1)
        XCTAssertEqual(PrintedNumber.unit("0,4%"), 0.1)
        XCTAssertEqual(PrintedNumber.unit("4.1"), 0.1)
        XCTAssertEqual(PrintedNumber.unit("€ 906.000"), 1)
    }

    func testAPointNotFollowedByThreeDigitsIsADecimalPoint() {
        XCTAssertEqual(PrintedNumber.parse("4.1"), 4.1)
        XCTAssertNil(PrintedNumber.parse("1.2.3"))
        XCTAssertNil(PrintedNumber.parse("geen verschil"))
    }
}

final class ExpressionTests: XCTestCase {
    private func eval(_ text: String, cells: [String: Double] = [:]) throws -> Double {
        try Expression.parse(text).evaluate(resolve: { cells[$0]! }) { name, _, pos in
            name == "max" ? pos.max()! : .nan
        }
    }

    func testPrecedenceAndParentheses() throws {
        XCTAssertEqual(try eval("1 + 2 * 3"), 7)
        XCTAssertEqual(try eval("(1 + 2) * 3"), 9)
        XCTAssertEqual(try eval("-2 * -3"), 6)
        XCTAssertEqual(try eval("561 / 100 * 11.1"), 62.271, accuracy: 1e-12)
    }

    func testCellReferencesAndFunctionCalls() throws {
        XCTAssertEqual(try eval("[a@2019] - max(1, [b@x], 3)", cells: ["a@2019": 10, "b@x": 4]), 6)
        XCTAssertEqual(try Expression.parse("f(x=[t:r@c], y='k l', z=word)").references, ["t:r@c"])
    }

    func testSyntaxErrorsAreReported() {
        XCTAssertThrowsError(try Expression.parse("1 +"))
        XCTAssertThrowsError(try Expression.parse("(1"))
        XCTAssertThrowsError(try Expression.parse("[a@b"))
    }
}
