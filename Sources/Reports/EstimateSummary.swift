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
        render(r, treatment: treatment, outcome: outcome, control: control, markdown: false)
    }

    /// Markdown of a generic-mode estimate: the same content as the text, the balance as a Markdown table.
    public static func markdown(_ r: TreatmentEffectEstimate, treatment: String, outcome: String, control: DisclosureControl = DisclosureControl()) -> String {
        render(r, treatment: treatment, outcome: outcome, control: control, markdown: true)
    }

    static func render(_ r: TreatmentEffectEstimate, treatment: String, outcome: String, control: DisclosureControl, markdown md: Bool) -> String {
        let d = disclosed(r, control: control)
        func c(_ p: String) -> String { d.count(p) }
        let item = md ? "- " : "  "
        var s = (md ? "## " : "") + "\(r.estimand.rawValue.uppercased()) of \(treatment) on \(outcome) by \(r.method.rawValue)\n" + (md ? "\n" : "")
        if d.isShown("estimate") {
            s += "\(item)estimate \(F.significant(r.estimate, 6))"
            if let se = r.standardError { s += ", SE \(F.significant(se, 4)) (\(r.standardErrorMethod))" }
            if let m = r.adjustedStandardErrorMethod {
                s += "\n\(item)SE adjusted for the estimated score " + (r.standardErrorAdjustedForEstimatedScore.map { "\(F.significant($0, 4)) (\(m))" } ?? "– (\(m))")
            }
            if let lo = r.ciLow, let hi = r.ciHigh { s += "\n\(item)95% CI \(F.significant(lo, 6)) to \(F.significant(hi, 6))" }
        } else {
            s += "\(item)estimate not shown: fewer than \(control.minCellSize) treated or controls, or fewer than \(DisclosureControl.minimumResidualDF) residual degrees of freedom"
        }
        s += "\n\(item)treated \(c("n_treated")), controls \(c("n_control")), controls used \(c("n_controls_used"))"
        s += "; treated outside common support \(c("n_treated_outside_support")); dropped (caliper) \(c("n_treated_dropped"))\n\n"
        s += "Balance (standardised mean differences; differences in proportions for binary covariates; variance ratios)\n" + (md ? "\n" : "")
        func cell(_ v: Double?, _ digits: Int) -> String { v.flatMap { $0.isFinite ? F.fixed($0, digits) : nil } ?? "–" }
        let balance = TextTable(header: ["covariate", "type", "diff before", "diff after", "VR before", "VR after"], rows: r.balance.rows.map { row in
            [row.covariate, row.type, cell(row.differenceBefore, 3), cell(row.differenceAfter, 3), cell(row.varianceRatioBefore, 2), cell(row.varianceRatioAfter, 2)]
        }, leftAligned: [0, 1], separator: " ")
        s += md ? balance.markdown() : balance.text(indent: "  ")
        for w in r.warnings { s += (md ? "\n" : "") + "Warning: \(d.text(w))\n" }
        return s
    }

    /// A generic-mode estimate as a CSV of one row (`reval estimate --data … --out F`): the keys of
    /// its JSON but the balance table, under the same disclosure control (a withheld value empty
    /// and named in `suppressed`), numbers at full precision.
    public static func csv(_ r: TreatmentEffectEstimate, treatment: String, outcome: String, rowsDroppedMissing: Int,
                           control: DisclosureControl = DisclosureControl()) -> String {
        let d = DisclosurePlan.disclose(control) { $0.estimate(r); $0.count("rows_dropped_missing", rowsDroppedMissing) }
        func num(_ k: String, _ x: Double?) -> String { d.isShown(k) ? x.map(NumberFormatting.roundTrip) ?? "" : "" }
        func count(_ k: String, _ n: Int) -> String { d.isShown(k) ? String(n) : "" }
        let columns = ["treatment", "outcome", "estimand", "estimand_label", "method", "estimate", "se", "se_method", "ci_low", "ci_high",
                       "se_adjusted_for_estimated_score", "se_adjusted_method", "n_treated", "n_control", "n_controls_used",
                       "n_treated_outside_support", "n_treated_dropped", "rows_dropped_missing", "suppressed", "notes"]
        let present = Set(["estimate"] + (r.standardError == nil ? [] : ["se"]) + (r.ciLow == nil ? [] : ["ci_low", "ci_high"]))
        let suppressed = columns.filter { d.hidden[$0] != nil || (d.withheld[$0] != nil && present.contains($0)) }
        let adjusted = d.isShown("se") ? r.standardErrorAdjustedForEstimatedScore.flatMap { $0.isFinite ? NumberFormatting.roundTrip($0) : nil } ?? "" : ""
        let fields = [treatment, outcome, r.estimand.rawValue, r.estimand.label, r.method.rawValue,
                      num("estimate", r.estimate), num("se", r.standardError), r.standardErrorMethod, num("ci_low", r.ciLow), num("ci_high", r.ciHigh),
                      adjusted, r.adjustedStandardErrorMethod ?? "",
                      count("n_treated", r.nTreated), count("n_control", r.nControl), count("n_controls_used", r.nControlsUsed),
                      count("n_treated_outside_support", r.nTreatedOutsideSupport), count("n_treated_dropped", r.nTreatedDroppedByCaliper),
                      count("rows_dropped_missing", rowsDroppedMissing), suppressed.joined(separator: ";"), r.warnings.map(d.text).joined(separator: "; ")]
        return columns.joined(separator: ",") + "\n" + fields.map(\.csvField).joined(separator: ",") + "\n"
    }
}

