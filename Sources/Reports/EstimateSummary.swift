import Effects
import Evaluation
import Foundation
import TableKit

/// Text for a single treatment-effect estimate with its balance table.
public enum EstimateSummary {
    typealias F = NumberFormatting

    /// The disclosure control of a generic-mode estimate.
    public static func disclosed(_ r: TreatmentEffectEstimate, control: DisclosureControl = DisclosureControl()) -> Disclosed {
        DisclosurePlan.disclose(control) { $0.estimate(r) }
    }

    public static func text(_ r: TreatmentEffectEstimate, treatment: String, outcome: String, control: DisclosureControl = DisclosureControl()) -> String {
        let d = disclosed(r, control: control)
        func c(_ p: String) -> String { d.count(p) }
        var s = "\(r.estimand.rawValue) of \(treatment) on \(outcome) by \(r.method.rawValue)\n"
        if d.isShown("estimate") {
            s += "  estimate \(F.significant(r.estimate, 6))"
            if let se = r.standardError { s += ", SE \(F.significant(se, 4)) (\(r.standardErrorMethod))" }
            if let m = r.adjustedStandardErrorMethod {
                s += "\n  SE adjusted for the estimated score " + (r.standardErrorAdjustedForEstimatedScore.map { "\(F.significant($0, 4)) (\(m))" } ?? "– (\(m))")
            }
            if let lo = r.ciLow, let hi = r.ciHigh { s += "\n  95% CI \(F.significant(lo, 6)) to \(F.significant(hi, 6))" }
        } else {
            s += "  estimate not shown: fewer than \(control.minCellSize) treated or controls, or fewer than \(DisclosureControl.minimumResidualDF) residual degrees of freedom"
        }
        s += "\n  treated \(c("n_treated")), controls \(c("n_control")), controls used \(c("n_controls_used"))"
        s += "; treated outside common support \(c("n_treated_outside_support")); dropped by caliper \(c("n_treated_dropped_by_caliper"))\n\n"
        s += "Balance (standardised mean differences; differences in proportions for binary covariates; variance ratios)\n"
        s += "  \(F.left("covariate", 14)) \(F.left("type", 10)) \(F.right("diff before", 11)) \(F.right("diff after", 10)) \(F.right("VR before", 10)) \(F.right("VR after", 10))\n"
        func cell(_ v: Double?, _ digits: Int) -> String { v.flatMap { $0.isFinite ? F.fixed($0, digits) : nil } ?? "–" }
        for row in r.balance.rows {
            s += "  \(F.left(row.covariate, 14)) \(F.left(row.type, 10)) \(F.right(cell(row.differenceBefore, 3), 11)) \(F.right(cell(row.differenceAfter, 3), 10)) "
            s += "\(F.right(cell(row.varianceRatioBefore, 2), 10)) \(F.right(cell(row.varianceRatioAfter, 2), 10))\n"
        }
        for w in r.warnings { s += "Warning: \(d.text(w))\n" }
        return s
    }
}

extension EstimateSummary {
    /// Text for a cohort effect report: one line per cell.
    /// The disclosure control of a cohort effect report (`reval estimate --cohort`, its CSV and JSON).
    public static func disclosed(_ r: CohortEffectReport, control: DisclosureControl = DisclosureControl()) -> Disclosed {
        DisclosurePlan.disclose(control) { $0.cohortEffects(r) }
    }

    /// JSON of a cohort effect report: withheld cells null, notes without small counts.
    public static func json(_ r: CohortEffectReport, control: DisclosureControl = DisclosureControl()) throws -> String {
        try disclosed(r, control: control).json(r, notes: ["notes"] + r.rows.indices.map { "rows[\($0)].note" })
    }

    /// JSON of several estimates run together (`reval estimate --instrument a,b --method psm,ipw`):
    /// one estimate is its object, several an array of them in the order they were asked for.
    public static func json(_ reports: [CohortEffectReport], control: DisclosureControl = DisclosureControl()) throws -> String {
        if reports.count == 1 { return try json(reports[0], control: control) }
        return "[\n" + (try reports.map { try json($0, control: control).trimmingCharacters(in: .newlines) }).joined(separator: ",\n") + "\n]\n"
    }

