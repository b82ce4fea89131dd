@testable import Cohort
import CohortSimulation
import Foundation
import XCTest

/// The shipped synthetic Leiden cohort (Data/leiden-synthetic, `reval simulate --preset leiden --seed 2014`)
/// reproduces the published marginals of 004 (Rekenkamercommissie Leiden 2015) within sampling tolerance.
final class LeidenMarginalsTests: XCTestCase {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/leiden-synthetic")

    static let linked: [CohortPerson] = {
        let (p, _) = try! Linkage.link(benefits: data.appendingPathComponent("benefits.csv").path,
                                       trajectories: data.appendingPathComponent("trajectories.csv").path,
                                       options: LinkageOptions(cohortStart: CivilDate(year: 2010, month: 1, day: 1)!,
                                                               cohortEnd: CivilDate(year: 2012, month: 12, day: 31)!,
                                                               extractionDate: CivilDate(year: 2014, month: 6, day: 30)!))
        return p
    }()

    var figure24: CohortDescription {
        CohortDescription(persons: Self.linked, inflowFrom: CivilDate(year: 2011, month: 10, day: 1), inflowTo: CivilDate(year: 2012, month: 12, day: 31))
    }

    /// 004 table 4.1: 830, 1.090 and 930 new benefits in 2010, 2011 and 2012. One synthetic
    /// 2010 spell starts within 31 days of an earlier spell's end: the two are one spell
    /// (`merge_gap_days`), which started before 2010.
    func testInflowByYearOf004Table4_1() {
        let byYear = Dictionary(grouping: Self.linked, by: { $0.inflowDate.year }).mapValues(\.count)
        XCTAssertEqual(byYear, [2010: 829, 2011: 1090, 2012: 930])
    }

    /// 004 fig. 2.4: 1.358 persons flowed in from October 2011 to December 2012.
    func testInflowOctober2011ToDecember2012Of004Figure2_4() {
        XCTAssertEqual(figure24.persons, 1358)
    }

    /// 004 fig. 2.4: 12 % spontaneous outflow within 7 weeks (± 2 points).
    func testSpontaneousOutflowWithin7WeeksOf004Figure2_4() {
        XCTAssertEqual(figure24.outflow.spontaneousWithin7Weeks.share!, 0.12, accuracy: 0.02)
    }

    /// 004 fig. 2.4: 42 % spontaneous outflow within a year, 30 % after 7 weeks (± 3 points).
    func testSpontaneousOutflowWithinAYearOf004Figure2_4() {
        XCTAssertEqual(figure24.outflow.spontaneousWithinYear.share!, 0.42, accuracy: 0.03)
        XCTAssertEqual(figure24.outflow.spontaneousAfter7Weeks.share!, 0.30, accuracy: 0.03)
    }

    /// 004 fig. 2.4 text: those leaving on their own after 7 weeks left after 24,7 weeks on average (± 1,5 weeks).
    func testMeanWeeksToSpontaneousOutflowOf004Section2_5() {
        XCTAssertEqual(figure24.outflow.meanWeeksSpontaneousAfter7Weeks!, 24.7, accuracy: 1.5)
    }

    /// 004 section 2.3: 20 % of the 2011 inflow and 29 % of the 2012 inflow got a trajectory (± 3 points).
    func testTrajectoryRatesByInflowYearOf004Section2_3() {
        let rates = CohortDescription(persons: Self.linked).trajectoryRateByInflowYear
        XCTAssertEqual(rates["2011"]!.share!, 0.20, accuracy: 0.03)
        XCTAssertEqual(rates["2012"]!.share!, 0.29, accuracy: 0.03)
    }

    /// 004 table 3.1: 93, 93, 74, 46, 18, 9, 4 and 0,4 % of participants got each instrument (± 4 points).
    func testInstrumentSharesOf004Table3_1() {
        let shares = CohortDescription(persons: Self.linked).instrumentShares
        let published: [(Instrument, Double)] = [(.activeMediation, 0.93), (.matching, 0.93), (.jobSearchTraining, 0.74), (.aftercare, 0.46),
                                                 (.schooling, 0.18), (.wageSubsidy, 0.09), (.supplyStrengthening, 0.04), (.noRiskPolicy, 0.004)]
        for (i, p) in published { XCTAssertEqual(shares[i.rawValue]!.share!, p, accuracy: 0.04, i.rawValue) }
    }

