import Foundation
import Cohort
import Finance
import Published
import Reports
import XCTest

/// `text` written to a file `name` in a fresh temporary folder, never into Data/.
func temporaryFile(_ name: String, _ text: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("published-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

final class PublishedFiguresTests: XCTestCase {
    static let dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data").path

    /// The seed documents, `../shared/seeds` beside the repository root.
    static let seedsDirectory = URL(fileURLWithPath: dataDirectory).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/seeds").path

    private func published() throws -> PublishedData { try PublishedData(dataDirectory: Self.dataDirectory) }

    private func sections() throws -> SeedSections {
        try SeedSections(path: Self.dataDirectory + "/published/sections.csv", seeds: Self.seedsDirectory)
    }

    /// Issue #16 acceptance: `reval verify` passes and covers at least 140 figures from all five seeds.
    func testEveryPublishedFigureIsReproducedOrExplainedBySourceInconsistency() throws {
        let report = try published().verify()
        let mismatches = report.figures.filter { $0.status == .mismatch }.map { "\($0.id): published \($0.published), computed \($0.computed)" }
        XCTAssertEqual(mismatches, [])
        XCTAssertGreaterThanOrEqual(report.figures.count, 140)
        XCTAssertEqual(report.documents, ["000", "001", "002", "003", "004"])
    }

    /// Issue #16 item 1: every figure's quote stands in the section it cites, and holds the figure as printed.
    func testEveryFigureIsPrintedInTheSectionItCites() throws {
        var s = try sections()
        let problems = try published().figures.compactMap { CitationCheck.check(figure: $0, sections: &s) }
        XCTAssertEqual(problems.map(\.description), [])
    }

    /// Every number quoted from running text, and every cell of an entered table, stands in its cited section.
    func testEveryRunningTextNumberAndTableCellIsPrintedInItsSection() throws {
        var s = try sections()
        XCTAssertEqual(CitationCheck.run(data: try published(), sections: &s).map(\.description), [])
    }

    /// 004: the IWI 2007 box stands in section 2.6; a citation of 2.3 for its 47% must fail.
    func testACitationOfTheWrongSectionIsReported() throws {
        var s = try sections()
        let f = try XCTUnwrap(try published().figures.first { $0.id == "004-iwi-outflow" })
        XCTAssertNil(CitationCheck.check(figure: f, sections: &s))
        let moved = PublishedFigure(id: f.id, document: f.document, section: "2.3", place: f.place, quote: f.quote,
                                    quantity: f.quantity, published: f.published, publishedValue: f.publishedValue,
                                    precision: f.precision, computation: f.computation, finding: f.finding, line: f.line)
        XCTAssertEqual(CitationCheck.check(figure: moved, sections: &s)?.problem, "quote '47% binnen een jaar uitgestroomd' is not in the section")
    }

    /// A quote that is in the section but does not hold the published number is a wrong citation too.
    func testAQuoteWithoutThePublishedNumberIsReported() throws {
        var s = try sections()
        let f = try XCTUnwrap(try published().figures.first { $0.id == "004-s2.6-months" })
        let wrong = PublishedFigure(id: f.id, document: f.document, section: f.section, place: f.place, quote: f.quote,
                                    quantity: f.quantity, published: "635", publishedValue: 635, precision: f.precision,
                                    computation: f.computation, finding: f.finding, line: f.line)
        XCTAssertEqual(CitationCheck.check(figure: wrong, sections: &s)?.problem, "quote '634 maanden uitkering' does not contain the printed '635'")
    }

    /// A section whose heading words are not in the seed is a one-line error naming sections.csv, its line, column and value.
    func testASectionThatCannotBeFoundNamesTheFileLineColumnAndValue() throws {
        let path = try temporaryFile("sections.csv", "document;section;title;start;end\n004_eab627baab801863.txt;2.5;Is iedereen bemiddelbaar;2.5 Is iedereen die uitstroomt;\n")
        var s = try SeedSections(path: path, seeds: Self.seedsDirectory)
        XCTAssertThrowsError(try s.text(document: "004_eab627baab801863.txt", section: "2.5")) { e in
            XCTAssertEqual("\(e)", "\(path):2: column 'start': not found in 004_eab627baab801863.txt (value '2.5 Is iedereen die uitstroomt')")
        }
    }

    /// 001: the budget lines stand in chapter 2 (before 2.1), not in chapter 1.
    func testThe001BudgetTableIsCitedInChapter2() throws {
        let f = try XCTUnwrap(try published().figures.first { $0.id == "001-budget-total" })
        XCTAssertEqual(f.section, "2")
        XCTAssertEqual(try published().tables["001-budget-2017"]?.section.hasPrefix("2 "), true)
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
        XCTAssertEqual(buig.count, 30) // 12 baseline cells, 16 scenario cells, the 2022 deficits of both tables repeated in the text
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
        let tables: Set = ["004-t4.1-stockflow-2009-2013", "004-appB-total-2y-exact", "004-iwi-leiden-work-7w",
                           "004-iwi-leiden-work-after-7w", "000-scen-budget-2020", "002-total-2020", "002-total-2021",
                           "004-iwi-160", "000-rob-own-risk", "004-t4.1-growth-text", "003-national-fall-2019",
                           "004-t2.1-uitzendbureau-vs-leidse-kracht"]
        let text: Set = ["004-A-60-vs-appB", "004-summary-2.6-week", "004-summary-2.6-first-bonus", "004-summary-2.4-9pct-vs-2.6",
                         "004-summary-2.4-90pct", "004-s3.10-40-vs-appB", "004-fig4.1-130-vs-summary-135",
                         "004-s4.1-wajong-125-vs-120", "004-summary-4.1-130-vs-body-125", "004-s5.1-185-vs-summary-190",
                         "004-A-150-vs-summary-135", "004-A-200-vs-summary-190", "004-s4.1-ruim-90pct", "004-s4.1-130",
                         "004-s4.1-80", "004-s4.1-50", "004-s4.1-1200", "004-s5.1-ruim-50", "004-intermezzo-shares",
                         "004-appB-matching-8y-vs-work-history", "004-appB-matching-months-vs-work-history",
                         "000-ch3-duration-sum", "000-ch3-refugees-pct", "001-2.3.1-norm-per-benefit",
                         "002-garantiebanen-year-vs-000", "003-goal-saving"]
        XCTAssertEqual(findings.subtracting(tables.union(text)).filter { !$0.hasPrefix("effects:") }, [])
        XCTAssertEqual(tables.union(text).subtracting(findings), [])
    }

    /// 004 chapter 2 summary prints week 5 where body 2.6 computes week 8: both places, both numbers, the gap, no rounding excuse.
    func testATextFindingGivesBothLocationsBothNumbersAndTheGap() throws {
        let r = try XCTUnwrap(try published().audit().first { $0.id == "004-summary-2.6-week" })
        XCTAssertEqual(r.status, .finding)
        XCTAssertEqual(r.printedLocations, ["004 §2 (samenvatting), summary 2.6"])
        XCTAssertEqual(r.expectedLocations, ["004 §2.6 (En kost ook geld, Leidse Kracht kost waarschijnlijk meer)"])
        XCTAssertEqual(r.printed, 5)
        XCTAssertEqual(r.expected, 8)
        XCTAssertEqual(r.difference, -3)
        XCTAssertEqual(r.explainedByRounding, false)
    }

    /// 004 section 4.1: 'ongeveer 130' Wajongers against 139 × 94% = 130,7 is a finding that rounding explains.
    func testAnApproximateFigureIsAFindingThatRoundingExplains() throws {
        let r = try XCTUnwrap(try published().audit().first { $0.id == "004-s4.1-130" })
        XCTAssertEqual(r.status, .finding)
        XCTAssertEqual(r.explainedByRounding, true)
        XCTAssertEqual(try XCTUnwrap(r.expected), 130.66, accuracy: 1e-9)
    }

    /// 004 appendix B: the matching average of 4,2 months lies below both work-history subgroups of table B.1 (6,1 and 4,6).
    func testAnAverageOutsideItsSubgroupRangeIsAFinding() throws {
        let audit = try published().audit()
        let months = try XCTUnwrap(audit.first { $0.id == "004-appB-matching-months-vs-work-history" })
        XCTAssertEqual(months.status, .finding)
        XCTAssertEqual(try XCTUnwrap(months.difference), -0.4, accuracy: 1e-9)
        XCTAssertEqual(audit.first { $0.id == "004-appB-matching-months-vs-education" }?.status, .consistent)
    }

    /// 000 chapter 3: 1.929 clients, but the duration classes add up to 1.927; counts leave no rounding.
    func testAPrintedTotalAgainstItsPartsIsAFinding() throws {
        let r = try XCTUnwrap(try published().audit().first { $0.id == "000-ch3-duration-sum" })
        XCTAssertEqual(r.status, .finding)
        XCTAssertEqual(r.difference, 2)
        XCTAssertEqual(r.explainedByRounding, false)
        XCTAssertEqual(try published().audit().first { $0.id == "000-ch3-age-sum" }?.status, .consistent)
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

final class BUIGRuleBookTests: XCTestCase {
    private func book() throws -> BUIGRuleBook { try BUIGRuleBook(path: PublishedFiguresTests.dataDirectory + "/finance/buig-rules.csv") }

    /// 000 §6 footnote 23: the 2019 rule of the rule book gives the own risk of BUIGSettlement for every year of the table.
    func testThe2019To2022RulesAreFootnote23Of000() throws {
        for (year, budget, spending) in [(2019, 24_729_914.0, 28_204_449.0), (2022, 25_668_953, 29_272_046), (2022, 25_668_953, 27_472_046)] {
            let rule = try book().rule(year)
            XCTAssertEqual(rule.basis, .printed)
            let s = try BUIGSettlement(budget: budget, netSpending: spending)
            XCTAssertEqual(rule.ownRisk(budget: budget, deficit: spending - budget), s.ownRisk, accuracy: 1e-6)
        }
    }

    /// 000 §3: the 2017 own risk is 8,75% of the budget, a rule derived (and marked so) from the ROB figures.
    func testThe2017RuleIsDerivedAndCapsTheOwnRiskAt8Point75Percent() throws {
        let rule = try book().rule(2017)
        XCTAssertEqual(rule.basis, .derived)
        XCTAssertEqual(rule.maximumOwnRiskShare, 0.0875, accuracy: 1e-12)
    }

    func testAYearWithoutARuleIsAnErrorNamingTheFile() throws {
        XCTAssertThrowsError(try book().rule(2018)) { XCTAssert("\($0)".contains("buig-rules.csv"), "\($0)") }
    }

    func testABadPercentageIsAOneLineErrorWithFileLineColumnAndValue() throws {
        let path = try temporaryFile("buig-rules.csv", "year;full_risk_share;shared_risk_upper;shared_risk_fraction;basis;source\n2019;7,5;12,5%;50%;printed;000 §6\n")
        XCTAssertThrowsError(try BUIGRuleBook(path: path)) { e in
            XCTAssertEqual("\(e)", "\(path):2: column 'full_risk_share': not a percentage from 0% to 100% (value '7,5')")
        }
    }
}

final class StockDescriptionTests: XCTestCase {
    private func person(age: Int, followup: Int, onBenefit: (Int) -> Bool) -> CohortPerson {
        CohortPerson(inflowDate: CivilDate.parse("2010-01-01")!, age: age, sex: .female, educationLevel: .mbo, household: nil,
                     monthsWorked24m: 0, earlierSpells: 0, followupMonths: followup, firstExitDays: nil, endReason: nil,
                     onBenefit: (0...followup).map(onBenefit), instrumentStarts: [:], firstTrajectoryDays: nil)
    }

    func testAPersonOnBenefitOnTheDateCountsWithAgeAndDurationOnThatDate() {
        let s = StockDescription(persons: [person(age: 25, followup: 48) { _ in true }], on: CivilDate.parse("2013-01-01")!)
        XCTAssertEqual(s.persons, 1)
        XCTAssertEqual(s.ageGroups.first { $0.count == 1 }?.label, "27-39") // 25 at inflow + 3 years
        XCTAssertEqual(s.durationClasses.first { $0.count == 1 }?.label, "2 to 4 years") // 36 months
    }

    func testAReentryStartsANewRunOfBenefit() {
        let s = StockDescription(persons: [person(age: 30, followup: 48) { !(12..<18).contains($0) }], on: CivilDate.parse("2012-07-01")!)
        XCTAssertEqual(s.durationClasses.first { $0.count == 1 }?.label, "under 2 years") // back on benefit from month 18, 12 months
    }

    func testAPersonWhoseFollowUpEndsBeforeTheDateIsLeftOutAndCounted() {
        let s = StockDescription(persons: [person(age: 30, followup: 12) { _ in true }, person(age: 30, followup: 48) { $0 < 6 }],
                                 on: CivilDate.parse("2013-01-01")!)
        XCTAssertEqual(s.persons, 0)
        XCTAssertEqual(s.notObserved, 1)
    }

    /// 000 §3 (Bestandsanalyse): 47% of the 1.929 clients of 27 August 2018 are 50 or older, 8% under 27.
    func testThe000AgeTableGivesThePrintedShares() {
        let s = StockDescription(date: CivilDate.parse("2018-08-27")!, ageCounts: ["18-26": 149, "27-39": 429, "40-49": 453, "50-59": 537, "60+": 361],
                                 durationCounts: [:])
        XCTAssertEqual(s.persons, 1_929)
        XCTAssertEqual((100 * (s.share(s.ageGroups[3]).share! + s.share(s.ageGroups[4]).share!)).rounded(), 47)
        XCTAssertEqual((100 * s.share(s.ageGroups[0]).share!).rounded(), 8)
    }

    /// Small groups are suppressed in every format, with a complementary cell so they cannot be recovered from the total.
    func testSmallGroupsAreSuppressedInTheSummary() throws {
        let s = StockDescription(date: CivilDate.parse("2018-08-27")!, ageCounts: ["18-26": 3, "27-39": 40, "40-49": 45, "50-59": 50, "60+": 60],
                                 durationCounts: ["under 2 years": 98, "2 to 4 years": 50, "4 years or more": 50])
        let summary = StockSummary(s)
        XCTAssert(summary.text().contains("<10"), summary.text())
        XCTAssertFalse(summary.text().contains(" 3 "), summary.text())
        let json = try summary.json()
        XCTAssertFalse(json.contains("\"numerator\" : 3,"), json)
    }
}

final class ReturnOnInvestmentTests: XCTestCase {
    /// 004 §2.6: € 799.000 for 160 job-ready people is 634 benefit months, 4 per person.
    func testLeidseKrachtBreaksEvenAt634BenefitMonths() throws {
        let r = try ReturnOnInvestment(cost: 799_000, participants: 160)
        XCTAssertEqual(r.breakEvenBenefitMonths.rounded(), 634)
        XCTAssertEqual(r.breakEvenMonthsPerParticipant.rounded(), 4)
        XCTAssertNil(r.costPerExtraOutOfBenefit)
    }

    /// 004 appendix B effects: 561 matched, 7,2 more out of benefit per 100, 4,2 months each over 8 years.
    func testCostPerExtraPersonAndPaybackFollowFromTheEffects() throws {
        let r = try ReturnOnInvestment(cost: 1_000_000, participants: 561, extraOutOfBenefitPer100: 7.2, monthsSavedPerParticipant: 4.2)
        XCTAssertEqual(try XCTUnwrap(r.extraOutOfBenefit), 40.392, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(r.costPerExtraOutOfBenefit), 1_000_000 / 40.392, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(r.benefitMonthsSaved), 2_356.2, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(r.paybackMonths), 96 * 1_000_000 / (2_356.2 * 1_260), accuracy: 1e-9)
    }

    func testSavingsBelowTheCostHaveNoPaybackWithinTheHorizon() throws {
        XCTAssertNil(try ReturnOnInvestment(cost: 10_000_000, participants: 561, monthsSavedPerParticipant: 4.2).paybackMonths)
    }

    func testAnEffectAbove100PerHundredIsRejected() {
        XCTAssertThrowsError(try ReturnOnInvestment(cost: 1, participants: 1, extraOutOfBenefitPer100: 120))
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
