import Effects

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
        s += "Balance (standardised mean differences, variance ratios)\n"
        s += "  \(F.left("covariate", 14)) \(F.right("SMD before", 11)) \(F.right("SMD after", 10)) \(F.right("VR before", 10)) \(F.right("VR after", 10))\n"
        for row in r.balance.rows {
            s += "  \(F.left(row.covariate, 14)) \(F.right(F.fixed(row.smdBefore, 3), 11)) \(F.right(F.fixed(row.smdAfter, 3), 10)) "
            s += "\(F.right(F.fixed(row.varianceRatioBefore, 2), 10)) \(F.right(F.fixed(row.varianceRatioAfter, 2), 10))\n"
        }
        for w in r.warnings { s += "Warning: \(w)\n" }
        return s
    }
}
