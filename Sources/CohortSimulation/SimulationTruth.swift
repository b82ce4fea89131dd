import Cohort
/// The true effects of a simulation, in the shape of an effect table with an estimand column.
public struct SimulationTruth: Codable, Sendable {
    public struct Effect: Codable, Sendable, Equatable {
        public let instrument: String
        public let dimension: String
        public let subgroup: String
        public let outcome: String
        public let horizonMonths: Int
        public let estimand: String
        /// The treated counted: those who started by this elapsed month, or every τ when nil.
        /// An estimate with `--max-tau 36` is compared with the entry of `maxTau` 36.
        public let maxTau: Int?
        public let att: Double
        public let nTreated: Int

        enum CodingKeys: String, CodingKey {
            case instrument, dimension, subgroup, outcome, estimand, att
            case horizonMonths = "horizon_months", maxTau = "max_tau", nTreated = "n_treated"
        }
    }

    public let preset: String
    public let persons: Int
    public let seed: UInt64
    public let extractionDate: String
    public let definition: String
    public let units: String
    public let effects: [Effect]

    enum CodingKeys: String, CodingKey {
        case preset, persons, seed, definition, units, effects
        case extractionDate = "extraction_date"
    }
}

struct TruthAccumulator: Sendable {
    private var sums = [String: (sum: Double, n: Int)]()

    /// The τ limits the truth is also given for: the estimator's default `--max-tau`.
    static let maxTaus = [36]

    mutating func add(_ inst: Instrument, _ groups: [(dimension: String, subgroup: String)], tau: Int, outcome: String, horizon: Int,
                      estimand: String, diff: Double) {
        for g in groups {
            for limit in [""] + Self.maxTaus.filter { tau <= $0 }.map(String.init) {
                let key = [inst.rawValue, g.dimension, g.subgroup, outcome, String(horizon), estimand, limit].joined(separator: "|")
                let v = sums[key] ?? (0, 0)
                sums[key] = (v.sum + diff, v.n + 1)
            }
        }
    }

    mutating func merge(_ other: TruthAccumulator) {
        for (k, v) in other.sums {
            let w = sums[k] ?? (0, 0)
            sums[k] = (w.sum + v.sum, w.n + v.n)
        }
    }

    func result(preset: String, persons: Int, seed: UInt64, extraction: CivilDate) -> SimulationTruth {
        let effects = sums.keys.sorted().map { k -> SimulationTruth.Effect in
            let p = k.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let v = sums[k]!
            // Out-of-benefit effects in percentage points (per 100 treated), as effect tables state them.
            let scale = p[3] == "out_of_benefit" ? 100.0 : 1.0
            return SimulationTruth.Effect(instrument: p[0], dimension: p[1], subgroup: p[2], outcome: p[3], horizonMonths: Int(p[4])!,
                                          estimand: p[5], maxTau: Int(p[6]), att: scale * v.sum / Double(v.n), nTreated: v.n)
        }
        return SimulationTruth(
            preset: preset, persons: persons, seed: seed, extractionDate: extraction.description,
            definition: "ATT of starting a trajectory that includes the instrument in elapsed month tau (with the other instruments of that trajectory), by simulating each treated person's path again from inflow with the same random numbers: now-vs-never = no trajectory at all; now-vs-waiting = no trajectory in month tau but possibly later. Persons count for a horizon when tau + h lies within their follow-up. Entries with max_tau count only the treated who started by that month; the others count every tau.",
            units: "out_of_benefit: percentage points (extra persons out of benefit per 100 treated) at tau + horizon; months_out_of_benefit: extra months out of benefit per treated person in [tau, tau + horizon)",
            effects: effects)
    }
}
