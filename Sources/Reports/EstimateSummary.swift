import Effects
import Foundation

/// Text for a single treatment-effect estimate with its balance table.
public enum EstimateSummary {
    typealias F = NumberFormatting

    public static func text(_ r: TreatmentEffectEstimate, treatment: String, outcome: String) -> String {
        var s = "\(r.estimand.rawValue) of \(treatment) on \(outcome) by \(r.method.rawValue)\n"
        s += "  estimate \(F.significant(r.estimate, 6))"
        if let se = r.standardError { s += ", SE \(F.significant(se, 4)) (\(r.standardErrorMethod))" }
        if let lo = r.ciLow, let hi = r.ciHigh { s += "\n  95% CI \(F.significant(lo, 6)) to \(F.significant(hi, 6))" }
        s += "\n  treated \(r.nTreated), controls \(r.nControl), controls used \(r.nControlsUsed)"
        s += "; treated outside common support \(r.nTreatedOutsideSupport); dropped by caliper \(r.nTreatedDroppedByCaliper)\n\n"
        s += "Balance (standardised mean differences; differences in proportions for binary covariates; variance ratios)\n"
        s += "  \(F.left("covariate", 14)) \(F.left("type", 10)) \(F.right("diff before", 11)) \(F.right("diff after", 10)) \(F.right("VR before", 10)) \(F.right("VR after", 10))\n"
        func cell(_ v: Double?, _ digits: Int) -> String { v.flatMap { $0.isFinite ? F.fixed($0, digits) : nil } ?? "–" }
        for row in r.balance.rows {
            s += "  \(F.left(row.covariate, 14)) \(F.left(row.type, 10)) \(F.right(cell(row.differenceBefore, 3), 11)) \(F.right(cell(row.differenceAfter, 3), 10)) "
            s += "\(F.right(cell(row.varianceRatioBefore, 2), 10)) \(F.right(cell(row.varianceRatioAfter, 2), 10))\n"
        }
        for w in r.warnings { s += "Warning: \(w)\n" }
        return s
    }
}

extension EstimateSummary {
    /// Text for a cohort effect report: one line per cell.
    public static func text(_ r: CohortEffectReport) -> String {
        var s = "Effects of \(r.instrument), \(r.design) design, \(r.method)\nEstimand: \(r.estimand)\n\n"
        let header = ["dimension", "subgroup", "outcome", "h", "estimate", "SE", "95% CI", "treated", "controls", "max|SMD|"]
        var rows = [header]
        for c in r.rows {
            rows.append([c.dimension, c.subgroup, c.outcome, String(c.horizonMonths), c.estimate.map { F.fixed($0, 2) } ?? "—",
                         c.se.map { F.fixed($0, 2) } ?? "", c.ciLow.flatMap { lo in c.ciHigh.map { "\(F.fixed(lo, 2)) to \(F.fixed($0, 2))" } } ?? "",
                         String(c.nTreated), String(c.nControl), c.maxAbsSMDAfter.map { F.fixed($0, 3) } ?? ""])
        }
        let widths = header.indices.map { j in rows.map { $0[j].count }.max()! }
        for row in rows { s += row.enumerated().map { j, v in j < 3 ? F.left(v, widths[j]) : F.right(v, widths[j]) }.joined(separator: "  ").trimmingTrailingSpaces() + "\n" }
        let small = r.rows.filter { $0.status != "estimate" }
        if !small.isEmpty { s += "\nNot estimated:\n" + small.map { "  \($0.dimension)=\($0.subgroup) \($0.outcome) \($0.horizonMonths)m: \($0.note)\n" }.joined() }
        let warned = r.rows.filter { $0.status == "estimate" && !$0.note.isEmpty }
        if !warned.isEmpty { s += "\nWarnings:\n" + warned.map { "  \($0.dimension)=\($0.subgroup) \($0.outcome) \($0.horizonMonths)m: \($0.note)\n" }.joined() }
        if let p = r.effectPath { s += "\n" + pathText(p) }
        if let first = r.rows.first, !r.sensitivity.isEmpty {
            s += "\nSensitivity of the whole-cohort \(first.outcome) at \(first.horizonMonths) months to the matching choices:\n"
            for v in r.sensitivity {
                s += "  \(F.left(v.specification, 52)) " + (v.estimate.map { e in
                    "\(F.right(F.fixed(e, 2), 8))" + (v.ciLow.flatMap { lo in v.ciHigh.map { "  (95% CI \(F.fixed(lo, 2)) to \(F.fixed($0, 2)))" } } ?? "")
                } ?? "not estimable") + "\n"
            }
        }
        s += "\n" + r.notes.map { "- \($0)\n" }.joined()
        return s
    }

    /// The effect path in three lines: dip, turning month, long-run level, then every point.
    static func pathText(_ p: EffectPath) -> String {
        func point(_ q: EffectPath.Point) -> String { "\(F.fixed(q.estimate, 2)) (95% CI \(F.fixed(q.ciLow, 2)) to \(F.fixed(q.ciHigh, 2))) at month \(q.month)" }
        var s = "Effect path, out of benefit (percentage points), the \(p.nTreated) treated followed up through month \(p.points.last?.month ?? 0):\n"
        s += "  lock-in dip: " + (p.lockInDip.map(point) ?? "none (no point below zero)") + "\n"
        s += "  turns positive for good: " + (p.monthTurningPositive.map { "month \($0)" } ?? "not within the path") + "\n"
        s += "  long-run level: " + (p.longRunLevel.map(point) ?? "–") + "\n"
        s += "  " + p.points.map { "\($0.month): \(F.fixed($0.estimate, 1))" }.joined(separator: ", ") + "\n"
        return s
    }
}

/// Writes a cohort effect report as an effect table (DESIGN §5) that `reval apply` reads.
public enum EffectTableWriter {
    public static func csv(_ r: CohortEffectReport) -> String {
        func num(_ x: Double?) -> String { x.map { NumberFormatting.significant($0, 10) } ?? "" }
        var out = EffectTable.columns.joined(separator: ",") + ",estimand\n"
        let source = "reval estimate \(r.design) \(r.method)"
        for c in r.rows {
            out += [c.instrument, c.dimension, c.subgroup, c.outcome, String(c.horizonMonths), num(c.estimate), num(c.se), num(c.ciLow), num(c.ciHigh),
                    c.status, String(c.nTreated), String(c.nControl), source, r.estimandID].joined(separator: ",") + "\n"
        }
        return out
    }
}