    /// Text of several estimates run together, one after the other.
    public static func text(_ reports: [CohortEffectReport], control: DisclosureControl = DisclosureControl()) -> String {
        reports.map { text($0, control: control) }.joined(separator: "\n")
    }

    public static func text(_ r: CohortEffectReport, control: DisclosureControl = DisclosureControl()) -> String {
        let d = disclosed(r, control: control)
        func shown(_ i: Int) -> Bool { d.isShown("rows[\(i)].estimate") }
        var s = "Effects of \(r.instrument), \(r.design) design, \(r.method)\nEstimand: \(r.estimand)\n"
        s += "Covariates of the propensity model: \(r.covariates.joined(separator: "; "))\n\n"
        let header = ["dimension", "subgroup", "outcome", "h", "estimate", "SE", "95% CI", "treated", "controls", "max|SMD|"]
        var rows = [header]
        for (i, c) in r.rows.enumerated() {
            let e = shown(i) ? c : nil
            rows.append([c.dimension, c.subgroup, c.outcome, String(c.horizonMonths), e?.estimate.map { F.fixed($0, 2) } ?? "—",
                         e?.se.map { F.fixed($0, 2) } ?? "", e?.ciLow.flatMap { lo in c.ciHigh.map { "\(F.fixed(lo, 2)) to \(F.fixed($0, 2))" } } ?? "",
                         d.count("rows[\(i)].n_treated"), d.count("rows[\(i)].n_control"), e?.maxAbsSMDAfter.map { F.fixed($0, 3) } ?? ""])
        }
        let widths = header.indices.map { j in rows.map { $0[j].count }.max()! }
        for row in rows { s += row.enumerated().map { j, v in j < 3 ? F.left(v, widths[j]) : F.right(v, widths[j]) }.joined(separator: "  ").trimmingTrailingSpaces() + "\n" }
        let small = r.rows.indices.filter { r.rows[$0].status != "estimate" || !shown($0) }
        func line(_ i: Int, _ note: String) -> String { let c = r.rows[i]; return "  \(c.dimension)=\(c.subgroup) \(c.outcome) \(c.horizonMonths)m: \(d.text(note))\n" }
        if !small.isEmpty {
            s += "\nNot estimated or not shown:\n" + small.map { i in line(i, r.rows[i].status == "estimate" ? "not shown (disclosure control: \(d.withheld["rows[\(i)].estimate"] ?? ""))" : r.rows[i].note) }.joined()
        }
        let warned = r.rows.indices.filter { r.rows[$0].status == "estimate" && shown($0) && !r.rows[$0].note.isEmpty }
        if !warned.isEmpty { s += "\nWarnings:\n" + warned.map { line($0, r.rows[$0].note) }.joined() }
        if let p = r.effectPath { s += "\n" + pathText(p, d) }
        if let first = r.rows.first, !r.sensitivity.isEmpty {
            s += "\nSensitivity of the whole-cohort \(first.outcome) at \(first.horizonMonths) months to the matching choices:\n"
            for (i, v) in r.sensitivity.enumerated() {
                let estimate = d.isShown("sensitivity[\(i)].estimate") ? v.estimate : nil
                s += "  \(F.left(v.specification, 52)) " + (estimate.map { e in
                    "\(F.right(F.fixed(e, 2), 8))" + (v.ciLow.flatMap { lo in v.ciHigh.map { "  (95% CI \(F.fixed(lo, 2)) to \(F.fixed($0, 2)))" } } ?? "")
                        + (v.nTreated == nil ? "" : ", \(d.count("sensitivity[\(i)].n_treated")) treated")
                } ?? (v.estimate == nil ? "not estimable" : "not shown (disclosure control)")) + "\n"
            }
        }
        s += "\nBalance of every estimated cell (cobalt's conventions, reference levels included): --balance FILE (CSV) or --format json.\n"
        s += "\n" + r.notes.map { "- \(d.text($0))\n" }.joined()
        return s
    }