    /// 004 figs 3.2-3.3: schooling goes mostly to the low educated.
    func testSchoolingGoesMostlyToTheLowEducated() {
        let d = CohortDescription(persons: Self.linked)
        let low = d.useByEducationLevel.filter { ["BO", "LBO", "MAVO", "VMBO"].contains($0.group) }
        let high = d.useByEducationLevel.filter { ["HAVO", "VWO", "MBO", "HBO", "WO"].contains($0.group) }
        func rate(_ g: [GroupInstrumentUse]) -> Double { Double(g.map(\.schooling.numerator).reduce(0, +)) / Double(g.map(\.schooling.denominator).reduce(0, +)) }
        XCTAssertGreaterThan(rate(low), rate(high))
    }

    func testEveryShareShowsNumeratorAndDenominator() throws {
        let json = String(decoding: try JSONEncoder().encode(figure24), as: UTF8.self)
        XCTAssert(json.contains("\"numerator\"") && json.contains("\"denominator\""))
    }
}

final class SimulatorTests: XCTestCase {
    func testSameSeedGivesByteIdenticalFiles() {
        let a = Simulator.run(preset: .leiden, persons: 500, seed: 3), b = Simulator.run(preset: .leiden, persons: 500, seed: 3)
        XCTAssertEqual(a.benefitsCSV, b.benefitsCSV)
        XCTAssertEqual(a.trajectoriesCSV, b.trajectoriesCSV)
        XCTAssertNotEqual(a.benefitsCSV, Simulator.run(preset: .leiden, persons: 500, seed: 4).benefitsCSV)
    }

    func testShippedExampleIsWhatTheGeneratorWritesForSeed2014() throws {
        let out = Simulator.run(preset: .leiden, persons: SimulationPreset.leiden.defaultPersons, seed: 2014)
        XCTAssertEqual(out.benefitsCSV, try Data(contentsOf: LeidenMarginalsTests.data.appendingPathComponent("benefits.csv")))
        XCTAssertEqual(out.trajectoriesCSV, try Data(contentsOf: LeidenMarginalsTests.data.appendingPathComponent("trajectories.csv")))
        let shipped = try JSONDecoder().decode(SimulationTruth.self, from: Data(contentsOf: LeidenMarginalsTests.data.appendingPathComponent("truth.json")))
        XCTAssertEqual(shipped.effects, out.truth.effects)
    }

    /// Effects are positive after the lock-in, and waiting controls (who may be treated later) narrow them.
    func testTruthHasBothEstimandsAndWaitingIsSmallerThanNever() {
        let t = Simulator.run(preset: .national, persons: 20_000, seed: 11).truth
        for inst in ["matching", "schooling"] {
            func att(_ e: String) -> Double {
                t.effects.first { $0.instrument == inst && $0.dimension == "all" && $0.outcome == "out_of_benefit" && $0.horizonMonths == 24 && $0.estimand == e }!.att
            }
            XCTAssertGreaterThan(att("now-vs-never"), 0, inst)
            XCTAssertGreaterThan(att("now-vs-never"), att("now-vs-waiting"), inst)
        }
        XCTAssert(t.effects.contains { $0.outcome == "months_out_of_benefit" && $0.horizonMonths == 96 && $0.dimension == "education" })
    }

    func testSimulatedFilesLinkWithoutAnyError() throws {
        let out = Simulator.run(preset: .leiden, persons: 2_000, seed: 5)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try out.benefitsCSV.write(to: dir.appendingPathComponent("b.csv"))
        try out.trajectoriesCSV.write(to: dir.appendingPathComponent("t.csv"))
        let (p, r) = try Linkage.link(benefits: dir.appendingPathComponent("b.csv").path, trajectories: dir.appendingPathComponent("t.csv").path,
                                      options: LinkageOptions(cohortStart: CivilDate(year: 2010, month: 1, day: 1)!, cohortEnd: CivilDate(year: 2012, month: 12, day: 31)!,
                                                              extractionDate: CivilDate(year: 2014, month: 6, day: 30)!))
        XCTAssertEqual(p.count, 2_000)
        XCTAssertEqual(r.excludedTotal, 0)
        XCTAssertGreaterThan(r.reentrants, 0)
    }
}