extension EstimateSummary {
    /// The disclosure control of a cohort effect report (`reval estimate --cohort`, its CSV and JSON).
    public static func disclosed(_ r: CohortEffectReport, control: DisclosureControl = DisclosureControl()) -> Disclosed {
        DisclosurePlan.disclose(control) { $0.cohortEffects(r) }
    }

    /// JSON of a cohort effect report: withheld cells null, notes without small counts.
    public static func json(_ r: CohortEffectReport, control: DisclosureControl = DisclosureControl()) throws -> String {
        try disclosed(r, control: control).json(r, notes: ["notes"] + r.rows.indices.map { "rows[\($0)].notes" })
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
        render(r, control: control, markdown: false)
    }

    /// Markdown of a cohort effect report: the same content as the text, the table as a Markdown table.
    public static func markdown(_ r: CohortEffectReport, control: DisclosureControl = DisclosureControl()) -> String {
        render(r, control: control, markdown: true)
    }

    /// Markdown of several estimates run together, one after the other.
    public static func markdown(_ reports: [CohortEffectReport], control: DisclosureControl = DisclosureControl()) -> String {
        reports.map { markdown($0, control: control) }.joined(separator: "\n")
    }

    /// The text or Markdown of a cohort effect report: heading, the table of cells, the cells not
    /// estimated or not shown, warnings, the effect path and the sensitivity of the headline figure.
    static func render(_ r: CohortEffectReport, control: DisclosureControl, markdown md: Bool) -> String {
        let d = disclosed(r, control: control)
        func shown(_ i: Int) -> Bool { d.isShown("rows[\(i)].estimate") }
        let item = md ? "- " : "  "
        var s = md ? "## Effects of \(r.instrument), \(r.design) design, \(r.method)\n\nEstimand: \(r.estimandLabel)\n\n"
                   : "Effects of \(r.instrument), \(r.design) design, \(r.method)\nEstimand: \(r.estimandLabel)\n"
        s += "Covariates of the propensity model: \(r.covariates.joined(separator: "; "))\n\n"
        var table = TextTable(header: ["dimension", "subgroup", "outcome", "h", "unit", "estimate", "SE", "95% CI", "treated", "controls", "max|SMD|"],
                              leftAligned: [0, 1, 2, 4])
        for (i, c) in r.rows.enumerated() {
            let e = shown(i) ? c : nil
            table.rows.append([c.dimension, c.subgroup, c.outcome, String(c.horizonMonths), c.unit.rawValue, e?.estimate.map { F.fixed($0, 2) } ?? "—",
                               e?.se.map { F.fixed($0, 2) } ?? "", e?.ciLow.flatMap { lo in c.ciHigh.map { "\(F.fixed(lo, 2)) to \(F.fixed($0, 2))" } } ?? "",
                               d.count("rows[\(i)].n_treated"), d.count("rows[\(i)].n_control"), e?.maxAbsSMDAfter.map { F.fixed($0, 3) } ?? ""])
        }
        s += md ? table.markdown() : table.text()
        func notes(_ i: Int) -> String { r.rows[i].notes.map(d.text).joined(separator: "; ") }
        func line(_ i: Int, _ note: String) -> String { let c = r.rows[i]; return "\(item)\(c.dimension)=\(c.subgroup) \(c.outcome) \(c.horizonMonths)m: \(note)\n" }
        let small = r.rows.indices.filter { r.rows[$0].status != "estimate" || !shown($0) }
        if !small.isEmpty {
            s += "\nNot estimated or not shown:\n" + (md ? "\n" : "")
                + small.map { i in line(i, r.rows[i].status == "estimate" ? "not shown (disclosure control: \(d.withheld["rows[\(i)].estimate"] ?? ""))" : notes(i)) }.joined()
        }
        let warned = r.rows.indices.filter { r.rows[$0].status == "estimate" && shown($0) && !r.rows[$0].notes.isEmpty }
        if !warned.isEmpty { s += "\nWarnings:\n" + (md ? "\n" : "") + warned.map { line($0, notes($0)) }.joined() }
        if let p = r.effectPath { s += "\n" + pathText(p, d, item: item) }
        if let first = r.rows.first, !r.sensitivity.isEmpty {
            s += "\nSensitivity of the whole-cohort \(first.outcome) at \(first.horizonMonths) months to the matching choices:\n" + (md ? "\n" : "")
            for (i, v) in r.sensitivity.enumerated() {
                let estimate = d.isShown("sensitivity[\(i)].estimate") ? v.estimate : nil
                s += item + "\(md ? v.specification + ":" : F.left(v.specification, 52)) " + (estimate.map { e in
                    "\(md ? F.fixed(e, 2) : F.right(F.fixed(e, 2), 8))" + (v.ciLow.flatMap { lo in v.ciHigh.map { "  (95% CI \(F.fixed(lo, 2)) to \(F.fixed($0, 2)))" } } ?? "")
                        + (v.nTreated == nil ? "" : ", \(d.count("sensitivity[\(i)].n_treated")) treated")
                } ?? (v.estimate == nil ? "not estimable" : "not shown (disclosure control)")) + "\n"
            }
        }
        s += "\nBalance of every estimated cell (cobalt's conventions, reference levels included): --balance FILE (CSV) or --format json.\n"
        s += "\n" + r.notes.map { "- \(d.text($0))\n" }.joined()
        return s
    }

