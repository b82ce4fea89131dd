import Cohort

/// Text and Markdown for `reval describe`; every share shows numerator and denominator.
public enum DescriptionSummary {
    typealias F = NumberFormatting

    static func share(_ s: Share) -> String {
        guard let v = s.share else { return "n/a (0 of 0)" }
        return "\(F.fixed(100 * v, 1))% (\(s.numerator) of \(s.denominator))"
    }

    public static func text(_ d: CohortDescription) -> String {
        let o = d.outflow
        var s = "Cohort: \(d.persons) persons" + (d.inflowFrom != nil || d.inflowTo != nil ? " with inflow \(d.inflowFrom ?? "…") to \(d.inflowTo ?? "…")" : "") + "\n\n"
        s += "Outflow within a year (004 fig. 2.4), base: \(o.persons) persons with a year of follow-up"
        s += o.excludedShortFollowup > 0 ? " (\(o.excludedShortFollowup) left out: less than a year)\n" : "\n"
        s += "  out of benefit within 7 weeks:          \(share(o.outWithin7Weeks))\n"
        s += "  out of benefit within a year:           \(share(o.outWithinYear))\n"
        s += "    spontaneously (no trajectory before):  \(share(o.spontaneousWithinYear))\n"
        s += "      within 7 weeks:                      \(share(o.spontaneousWithin7Weeks))\n"
        s += "      after 7 weeks:                       \(share(o.spontaneousAfter7Weeks))\n"
        s += "    after a trajectory:                    \(share(o.afterTrajectoryWithinYear))\n"
        s += "  still on benefit after a year:          \(share(o.stillOnBenefitAfterYear))\n"
        s += "  mean weeks to spontaneous outflow after week 7: \(o.meanWeeksSpontaneousAfter7Weeks.map { F.fixed($0, 1) } ?? "n/a")\n\n"
        s += "Instrument shares among \(d.participants) trajectory participants (004 table 3.1)\n"
        for (k, v) in d.instrumentShares.sorted(by: { ($0.value.numerator, $1.key) > ($1.value.numerator, $0.key) }) {
            s += "  \(F.left(k, 22)) \(share(v))\n"
        }
        s += "\nSchooling and matching among participants by education level (004 figs 3.2, 3.4)\n"
        for g in d.useByEducationLevel where g.schooling.denominator > 0 {
            s += "  \(F.left(g.group, 16)) schooling \(share(g.schooling)); matching \(share(g.matching))\n"
        }
        s += "\nBy work history in the 24 months before inflow (004 figs 3.3, 3.5)\n"
        for g in d.useByWorkHistory { s += "  \(F.left(g.group, 16)) schooling \(share(g.schooling)); matching \(share(g.matching))\n" }
        s += "\nShare of each inflow year that started a trajectory (004: 20% in 2011, 29% in 2012)\n"
        for (y, v) in d.trajectoryRateByInflowYear.sorted(by: { $0.key < $1.key }) { s += "  \(y): \(share(v))\n" }
        s += "\nEnd reasons of the persons whose cohort spell ended\n"
        s += counts(d.endReasons)
        for (i, c) in d.endReasonsByInstrument.sorted(by: { $0.key < $1.key }) {
            s += "  after \(i): " + c.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        s += "\nTrajectory participants by the provider of their first trajectory\n" + counts(d.participantsByProvider)
        for (dim, groups) in d.useBy.sorted(by: { $0.key < $1.key }) {
            s += "\nInstrument use among participants by \(dim)\n"
            for g in groups {
                s += "  \(F.left(g.group, 16)) \(g.participants) participants: "
                    + g.instruments.sorted { $0.key < $1.key }.map { "\($0.key) \(share($0.value))" }.joined(separator: "; ") + "\n"
            }
        }
        s += "\nOut of benefit is not the same as in work: end reasons are often not registered.\n"
        return s
    }

    static func counts(_ c: [String: Int]) -> String {
        c.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "  \(F.left($0.key, 22)) \($0.value)\n" }.joined()
    }

    public static func markdown(_ d: CohortDescription) -> String {
        let o = d.outflow
        var s = "| outflow (004 fig. 2.4) | share |\n|---|---:|\n"
        for (k, v) in [("out within 7 weeks", o.outWithin7Weeks), ("out within a year", o.outWithinYear),
                       ("spontaneous within a year", o.spontaneousWithinYear), ("spontaneous within 7 weeks", o.spontaneousWithin7Weeks),
                       ("spontaneous after 7 weeks", o.spontaneousAfter7Weeks), ("after a trajectory", o.afterTrajectoryWithinYear),
                       ("still on benefit after a year", o.stillOnBenefitAfterYear)] {
            s += "| \(k) | \(share(v)) |\n"
        }
        s += "\nMean weeks to spontaneous outflow after week 7: \(o.meanWeeksSpontaneousAfter7Weeks.map { F.fixed($0, 1) } ?? "n/a").\n\n"
        s += "| instrument (004 table 3.1) | share of \(d.participants) participants |\n|---|---:|\n"
        for (k, v) in d.instrumentShares.sorted(by: { ($0.value.numerator, $1.key) > ($1.value.numerator, $0.key) }) { s += "| \(k) | \(share(v)) |\n" }
        s += "\n| end reason | persons |\n|---|---:|\n"
        for (k, v) in d.endReasons.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { s += "| \(k) | \(v) |\n" }
        s += "\n| provider | participants |\n|---|---:|\n"
        for (k, v) in d.participantsByProvider.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { s += "| \(k) | \(v) |\n" }
        for (dim, groups) in d.useBy.sorted(by: { $0.key < $1.key }) {
            let instruments = groups.first.map { $0.instruments.keys.sorted() } ?? []
            s += "\n| \(dim) | participants | " + instruments.joined(separator: " | ") + " |\n|---|---:|" + instruments.map { _ in "---:|" }.joined() + "\n"
            for g in groups { s += "| \(g.group) | \(g.participants) | " + instruments.map { share(g.instruments[$0]!) }.joined(separator: " | ") + " |\n" }
        }
        return s
    }
}
