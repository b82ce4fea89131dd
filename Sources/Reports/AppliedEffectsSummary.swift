import Effects
import TableKit

/// Text and Markdown for `reval apply`; JSON is the `AppliedEffects` value itself.
public enum AppliedEffectsSummary {
    typealias F = NumberFormatting

    private static func value(_ x: Double?, _ decimals: Int) -> String {
        x.map { F.fixed($0, decimals) } ?? "n/a"
    }

    private static func withSE(_ x: Double?, _ se: Double?, _ decimals: Int) -> String {
        guard let x else { return "n/a" }
        guard let se else { return F.fixed(x, decimals) }
        return "\(F.fixed(x, decimals)) (SE \(F.fixed(se, decimals)), 95% CI \(F.fixed(x - 1.96 * se, decimals)) to \(F.fixed(x + 1.96 * se, decimals)))"
    }

    public static func text(_ a: AppliedEffects) -> String {
        var out = "Applied effects (\(a.mode.rawValue) mode\(a.dimension.map { ", by \($0)" } ?? ""))\n\n"
        let header = ["instrument", "participants", "extra out after \(a.horizonShortMonths / 12)y", "extra out after \(a.horizonLongMonths / 12)y", "months saved"]
        var rows = [[String]]()
        for i in a.instruments {
            rows.append([i.instrument, String(i.participants),
                         value(i.extraOutOfBenefitShort.rounded, 1),
                         value(i.extraOutOfBenefitLong.rounded, 1),
                         value(i.benefitMonthsSaved.exact, 1)])
        }
        rows.append(["total", String(a.instruments.reduce(0) { $0 + $1.participants }), value(a.extraOutOfBenefit2y, 1),
                     value(a.extraOutOfBenefit8y, 1), value(a.benefitMonthsSaved, 0)])
        out += TextTable(header: header, rows: rows).text()
        out += "\nUnrounded totals: \(withSE(a.extraOutOfBenefit2yExact, a.extraOutOfBenefit2ySE, 2)) after \(a.horizonShortMonths / 12) years, "
        out += "\(withSE(a.extraOutOfBenefit8yExact, a.extraOutOfBenefit8ySE, 2)) after \(a.horizonLongMonths / 12) years, "
        out += "\(withSE(a.benefitMonthsSavedExact, a.benefitMonthsSavedSE, 1)) benefit months.\n"
        out += "Euros saved: \(a.eurosSaved.map(F.euros) ?? "n/a") at \(F.euros(a.monthlyBenefit.gross)) gross a month "
        out += "(\(a.eurosSavedNet.map(F.euros) ?? "n/a") at \(F.euros(a.monthlyBenefit.net)) net).\n"
        out += "Uncertainty: \(a.uncertainty).\n"
        if a.mode == .composition {
            out += "\nCells used:\n"
            for i in a.instruments {
                for q in [i.extraOutOfBenefitShort, i.extraOutOfBenefitLong, i.benefitMonthsSaved] {
                    for c in q.cells {
                        out += "  \(i.instrument) \(c.subgroup) \(q.outcome) \(q.horizonMonths)m: n = \(c.participants), effect \(value(c.effect, 2)) [\(c.status)\(c.fellBackToAverage ? ", fell back to the average" : "")]\n"
                    }
                }
            }
        }
        out += "\nNotes:\n" + a.notes.map { "- \($0)\n" }.joined()
        return out
    }

    public static func markdown(_ a: AppliedEffects) -> String {
        var out = "| instrument | participants | extra out after \(a.horizonShortMonths / 12)y | extra out after \(a.horizonLongMonths / 12)y | months saved |\n|---|---:|---:|---:|---:|\n"
        for i in a.instruments {
            out += "| \(i.instrument) | \(i.participants) | \(value(i.extraOutOfBenefitShort.rounded, 1)) | "
            out += "\(value(i.extraOutOfBenefitLong.rounded, 1)) | \(value(i.benefitMonthsSaved.exact, 1)) |\n"
        }
        out += "| **total** | | **\(value(a.extraOutOfBenefit2y, 1))** | **\(value(a.extraOutOfBenefit8y, 1))** | **\(value(a.benefitMonthsSaved, 0))** |\n\n"
        out += "Euros saved: \(a.eurosSaved.map(F.euros) ?? "n/a") gross (\(a.eurosSavedNet.map(F.euros) ?? "n/a") net). Uncertainty: \(a.uncertainty).\n\n"
        out += a.notes.map { "- \($0)\n" }.joined()
        return out
    }
}
