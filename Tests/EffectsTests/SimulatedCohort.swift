import Cohort
import CohortSimulation
import Effects
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

extension SimulationTruth {
    /// The true ATT of a cell for the treated the estimates cover: those who started by the
    /// default maximum τ (36); nil where the truth has no such cell.
    func att(_ instrument: String, _ dimension: String, _ subgroup: String, _ outcome: String, _ horizon: Int, _ estimand: DynamicEstimand) -> Double? {
        effects.first {
            $0.instrument == instrument && $0.dimension == dimension && $0.subgroup == subgroup && $0.outcome == outcome && $0.horizonMonths == horizon
                && $0.estimand == estimand.rawValue && $0.maxTau == CohortEstimationOptions(instrument: .matching).maxTau
        }?.att
    }
}
