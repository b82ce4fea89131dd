@testable import Effects
import Foundation
import XCTest

final class EffectApplicationTests: XCTestCase {
    static let lammersPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/effects/lammers-2013.csv").path

    private func lammers() throws -> EffectApplication { EffectApplication(table: try EffectTable.read(path: Self.lammersPath)) }

    /// 004 appendix B (Berekening voor Leiden): 3,1 + 62,3 = 65,4 after 2 years; 2,4 + 40,4 = 42,8 after 8; 561 × 4,2 = 2.356 months.
    func testAverageModeReproducesAppendixBOf004() throws {
        let r = try lammers().applyAverage(counts: [("schooling", 102), ("matching", 561)], monthlyBenefit: MonthlyBenefit(gross: 1260, net: 840))
        XCTAssertEqual(r.extraOutOfBenefit2y, 65.4)
        XCTAssertEqual(r.extraOutOfBenefit8y, 42.8)
        XCTAssertEqual(r.benefitMonthsSaved, 2356)
        XCTAssertEqual(r.instruments.map { $0.extraOutOfBenefitShort.rounded }, [3.1, 62.3])
        XCTAssertEqual(r.instruments.map { $0.extraOutOfBenefitLong.rounded }, [2.4, 40.4])
    }

    func testTotalsAreSumsOfRoundedFiguresWhileExactTotalsAreKept() throws {
        let r = try lammers().applyAverage(counts: [("schooling", 102), ("matching", 561)], monthlyBenefit: MonthlyBenefit(gross: 1260, net: 840))
        XCTAssertEqual(r.extraOutOfBenefit2yExact!, 65.331, accuracy: 1e-9)
        XCTAssertEqual(Rounding.halfUp(r.extraOutOfBenefit2yExact!, step: 0.1), 65.3) // the source's 65,4 is a sum of rounded terms
    }

    func testEurosAreMonthsTimesGrossAndNetBenefit() throws {
        let r = try lammers().applyAverage(counts: [("matching", 561)], monthlyBenefit: MonthlyBenefit(gross: 1260, net: 840))
        XCTAssertEqual(r.eurosSaved!, 2356.2 * 1260, accuracy: 1e-6)
        XCTAssertEqual(r.eurosSavedNet!, 2356.2 * 840, accuracy: 1e-6)
    }

    func testTableWithoutStandardErrorsSaysNoUncertaintyAvailable() throws {
        let r = try lammers().applyAverage(counts: [("matching", 561)], monthlyBenefit: MonthlyBenefit(gross: 1260, net: 840))
        XCTAssertNil(r.extraOutOfBenefit2ySE)
        XCTAssert(r.uncertainty.contains("no uncertainty available"))
    }

    func testStandardErrorsPropagateAsIndependentTerms() throws {
        let table = EffectTable(file: "t.csv", rows: [
            EffectRow(instrument: "a", dimension: "all", subgroup: "all", outcome: .outOfBenefit, horizonMonths: 24, estimate: 10, standardError: 2, status: .estimate, source: "test"),
            EffectRow(instrument: "b", dimension: "all", subgroup: "all", outcome: .outOfBenefit, horizonMonths: 24, estimate: 5, standardError: 1, status: .estimate, source: "test"),
        ])
        let r = try EffectApplication(table: table).applyAverage(counts: [("a", 200), ("b", 100)], monthlyBenefit: MonthlyBenefit(gross: 1260, net: 840))
        XCTAssertEqual(r.extraOutOfBenefit2yExact!, 25, accuracy: 1e-12)
        XCTAssertEqual(r.extraOutOfBenefit2ySE!, (16.0 + 1.0).squareRoot(), accuracy: 1e-12) // (2·2)² + (1·1)²
    }

    func testCompositionUsesSubgroupEffectsAndZeroForNoDifference() throws {
        let r = try lammers().applyComposition(dimension: "education", cells: [("matching", [("low", 300), ("high", 261)])],
                                               monthlyBenefit: MonthlyBenefit(gross: 1260, net: 840))
        let m = r.instruments[0]
        let expectedLong: Double = 261 * 9.4 / 100 // low-educated: "geen verschil" = 0
        let expectedMonths: Double = 300 * 4.1 + 261 * 4.7
        XCTAssertEqual(m.extraOutOfBenefitLong.exact!, expectedLong, accuracy: 1e-9)
        XCTAssertEqual(m.benefitMonthsSaved.exact!, expectedMonths, accuracy: 1e-9)
        XCTAssertFalse(m.extraOutOfBenefitLong.cells.contains { $0.fellBackToAverage })
    }

    func testCompositionFallsBackToTheAverageForNotReportedCellsAndSaysSo() throws {
        let r = try lammers().applyComposition(dimension: "education", cells: [("schooling", [("low", 80), ("high", 22)])],
                                               monthlyBenefit: MonthlyBenefit(gross: 1260, net: 840))
        let long = r.instruments[0].extraOutOfBenefitLong
        let expected: Double = 80 * 11.5 / 100 + 22 * 2.4 / 100
        XCTAssertEqual(long.exact!, expected, accuracy: 1e-9)
        XCTAssertEqual(long.cells.filter(\.fellBackToAverage).map(\.subgroup), ["high"])
        XCTAssert(r.notes.contains { $0.contains("schooling high out_of_benefit 96m") })
    }

    func testUnknownInstrumentIsAnErrorListingTheKnownOnes() throws {
        XCTAssertThrowsError(try lammers().applyAverage(counts: [("coaching", 10)], monthlyBenefit: MonthlyBenefit(gross: 1260, net: 840))) { e in
            XCTAssert("\(e)".contains("no effects for instrument 'coaching'; the table has: matching, schooling"), "\(e)")
        }
    }
}
