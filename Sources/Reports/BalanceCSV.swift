import Effects
import Evaluation
import TableKit

/// Balance tables as CSV (`reval estimate --balance FILE`), one row per covariate with cobalt's
/// columns: `type` (distance, binary or continuous), `diff_before`/`diff_after` (SMD for the
/// distance and continuous covariates, difference in proportions for binary ones; every level of
/// a factor, its reference level included) and the variance ratios (empty for binary covariates
/// and wherever undefined).
public enum BalanceCSV {
    static let statistics = ["covariate", "type", "diff_before", "diff_after", "variance_ratio_before", "variance_ratio_after"]

    /// Cohort mode: the balance of every estimated cell, named by its instrument, estimand and cell.
    /// The table of a cell whose model disclosure control withholds has its statistics empty,
    /// named in `suppressed`, so no row disappears silently.
    public static func csv(_ reports: [CohortEffectReport], control: DisclosureControl = DisclosureControl()) -> String {
        var out = (EffectColumn.cell.map(\.rawValue) + statistics + [EffectColumn.suppressed.rawValue]).joined(separator: ",") + "\n"
        for r in reports {
            let d = EstimateSummary.disclosed(r, control: control)
            for (k, b) in r.balance.enumerated() {
                let shown = d.isShown("balance[\(k)].table")
                let cell = [r.instrument, r.estimandID, b.dimension, b.subgroup.csvField, b.outcome, String(b.horizonMonths)]
                for row in b.table.rows { out += (cell + fields(row, shown: shown) + [shown ? "" : statistics.dropFirst(2).joined(separator: ";")]).joined(separator: ",") + "\n" }
            }
        }
        return out
    }

    /// Generic mode: the one table of the estimate.
    public static func csv(_ table: BalanceTable) -> String {
        (statistics.joined(separator: ",") + "\n") + table.rows.map { fields($0, shown: true).joined(separator: ",") + "\n" }.joined()
    }

    private static func fields(_ row: BalanceTable.Row, shown: Bool) -> [String] {
        func num(_ x: Double?) -> String { shown ? x.flatMap { $0.isFinite ? NumberFormatting.significant($0, 10) : nil } ?? "" : "" }
        return [row.covariate.csvField, row.type, num(row.differenceBefore), num(row.differenceAfter), num(row.varianceRatioBefore), num(row.varianceRatioAfter)]
    }
}
