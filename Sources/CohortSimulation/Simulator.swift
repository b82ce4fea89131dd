// Module CohortSimulation — the synthetic cohort with known effects (`reval simulate`) and its truth.
// May import: StatKit, Cohort.

import Cohort
import Foundation
import Synchronization

/// `reval simulate`: a synthetic inflow with benefit spells, trajectories and the true
/// effects of matching and schooling (`truth.json`).
///
/// The true ATT of instrument k is the mean, over persons whose trajectory started in
/// month τ and included k, of Y(actual path) − Y(counterfactual path), where the
/// counterfactual path is simulated again from inflow with the same random numbers:
/// - `now-vs-never`: no trajectory at all;
/// - `now-vs-waiting`: no trajectory in month τ, but one may start later (Sianesi 2004).
/// Outcomes: out of benefit at τ + 24 and τ + 96 months, months out of benefit in
/// [τ, τ + 96). Persons count for a horizon when τ + h is within their follow-up, as in
/// the data an estimator sees.
public enum Simulator {
    public struct Output: Sendable {
        public let benefitsCSV: Data
        public let trajectoriesCSV: Data
        public let truth: SimulationTruth
    }

    public static let truthHorizons = [24, 96]

    public static func run(preset: SimulationPreset, persons: Int, seed: UInt64, progress: (@Sendable (Int) -> Void)? = nil) -> Output {
        let counts = preset.inflowCounts(persons: persons)
        var months = [(year: Int, month: Int)]()
        months.reserveCapacity(persons)
        for (k, c) in counts.enumerated() { for _ in 0..<c { months.append((preset.monthlyInflow[k].year, preset.monthlyInflow[k].month)) } }
        let monthOf = months
        let chunk = 20_000
        let chunks = (persons + chunk - 1) / chunk
        // The chunks run on all cores; each stores its result in its own slot and counts itself done.
        let collected = Mutex((results: [ChunkResult?](repeating: nil, count: chunks), done: 0))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var r = ChunkResult()
            for i in (c * chunk)..<min(persons, (c + 1) * chunk) {
                simulatePerson(index: i, inflowMonth: monthOf[i], preset: preset, seed: seed, into: &r)
            }
            collected.withLock { state in
                state.results[c] = r
                state.done += 1
                progress?(min(persons, state.done * chunk))
            }
        }
        let results = collected.withLock { $0.results }
        var benefits = Data(("person_id,spell_start,spell_end,end_reason,birth_date,sex,education,household,months_worked_24m"
                             + (preset.districtConfounding == nil ? "" : ",district") + "\n").utf8)
        var trajectories = Data("person_id,instrument,start_date,end_date,provider\n".utf8)
        var truth = TruthAccumulator()
        for r in results {
            benefits.append(contentsOf: r!.benefits)
            trajectories.append(contentsOf: r!.trajectories)
            truth.merge(r!.truth)
        }
        return Output(benefitsCSV: benefits, trajectoriesCSV: trajectories,
                      truth: truth.result(preset: preset.name, persons: persons, seed: seed, extraction: preset.extractionDate))
    }

    struct ChunkResult: Sendable {
        var benefits = [UInt8]()
        var trajectories = [UInt8]()
        var truth = TruthAccumulator()
    }

    static let endReasons: [(EndReason, Double)] = [(.work, 0.47), (.moved, 0.17), (.otherBenefit, 0.04), (.other, 0.32)]

    static func simulatePerson(index i: Int, inflowMonth: (year: Int, month: Int), preset: SimulationPreset, seed: UInt64, into r: inout ChunkResult) {
        let draws = CounterDraws(seed: seed, person: UInt64(i))
        let x = SimulatedCovariates(draws, districts: preset.districtConfounding)
        let district = preset.districtConfounding.map { ",\($0.districts[x.district].name)" } ?? ""
        let first = CivilDate(year: inflowMonth.year, month: inflowMonth.month, day: 1)!
        let inflow = first.addingDays(Int(draws.uniform(.inflowDay, 0) * Double(CivilDate.daysInMonth(first.year, first.month))))
        let extraction = preset.extractionDate.dayNumber
        let followup = inflow.wholeMonths(to: preset.extractionDate)
        let birth = inflow.addingMonths(-12 * x.age).addingDays(-Int(draws.uniform(.covariates, 7) * 360))
        let pensionMonth = inflow.wholeMonths(to: birth.addingMonths(12 * 67)) + 1
        func simulator(months: Int) -> PathSimulator {
            PathSimulator(preset: preset, x: x, draws: draws, inflowYear: inflow.year,
                          anniversaries: (0...months).map { inflow.addingMonths($0).dayNumber }, pensionMonth: pensionMonth)
        }
        var months = followup + 1
        var sim = simulator(months: months)
        var path = sim.simulate(months: months, policy: .actual)
        if let tau = path.tau, tau + 97 > months {
            months = tau + 97
            sim = simulator(months: months)
            path = sim.simulate(months: months, policy: .actual)
        }

        // Observed data: cut at the extraction date.
        let id = "P" + String(format: "%07d", i + 1)
        if x.age >= 21 && draws.uniform(.earlierSpell, 0) < preset.earlierSpellShare {
            // An earlier spell, ended before the inflow window opens, so the person is a re-entrant.
            let windowStart = CivilDate(year: preset.monthlyInflow[0].year, month: preset.monthlyInflow[0].month, day: 1)!
            let end = windowStart.addingDays(-1 - Int(draws.uniform(.earlierSpell, 1) * 700))
            let start = end.addingDays(-60 - Int(draws.uniform(.earlierSpell, 2) * 600))
            r.benefits.append(contentsOf: "\(id),\(start),\(end),,\(birth),\(x.sex.rawValue),\(x.education.rawValue),\(x.household.rawValue),\(x.monthsWorked24m)\(district)\n".utf8)
        }
        for (k, s) in path.spells.enumerated() where s.start <= extraction {
            let end = s.end.flatMap { $0 <= extraction ? $0 : nil }
            var reason = ""
            if end != nil && draws.uniform(.endReason, k) >= 0.35 { // a third of end reasons unregistered (004 recommendation 1)
                var u = draws.uniform(.endReason, k, 1)
                for (e, p) in endReasons { if u < p { reason = e.aliases[0]; break }; u -= p }
            }
            let row = "\(id),\(CivilDate(dayNumber: s.start)),\(end.map { CivilDate(dayNumber: $0).description } ?? ""),\(reason),\(birth),\(x.sex.rawValue),\(x.education.rawValue),\(x.household.rawValue),\(x.monthsWorked24m)\(district)\n"
            r.benefits.append(contentsOf: row.utf8)
        }
        if let tau = path.tau, sim.anniversaries[tau] <= extraction {
            let start = CivilDate(dayNumber: sim.anniversaries[tau])
            for inst in Instrument.allCases where path.bundle.contains(inst) {
                let end = start.addingMonths(inst == .schooling ? 6 : 3)
                let endText = end.dayNumber <= extraction ? end.description : ""
                r.trajectories.append(contentsOf: "\(id),\(inst.rawValue),\(start),\(endText),Re-integratie Leiden\n".utf8)
            }
        }

        // Truth: counterfactual paths with the same draws.
        guard let tau = path.tau else { return }
        let never = sim.simulate(months: months, policy: .never)
        let waiting = sim.simulate(months: months, policy: .notAt(tau))
        for inst in [Instrument.matching, .schooling] where path.bundle.contains(inst) {
            for h in truthHorizons where tau + h <= followup {
                let y1 = path.onBenefit[tau + h] ? 0.0 : 1.0
                r.truth.add(inst, x.subgroups, tau: tau, outcome: "out_of_benefit", horizon: h, estimand: "now-vs-never", diff: y1 - (never.onBenefit[tau + h] ? 0 : 1))
                r.truth.add(inst, x.subgroups, tau: tau, outcome: "out_of_benefit", horizon: h, estimand: "now-vs-waiting", diff: y1 - (waiting.onBenefit[tau + h] ? 0 : 1))
            }
            if tau + 96 <= followup {
                func monthsOut(_ p: PathSimulator.Path) -> Double { Double((tau..<(tau + 96)).filter { !p.onBenefit[$0] }.count) }
                let y1 = monthsOut(path)
                r.truth.add(inst, x.subgroups, tau: tau, outcome: "months_out_of_benefit", horizon: 96, estimand: "now-vs-never", diff: y1 - monthsOut(never))
                r.truth.add(inst, x.subgroups, tau: tau, outcome: "months_out_of_benefit", horizon: 96, estimand: "now-vs-waiting", diff: y1 - monthsOut(waiting))
            }
        }
    }
}
