import Finance

/// Text for `reval roi` (JSON is the `ReturnOnInvestment` value itself).
extension FinanceSummary {
    public static func roi(_ r: ReturnOnInvestment) -> String {
        func opt(_ v: Double?, _ f: (Double) -> String) -> String { v.map(f) ?? "–" }
        let rows: [(String, String)] = [
            ("cost", F.euros(r.cost)),
            ("participants", F.fixed(r.participants, 0)),
            ("break-even: benefit months to save (at \(F.euros(r.monthlyBenefit)))", F.fixed(r.breakEvenBenefitMonths, 1)),
            ("break-even: months per participant", F.fixed(r.breakEvenMonthsPerParticipant, 2)),
            ("extra persons out of benefit", opt(r.extraOutOfBenefit) { F.fixed($0, 1) }),
            ("cost per extra person out of benefit", opt(r.costPerExtraOutOfBenefit, F.euros)),
            ("benefit months saved over \(F.fixed(r.horizonMonths, 0)) months", opt(r.benefitMonthsSaved) { F.fixed($0, 1) }),
            ("euros saved", opt(r.eurosSaved, F.euros)),
            ("benefit months per € 1,000", opt(r.benefitMonthsPerThousandEuros) { F.fixed($0, 2) }),
            ("euros saved per euro spent", opt(r.returnRatio) { F.fixed($0, 2) }),
            ("payback time in months", payback(r)),
        ]
        return table(rows)
    }

    private static func payback(_ r: ReturnOnInvestment) -> String {
        guard r.benefitMonthsSaved != nil else { return "–" }
        return r.paybackMonths.map { F.fixed($0, 1) } ?? "not within the horizon"
    }

    private static func table(_ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { F.left($0.0, width) + "  " + $0.1 }.joined(separator: "\n") + "\n"
    }
}
