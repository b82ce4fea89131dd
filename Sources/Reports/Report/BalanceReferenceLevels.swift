import Effects

/// The balance rows of a love plot, with the reference level of each factor added: the
/// propensity model leaves one level of every factor out (18–24 years, men, low education, …),
/// and the worst imbalance can sit in that level.
///
/// For the dummies of one factor the difference in proportions of the reference level is minus
/// the sum of the others', before and after adjustment alike: the (weighted) shares of all
/// levels add up to 1 in both groups. It is derived only when every other level of the factor
/// is in the table as a binary row (a level dropped from a cell's model would make it wrong).
enum BalanceReferenceLevels {
    /// Reference level → the other levels of its factor.
    static let factors: [(reference: String, levels: [String])] = [
        ("age_18_24", ["age_25_29", "age_30_34", "age_35_39", "age_40_44", "age_45_49", "age_50_54", "age_55_59", "age_60_plus"]),
        ("male", ["female"]),
        ("education_low", ["education_high", "education_unknown"]),
        ("worked_0", ["worked_1_6", "worked_7_12", "worked_13_18", "worked_19_24"]),
        ("single", ["single_parent", "couple"]),
        ("tau_1_3", ["tau_4_6", "tau_7_12", "tau_13_plus"]),
        ("current_spell_12_plus", ["current_spell_0_2", "current_spell_3_5", "current_spell_6_11"]),
    ]

    /// Every row with a difference before and after, each reference level after the last level of its factor.
    static func rows(_ table: BalanceTable) -> [(covariate: String, before: Double, after: Double)] {
        var out = [(covariate: String, before: Double, after: Double)]()
        let binary = Dictionary(table.rows.filter { $0.type == "binary" }.map { ($0.covariate, $0) }, uniquingKeysWith: { a, _ in a })
        // The inflow years are a factor too: its levels are the inflow_YYYY dummies.
        let years = table.rows.map(\.covariate).filter { $0.hasPrefix("inflow_") && Int($0.dropFirst(7)) != nil }
        let all = factors + (years.isEmpty ? [] : [("inflow_first", years)])
        for r in table.rows {
            guard let before = r.differenceBefore, let after = r.differenceAfter, before.isFinite, after.isFinite else { continue }
            out.append((r.covariate, before, after))
            for f in all where f.levels.last == r.covariate {
                let levels = f.levels.compactMap { binary[$0] }
                guard levels.count == f.levels.count else { continue }
                let b = levels.compactMap(\.differenceBefore), a = levels.compactMap(\.differenceAfter)
                guard b.count == levels.count, a.count == levels.count else { continue }
                out.append((f.reference, -b.reduce(0, +), -a.reduce(0, +)))
            }
        }
        return out
    }
}
