import Cohort
import CohortSimulation
@testable import Effects
import Foundation
import XCTest

/// Issue #11 item 2: covariates the user names enter the propensity model by content alone.
final class UserCovariateTests: XCTestCase {
    /// Persons alike in everything but the named covariates.
    private func persons(_ values: [[String?]], names: [String]) -> [CohortPerson] {
        values.map { v in
            CohortPerson(inflowDate: CivilDate(year: 2011, month: 3, day: 1)!, age: 30, sex: .male, educationLevel: .mbo, household: .single,
                         monthsWorked24m: 0, earlierSpells: 0, followupMonths: 12, firstExitDays: nil, endReason: nil,
                         onBenefit: Array(repeating: true, count: 13), instrumentStarts: [:], firstTrajectoryDays: nil,
                         covariates: zip(names, v).map { NamedCovariate(name: $0, value: $1) })
        }
    }

    func testReferenceIsTheMostFrequentLevelWhateverTheRowOrder() throws {
        let values: [[String?]] = Array(repeating: ["Zuid"], count: 3) + Array(repeating: ["Noord"], count: 5) + Array(repeating: ["Oost"], count: 4)
        for order in [values, values.reversed()] {
            let d = try UserCovariateDesign(persons: persons(order, names: ["district"]), names: ["district"], minimumLevel: 1)
            XCTAssertEqual(d.names, ["district=Oost", "district=Zuid"])
        }
    }

    func testLevelsHeldByFewPersonsArePooled() throws {
        let values: [[String?]] = Array(repeating: ["Noord"], count: 30) + Array(repeating: ["Oost"], count: 25) + [["Zuid"], ["West"], [nil]]
        let d = try UserCovariateDesign(persons: persons(values, names: ["district"]), names: ["district"], minimumLevel: 20)
        XCTAssertEqual(d.names, ["district=Oost"])
        XCTAssertEqual(d.values(persons([["West"]], names: ["district"])[0]), [0])
    }

    func testMissingNumbersTakeTheMedianAndAnIndicator() throws {
        let p = persons([["1"], ["4"], [nil], ["10"]], names: ["years_in_nl"])
        let d = try UserCovariateDesign(persons: p, names: ["years_in_nl"], minimumLevel: 1)
        XCTAssertEqual(d.names, ["years_in_nl", "years_in_nl_missing"])
        XCTAssertEqual(p.map(d.values), [[1, 0], [4, 0], [4, 1], [10, 0]])
    }

    func testUnknownNameIsAnErrorListingTheCarriedCovariates() {
        XCTAssertThrowsError(try UserCovariateDesign(persons: persons([["a", "1"]], names: ["district", "years"]), names: ["distict"], minimumLevel: 1)) { e in
            XCTAssertEqual("\(e)", "--covariates: unknown covariate; the cohort file carries: district, years (value 'distict')")
        }
    }

    // MARK: Truth

    /// A national simulation with a district that confounds, linked with the district carried.
    static let simulated: (persons: [CohortPerson], truth: SimulationTruth) = {
        var preset = SimulationPreset.national
        preset.districtConfounding = .standard
        return SimulatedCohort.link(preset, persons: 30_000, seed: 21, covariates: ["district"])
    }()

    /// The whole cohort's 24-month effect of matching on being out of benefit, and the truth.
    private func headline(covariates: [String], estimand: DynamicEstimand = .nowVsWaiting) throws -> (estimate: Double, se: Double, truth: Double) {
        var o = CohortEstimationOptions(instrument: .matching)
        o.dynamicEstimand = estimand
        o.horizons = [24]
        o.outcomes = [.outOfBenefit]
        o.covariates = covariates
        o.effectPath = false
        o.sensitivity = false
        let row = try CohortEffectEstimator.estimate(Self.simulated.persons, options: o).rows[0]
        let truth = Self.simulated.truth.effects.first {
            $0.instrument == "matching" && $0.dimension == "all" && $0.outcome == "out_of_benefit" && $0.horizonMonths == 24
                && $0.estimand == estimand.rawValue && $0.maxTau == o.maxTau
        }!.att
        return (row.estimate!, row.se!, truth)
    }

    func testEstimateIgnoringAConfoundingExportColumnMissesTheTruth() throws {
        let h = try headline(covariates: [])
        XCTAssertGreaterThan(abs(h.estimate - h.truth), 3 * h.se, "estimate \(h.estimate), truth \(h.truth)")
    }

    func testEstimateWithTheConfoundingColumnNamedRecoversTheTruth() throws {
        let h = try headline(covariates: ["district"])
        XCTAssertEqual(h.estimate, h.truth, accuracy: 3 * h.se)
    }

    /// Now vs never also needs the district in the hazard of starting a trajectory (its censoring weights).
    func testNowVsNeverWithTheConfoundingColumnNamedRecoversTheTruth() throws {
        let h = try headline(covariates: ["district"], estimand: .nowVsNever)
        XCTAssertEqual(h.estimate, h.truth, accuracy: 3 * h.se)
    }

    // MARK: Results by provider (issue #12 item 5)

    func testEachProvidersParticipantsAreComparedWithEveryControl() throws {
        let persons = Self.simulated.persons.prefix(8_000).map { p in
            CohortPerson(inflowDate: p.inflowDate, age: p.age, sex: p.sex, educationLevel: p.educationLevel, household: p.household,
                         monthsWorked24m: p.monthsWorked24m, earlierSpells: p.earlierSpells, followupMonths: p.followupMonths,
                         firstExitDays: p.firstExitDays, endReason: p.endReason, onBenefit: p.onBenefit, instrumentStarts: p.instrumentStarts,
                         firstTrajectoryDays: p.firstTrajectoryDays, providers: p.providers.mapValues { _ in p.age % 3 == 0 ? "DZB" : "Randstad" })
        }
        var o = CohortEstimationOptions(instrument: .matching)
        o.horizons = [24]
        o.outcomes = [.outOfBenefit]
        o.dimensions = [.provider]
        o.effectPath = false
        o.sensitivity = false
        let rows = try CohortEffectEstimator.estimate(persons, options: o).rows
        XCTAssertEqual(rows.map(\.subgroup), ["all", "DZB", "Randstad"])
        XCTAssertEqual(rows[1].nTreated + rows[2].nTreated, rows[0].nTreated)
        XCTAssertEqual(rows.map(\.nControl), Array(repeating: rows[0].nControl, count: 3))
        XCTAssertEqual(rows.map(\.status), ["estimate", "estimate", "estimate"])
    }
}
