import Cohort
@testable import Effects
import XCTest

/// The outcome columns of a cell observed on the same rows share their match, their outcome
/// models' factorisation and, with equal censoring weights, their balance table
/// (`CellContext.estimates`). Sharing must change no figure: every column's row and balance
/// table are those it gets estimated alone.
final class SharedUnitsTests: XCTestCase {
    static let persons = SimulatedCohort.link(.national, persons: 3_000, seed: 5).persons

    /// The four dynamic estimates (matching and IPW, now vs waiting and now vs never) of the
    /// given outcomes and horizons, with one subgroup dimension so that cells of several sizes share.
    private func reports(_ outcomes: [CohortOutcome], _ horizons: [Int]) throws -> [CohortEffectReport] {
        let variants = [EstimationMethod.psm, .ipw].flatMap { method in [DynamicEstimand.nowVsWaiting, .nowVsNever].map { estimand in
            var o = CohortEstimationOptions(instrument: .matching)
            o.estimator.method = method
            o.dynamicEstimand = estimand
            o.outcomes = outcomes
            o.horizons = horizons
            o.dimensions = [.sex]
            o.effectPath = false
            o.sensitivity = false
            return o
        } }
        return try CohortEffectEstimator.estimate(Self.persons, variants: variants)
    }

    func testColumnsOnTheSameRowsGetTheEstimatesTheyGetAlone() throws {
        let together = try reports(CohortOutcome.standard, [24, 96])
        // What is shared: out_of_benefit at 24 and months_out_of_benefit at 24 and 96 are observed
        // on the same rows (their matches shared; their balance tables too, except now vs never
        // across horizons, whose censoring weights differ); out_of_benefit at 96 on fewer rows.
        func units(_ outcome: CohortOutcome, _ h: Int) -> [[Int]] {
            together[0].rows.filter { $0.outcome == outcome.rawValue && $0.horizonMonths == h }.map { [$0.nTreated, $0.nControlRows] }
        }
        XCTAssertEqual(units(.outOfBenefit, 24), units(.monthsOutOfBenefit, 24))
        XCTAssertEqual(units(.outOfBenefit, 24), units(.monthsOutOfBenefit, 96))
        XCTAssertNotEqual(units(.outOfBenefit, 24), units(.outOfBenefit, 96))
        for outcome in CohortOutcome.standard {
            for h in [24, 96] {
                let alone = try reports([outcome], [h])
                for (t, a) in zip(together, alone) {
                    let rows = t.rows.filter { $0.outcome == outcome.rawValue && $0.horizonMonths == h }
                    XCTAssert(rows.contains { $0.status == "estimate" }, "\(t.method) \(t.estimandID) \(outcome) \(h)")
                    XCTAssertEqual(rows, a.rows, "\(t.method) \(t.estimandID) \(outcome) \(h)")
                    XCTAssertEqual(t.balance.filter { $0.outcome == outcome.rawValue && $0.horizonMonths == h }, a.balance,
                                   "\(t.method) \(t.estimandID) \(outcome) \(h)")
                }
            }
        }
    }

    /// The effect path shares the headline match of a column observed on exactly its rows (out of
    /// benefit at its last month); without such a column it matches its rows itself. Both must
    /// give the same path, to the bit.
    func testThePathOnTheHeadlineMatchIsThePathMatchedAlone() throws {
        func reports(_ outcome: CohortOutcome) throws -> [CohortEffectReport] {
            let variants = [DynamicEstimand.nowVsWaiting, .nowVsNever].map { estimand in
                var o = CohortEstimationOptions(instrument: .matching)
                o.dynamicEstimand = estimand
                o.outcomes = [outcome]
                o.horizons = [24, 96]
                o.sensitivity = false
                return o
            }
            return try CohortEffectEstimator.estimate(Self.persons, variants: variants)
        }
        let sharing = try reports(.outOfBenefit), alone = try reports(.monthsOutOfBenefit)
        for (s, a) in zip(sharing, alone) {
            let path = try XCTUnwrap(s.effectPath, s.estimandID)
            XCTAssertEqual(path.points.last?.month, 96)
            // Out of benefit at 96 months is observed on the path's rows; months out of benefit on
            // every row, more than the path's (so that run's path has no match to share).
            let at96 = try XCTUnwrap(s.rows.first { $0.horizonMonths == 96 })
            let months96 = try XCTUnwrap(a.rows.first { $0.horizonMonths == 96 })
            XCTAssertEqual(path.nTreated, at96.nTreated - (at96.nTreatedDropped ?? 0), s.estimandID)
            XCTAssertGreaterThan(months96.nTreated, at96.nTreated, s.estimandID)
            XCTAssertEqual(s.effectPath, a.effectPath, s.estimandID)
        }
    }
}
