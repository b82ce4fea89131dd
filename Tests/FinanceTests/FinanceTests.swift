import Finance
import XCTest

final class BreakEvenTests: XCTestCase {
    /// 004 section 2.6: € 511.000 + 160 × € 1.800 = € 799.000 = 634 months ≈ 4 months ≈ 17 weeks; placed by ≈ week 8.
    func testLeidseKrachtBreakEvenOf004Section2_6() throws {
        let b = try BreakEven(.init(fixedCost: 511_000, bonusPerPlacement: 1_800, placements: 160, monthlyBenefit: 1_260,
                                    spontaneousOutflowWeek: 24.7, entryWeek: 7, maximumVariableCost: 395_000))
        XCTAssertEqual(b.bonusTotal, 288_000)
        XCTAssertEqual(b.cost, 799_000)
        XCTAssertEqual(b.benefitMonthsToSave.rounded(), 634)
        XCTAssertEqual(b.monthsPerParticipant.rounded(), 4)
        XCTAssertEqual(b.weeksPerParticipant.rounded(), 17)
        XCTAssertEqual(b.placedByWeek.rounded(), 8)
        XCTAssertLessThanOrEqual(b.weeksAfterEntry, 1)
        XCTAssertEqual(b.bonusesWithinVariableBudget, true)
    }

    func testZeroPlacementsIsRejected() {
        XCTAssertThrowsError(try BreakEven(.init(fixedCost: 1, bonusPerPlacement: 1, placements: 0, spontaneousOutflowWeek: 1, entryWeek: 0)))
    }
}

final class BUIGTests: XCTestCase {
    /// 000 chapter 6, baseline 2019: deficit 14 % of the budget, own risk = 10 % of the budget.
    func testOwnRiskAboveTwelveAndAHalfPercentIsTenPercentOfBudget() throws {
        let s = try BUIGSettlement(budget: 24_729_914, netSpending: 28_204_449)
        XCTAssertEqual(s.balance, -3_474_535)
        XCTAssertEqual(s.ownRisk.rounded(), 2_472_991)
        XCTAssertEqual(s.safetyNet.rounded(), 1_001_544)
    }

    /// 000 chapter 6, scenario 2019: deficit 12,2 %: 7,5 % plus half of the rest.
    func testOwnRiskBetweenSevenAndAHalfAndTwelveAndAHalfPercentSharesHalf() throws {
        let s = try BUIGSettlement(budget: 24_729_914, netSpending: 27_754_449)
        XCTAssertEqual(s.ownRisk.rounded(), 2_439_639)
        XCTAssertEqual(s.safetyNet.rounded(), 584_896)
    }

    func testDeficitBelowSevenAndAHalfPercentIsAllOwnRisk() throws {
        let s = try BUIGSettlement(budget: 25_668_953, netSpending: 27_472_046)
        XCTAssertEqual(s.ownRisk, s.deficit)
        XCTAssertEqual(s.safetyNet, 0)
    }

    func testSurplusHasNoOwnRiskOrSafetyNet() throws {
        let s = try BUIGSettlement(budget: 100, netSpending: 90)
        XCTAssertEqual(s.deficit, 0)
        XCTAssertEqual(s.ownRisk, 0)
        XCTAssertEqual(s.balance, 10)
    }

    /// 000 chapter 6: the scenario lowers spending by 30 × € 15.000 more each year.
    func testScenarioLowersSpendingCumulatively() throws {
        let p = try BUIGProjection(years: [2019, 2020], budgets: [24_729_914, 24_840_389], netSpending: [28_204_449, 28_330_049],
                                   clientsPerYear: 30, costPerClientYear: 15_000)
        XCTAssertEqual(p.scenario!.map(\.netSpending), [27_754_449, 27_430_049])
    }

    func testMismatchedYearsAndBudgetsAreRejected() {
        XCTAssertThrowsError(try BUIGProjection(years: [2019], budgets: [1, 2], netSpending: [1]))
    }
}

final class SavingsTests: XCTestCase {
    /// 000 chapter 5: 30-50 clients a year at € 15.000: € 450.000-750.000 a year, € 1,8-3,0 million after 4 years.
    func testStockReductionOf000Chapter5() throws {
        XCTAssertEqual(try StockReduction(clientsPerYear: 30, costPerClientYear: 15_000, years: 4).spendingReductionByYear,
                       [450_000, 900_000, 1_350_000, 1_800_000])
        XCTAssertEqual(try StockReduction(clientsPerYear: 50, costPerClientYear: 15_000, years: 4).spendingReductionByYear.last, 3_000_000)
    }

    /// 003 chapter 1 table 1: 1.846 → 1.781 in 2019, −65, target of 30 met.
    func testStockSeriesOf003Table1() throws {
        let s = try StockSeries(years: [2018, 2019], stock: [1_846, 1_781], targetReduction: 30, costPerClientYear: 15_000)
        XCTAssertEqual(s.years[1].reduction, 65)
        XCTAssertEqual(s.years[1].targetMet, true)
        XCTAssertEqual(s.years[1].spendingReduction, 975_000)
    }

    /// 001 appendix 1: € 13.000 / 6.500 / 3.250 / 1.625.
    func testNotionalSavingNormsOf001Appendix1() {
        let n = NotionalSavings()
        XCTAssertEqual([n.fullTimeFirstHalf, n.fullTimeSecondHalf, n.partTimeFirstHalf, n.partTimeSecondHalf], [13_000, 6_500, 3_250, 1_625])
        XCTAssertEqual(n.total(fullTimeFirstHalf: 1, fullTimeSecondHalf: 1, partTimeFirstHalf: 1, partTimeSecondHalf: 1), 24_375)
    }
}