    /// The effect path in three lines: dip, turning month, long-run level, then every point.
    static func pathText(_ p: EffectPath, _ d: Disclosed, item: String = "  ") -> String {
        func point(_ q: EffectPath.Point) -> String { "\(F.fixed(q.estimate, 2)) (95% CI \(F.fixed(q.ciLow, 2)) to \(F.fixed(q.ciHigh, 2))) at month \(q.month)" }
        var s = "Effect path, out of benefit (percentage points), the \(d.count("effect_path.n_treated")) treated followed up through month \(p.points.last?.month ?? 0):\n"
        guard d.isShown("effect_path.points") else { return s + "  not shown (disclosure control: \(d.withheld["effect_path.points"] ?? ""))\n" }
        s += item + "lock-in dip: " + (p.lockInDip.map(point) ?? "none (no point below zero)") + "\n"
        s += item + "turns positive for good: " + (p.monthTurningPositive.map { "month \($0)" } ?? "not within the path") + "\n"
        s += item + "long-run level: " + (p.longRunLevel.map(point) ?? "–") + "\n"
        s += item + p.points.map { "\($0.month): \(F.fixed($0.estimate, 1))" }.joined(separator: ", ") + "\n"
        return s
    }
}

/// Writes a cohort effect report as an effect table (DESIGN §5) that `reval apply` reads, with
/// every key of the JSON row: the columns of DESIGN §5, then the unit, the other counts, the
/// balance, design, method and estimand as their own columns, the suppressed fields and the notes
/// (why a row is `not_reported`). Numbers at full precision (Swift's shortest round-trip form).
/// Rendering only: the columns and their order are `EffectColumn`'s (Effects), which the reader shares.
public enum EffectTableWriter {
    /// What the rows of one estimate share: who wrote them (`reval estimate`, `reval report`),
    /// the design, the method and the estimand id.
    public struct Estimate: Sendable {
        public let source, design, method, estimand: String
        public init(source: String, design: String, method: String, estimand: String) {
            self.source = source
            self.design = design
            self.method = method
            self.estimand = estimand
        }
    }