    /// The effect path in three lines: dip, turning month, long-run level, then every point.
    static func pathText(_ p: EffectPath, _ d: Disclosed) -> String {
        func point(_ q: EffectPath.Point) -> String { "\(F.fixed(q.estimate, 2)) (95% CI \(F.fixed(q.ciLow, 2)) to \(F.fixed(q.ciHigh, 2))) at month \(q.month)" }
        var s = "Effect path, out of benefit (percentage points), the \(d.count("effect_path.n_treated")) treated followed up through month \(p.points.last?.month ?? 0):\n"
        guard d.isShown("effect_path.points") else { return s + "  not shown (disclosure control: \(d.withheld["effect_path.points"] ?? ""))\n" }
        s += "  lock-in dip: " + (p.lockInDip.map(point) ?? "none (no point below zero)") + "\n"
        s += "  turns positive for good: " + (p.monthTurningPositive.map { "month \($0)" } ?? "not within the path") + "\n"
        s += "  long-run level: " + (p.longRunLevel.map(point) ?? "–") + "\n"
        s += "  " + p.points.map { "\($0.month): \(F.fixed($0.estimate, 1))" }.joined(separator: ", ") + "\n"
        return s
    }
}

/// Writes a cohort effect report as an effect table (DESIGN §5) that `reval apply` reads.
public enum EffectTableWriter {
    /// Under disclosure control: a suppressed count or withheld estimate is an empty field, named in
    /// the column `suppressed` before `estimand` (column names separated by ";"); a withheld estimate's status is
    /// `not_reported`, so `reval apply` falls back to the average as for any unreported cell.
    /// Several estimates in one table: the rows of each in turn, under one header. The columns
    /// `instrument`, `source` (design and method) and `estimand` tell the estimates apart.
    public static func csv(_ reports: [CohortEffectReport], control: DisclosureControl = DisclosureControl()) -> String {
        reports.enumerated().map { k, r in
            let table = csv(r, control: control)
            return k == 0 ? table : String(table.drop { $0 != "\n" }.dropFirst())
        }.joined()
    }

    public static func csv(_ r: CohortEffectReport, control: DisclosureControl = DisclosureControl()) -> String {
        header + rows(r.rows, disclosed: EstimateSummary.disclosed(r, control: control), source: "reval estimate \(r.design) \(r.method)", estimand: r.estimandID)
    }

    /// The header line: the columns of DESIGN §5, then `suppressed` and `estimand`.
    public static let header = EffectTable.columns.joined(separator: ",") + ",suppressed,estimand\n"

    /// The lines of `rows` as `disclosed` shows them (its paths under `prefix`, e.g. `effects[0].`).
    public static func rows(_ rows: [CohortEffectRow], disclosed d: Disclosed, prefix p: String = "", source: String, estimand: String) -> String {
        func num(_ x: Double?) -> String { x.map { NumberFormatting.significant($0, 10) } ?? "" }
        var out = ""
        for (i, c) in rows.enumerated() {
            let shown = d.isShown("\(p)rows[\(i)].estimate")
            let counts = ["n_treated", "n_control"].map { d.isShown("\(p)rows[\(i)].\($0)") ? String(d.values["\(p)rows[\(i)].\($0)"]!) : "" }
            let suppressed = (shown || c.estimate == nil ? [] : ["estimate", "se", "ci_low", "ci_high"]) + ["n_treated", "n_control"].filter { !d.isShown("\(p)rows[\(i)].\($0)") }
            let e = shown ? c : nil
            out += [c.instrument, c.dimension, c.subgroup.csvField, c.outcome, String(c.horizonMonths), num(e?.estimate), num(e?.se), num(e?.ciLow), num(e?.ciHigh),
                    shown ? c.status : "not_reported", counts[0], counts[1], source, suppressed.joined(separator: ";"), estimand].joined(separator: ",") + "\n"
        }
        return out
    }
}
