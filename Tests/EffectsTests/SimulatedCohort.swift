import Cohort
import CohortSimulation
import Foundation

/// A simulated national inflow (2003–2004, extraction 2014-12-31) linked into a cohort, with its truth.
enum SimulatedCohort {
    static func link(_ preset: SimulationPreset, persons: Int, seed: UInt64, covariates: [String] = []) -> (persons: [CohortPerson], truth: SimulationTruth) {
        let out = Simulator.run(preset: preset, persons: persons, seed: seed)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simulated-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try! out.benefitsCSV.write(to: dir.appendingPathComponent("b.csv"))
        try! out.trajectoriesCSV.write(to: dir.appendingPathComponent("t.csv"))
        let (p, _) = try! Linkage.link(benefits: dir.appendingPathComponent("b.csv").path, trajectories: dir.appendingPathComponent("t.csv").path,
                                       options: LinkageOptions(cohortStart: CivilDate(year: 2003, month: 1, day: 1)!, cohortEnd: CivilDate(year: 2004, month: 12, day: 31)!,
                                                               extractionDate: CivilDate(year: 2014, month: 12, day: 31)!, covariates: covariates))
        return (p, out.truth)
    }
}
