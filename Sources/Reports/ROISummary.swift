import Finance

/// Text and Markdown for `reval roi` (JSON is the `ReturnOnInvestment` value itself): a table of quantities, as `breakeven`.
extension FinanceSummary {
    public static func roi(_ r: ReturnOnInvestment, markdown: Bool = false) -> String {
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
        return table(rows, markdown: markdown)
    }

    private static func payback(_ r: ReturnOnInvestment) -> String {
        guard r.benefitMonthsSaved != nil else { return "–" }
        return r.paybackMonths.map { F.fixed($0, 1) } ?? "not within the horizon"
    }
}