    /// Under disclosure control: a suppressed count or withheld estimate is an empty field, named in
    /// the column `suppressed` (column names separated by ";"); a withheld estimate's status is
    /// `not_reported` (its note says why), so `reval apply` falls back to the average as for any
    /// unreported cell. Several estimates in one table: the rows of each in turn, under one header.
    public static func csv(_ reports: [CohortEffectReport], control: DisclosureControl = DisclosureControl()) -> String {
        EffectTable.header + reports.map { r in
            rows(r.rows, disclosed: EstimateSummary.disclosed(r, control: control),
                 estimate: Estimate(source: "reval estimate", design: r.design, method: r.method, estimand: r.estimandID))
        }.joined()
    }

    public static func csv(_ r: CohortEffectReport, control: DisclosureControl = DisclosureControl()) -> String { csv([r], control: control) }

    /// The lines of `rows` as `disclosed` shows them (its paths under `prefix`, e.g. `effects[0].`).
    public static func rows(_ rows: [CohortEffectRow], disclosed d: Disclosed, prefix p: String = "", estimate: Estimate) -> String {
        func num(_ x: Double?) -> String { x.map(NumberFormatting.roundTrip) ?? "" }
        var out = ""
        for (i, c) in rows.enumerated() {
            func path(_ k: EffectColumn) -> String { "\(p)rows[\(i)].\(k.rawValue)" }
            let shown = d.isShown(path(.estimate))
            let e = shown ? c : nil
            let notes = (shown || c.estimate == nil ? [] : ["not shown (disclosure control: \(d.withheld[path(.estimate)] ?? ""))"]) + c.notes.map(d.text)
            var fields: [EffectColumn: String] = [
                .instrument: c.instrument, .dimension: c.dimension, .subgroup: c.subgroup, .outcome: c.outcome,
                .horizonMonths: String(c.horizonMonths), .unit: c.unit.rawValue,
                .estimate: num(e?.estimate), .se: num(e?.se), .ciLow: num(e?.ciLow), .ciHigh: num(e?.ciHigh), .status: shown ? c.status : "not_reported",
                .maxAbsSMDAfter: num(e?.maxAbsSMDAfter), .design: estimate.design, .method: estimate.method, .estimand: estimate.estimand,
                .source: estimate.source, .notes: notes.joined(separator: "; "),
            ]
            for k in EffectColumn.counts { fields[k] = d.isShown(path(k)) ? d.values[path(k)].map(String.init) ?? "" : "" }
            let suppressed = (shown || c.estimate == nil ? [] : EffectColumn.modelValues) + EffectColumn.counts.filter { d.hidden[path($0)] != nil }
            fields[.suppressed] = suppressed.map(\.rawValue).joined(separator: ";")
            out += EffectTable.line(fields)
        }
        return out
    }
}
