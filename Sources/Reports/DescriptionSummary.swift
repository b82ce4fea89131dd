import Cohort
import Evaluation
import TableKit

/// Text, Markdown and JSON for `reval describe`; every share shows numerator and denominator,
/// and every count, share and mean is under disclosure control (`DisclosurePlan.describe`).
public struct DescriptionSummary {
    typealias F = NumberFormatting
    public let description: CohortDescription
    public let disclosed: Disclosed

    public init(_ d: CohortDescription, control: DisclosureControl = DisclosureControl()) {
        description = d
        disclosed = DisclosurePlan.disclose(control) { $0.describe(d) }
    }

    func share(_ path: String, _ s: Share) -> String {
        guard s.denominator > 0 else { return "n/a (0 of 0)" }
        return "\(disclosed.share(path, s)) (\(disclosed.count("\(path).numerator")) of \(disclosed.count("\(path).denominator")))"
    }

    var stamp: String { disclosed.control.isInternal ? disclosed.control.internalStamp(dutch: false) + "\n\n" : "" }

    var meanWeeks: String {
        guard disclosed.isShown("outflow.mean_weeks_spontaneous_after_7_weeks") else { return "–" }
        return description.outflow.meanWeeksSpontaneousAfter7Weeks.map { F.fixed($0, 1) } ?? "n/a"
    }

    var outflowRows: [(label: String, key: String, share: Share)] {
        let o = description.outflow
        return [("out of benefit within 7 weeks:          ", "out_within_7_weeks", o.outWithin7Weeks),
                ("out of benefit within a year:           ", "out_within_year", o.outWithinYear),
                ("  spontaneously (no trajectory before):  ", "spontaneous_within_year", o.spontaneousWithinYear),
                ("    within 7 weeks:                      ", "spontaneous_within_7_weeks", o.spontaneousWithin7Weeks),
                ("    after 7 weeks:                       ", "spontaneous_after_7_weeks", o.spontaneousAfter7Weeks),
                ("  after a trajectory:                    ", "after_trajectory_within_year", o.afterTrajectoryWithinYear),
                ("still on benefit after a year:          ", "still_on_benefit_after_year", o.stillOnBenefitAfterYear)]
    }

    var sortedShares: [(key: String, value: Share)] {
        disclosed.ordered(description.instrumentShares.mapValues(\.numerator)) { "instrument_shares.\($0).numerator" }.map { ($0, description.instrumentShares[$0]!) }
    }

    public func text() -> String {
        let d = description, o = d.outflow
        func c(_ p: String) -> String { disclosed.count(p) }
        var s = stamp + "Cohort: \(c("persons")) persons" + (d.inflowFrom != nil || d.inflowTo != nil ? " with inflow \(d.inflowFrom ?? "…") to \(d.inflowTo ?? "…")" : "") + "\n\n"
        s += "Outflow within a year (004 fig. 2.4), base: \(c("outflow.persons")) persons with a year of follow-up"
        s += o.excludedShortFollowup > 0 ? " (\(c("outflow.excluded_short_followup")) left out: less than a year)\n" : "\n"
        for row in outflowRows { s += "  \(row.label)\(share("outflow.\(row.key)", row.share))\n" }
        s += "  mean weeks to spontaneous outflow after week 7: \(meanWeeks)\n\n"
        s += "Instrument shares among \(c("participants")) trajectory participants (004 table 3.1)\n"
        for (k, v) in sortedShares { s += "  \(F.left(k, 22)) \(share("instrument_shares.\(k)", v))\n" }
        s += "\nSchooling and matching among participants by education level (004 figs 3.2, 3.4)\n"
        for (i, g) in d.useByEducationLevel.enumerated() where g.schooling.denominator > 0 {
            s += "  \(F.left(g.group, 16)) schooling \(share("use_by_education_level[\(i)].schooling", g.schooling)); matching \(share("use_by_education_level[\(i)].matching", g.matching))\n"
        }
        s += "\nBy work history in the 24 months before inflow (004 figs 3.3, 3.5)\n"
        for (i, g) in d.useByWorkHistory.enumerated() {
            s += "  \(F.left(g.group, 16)) schooling \(share("use_by_work_history[\(i)].schooling", g.schooling)); matching \(share("use_by_work_history[\(i)].matching", g.matching))\n"
        }
        s += "\nShare of each inflow year that started a trajectory (004: 20% in 2011, 29% in 2012)\n"
        for (y, v) in d.trajectoryRateByInflowYear.sorted(by: { $0.key < $1.key }) { s += "  \(y): \(share("trajectory_rate_by_inflow_year.\(y)", v))\n" }
        s += "\nEnd reasons of the persons whose cohort spell ended\n"
        s += counts("end_reasons", d.endReasons).map { "  \(F.left($0.key, 22)) \($0.count)\n" }.joined()
        for (i, c) in d.endReasonsByInstrument.sorted(by: { $0.key < $1.key }) {
            s += "  after \(i): " + counts("end_reasons_by_instrument\(DisclosurePlan.member(i))", c).map { "\($0.key) \($0.count)" }.joined(separator: ", ") + "\n"
        }
        s += "\nParticipants of each instrument by the provider of their trajectory\n"
        for (i, c) in d.providersByInstrument.sorted(by: { $0.key < $1.key }) {
            s += "  \(F.left(i, 22)) " + counts("providers_by_instrument\(DisclosurePlan.member(i))", c).map { "\($0.key) \($0.count)" }.joined(separator: ", ") + "\n"
        }
        for (dim, groups) in d.useBy.sorted(by: { $0.key < $1.key }) {
            s += "\nInstrument use among participants by \(dim)\n"
            for (k, g) in groups.enumerated() {
                let path = "use_by\(DisclosurePlan.member(dim))[\(k)]"
                s += "  \(F.left(g.group, 16)) \(disclosed.count("\(path).participants")) participants: "
                    + g.instruments.sorted { $0.key < $1.key }.map { "\($0.key) \(share("\(path).instruments\(DisclosurePlan.member($0.key))", $0.value))" }.joined(separator: "; ") + "\n"
            }
        }
        s += "\nOut of benefit is not the same as in work: end reasons are often not registered.\n"
        return s + footer
    }

    var footer: String { "\n" + disclosed.control.rule(dutch: false) + "\n" }

    /// A table of counts at `path` as shown: shown counts largest first, suppressed ones last.
    func counts(_ path: String, _ c: [String: Int]) -> [(key: String, count: String)] {
        disclosed.ordered(c) { path + DisclosurePlan.member($0) }.map { ($0, disclosed.count(path + DisclosurePlan.member($0))) }
    }

    public func markdown() -> String {
        let d = description
        var s = stamp + "| outflow (004 fig. 2.4) | share |\n|---|---:|\n"
        for row in outflowRows { s += "| \(row.label.trimmingCharacters(in: .whitespaces).dropLast()) | \(share("outflow.\(row.key)", row.share)) |\n" }
        s += "\nMean weeks to spontaneous outflow after week 7: \(meanWeeks).\n\n"
        s += "| instrument (004 table 3.1) | share of \(disclosed.count("participants")) participants |\n|---|---:|\n"
        for (k, v) in sortedShares { s += "| \(k) | \(share("instrument_shares.\(k)", v)) |\n" }
        s += "\n| end reason | persons |\n|---|---:|\n"
        for (k, n) in counts("end_reasons", d.endReasons) { s += "| \(k) | \(n) |\n" }
        let reasons = Set(d.endReasonsByInstrument.values.flatMap(\.keys)).sorted()
        if !reasons.isEmpty {
            s += "\n| end reason after | " + reasons.joined(separator: " | ") + " |\n|---|" + reasons.map { _ in "---:|" }.joined() + "\n"
            for (i, c) in d.endReasonsByInstrument.sorted(by: { $0.key < $1.key }) {
                let path = "end_reasons_by_instrument\(DisclosurePlan.member(i))"
                s += "| \(i) | " + reasons.map { c[$0] == nil ? "0" : disclosed.count(path + DisclosurePlan.member($0)) }.joined(separator: " | ") + " |\n"
            }
        }
        s += "\n| instrument | provider | participants |\n|---|---|---:|\n"
        for (i, c) in d.providersByInstrument.sorted(by: { $0.key < $1.key }) {
            for (k, n) in counts("providers_by_instrument\(DisclosurePlan.member(i))", c) { s += "| \(i) | \(k) | \(n) |\n" }
        }
        for (dim, groups) in d.useBy.sorted(by: { $0.key < $1.key }) {
            let instruments = groups.first.map { $0.instruments.keys.sorted() } ?? []
            s += "\n| \(dim) | participants | " + instruments.joined(separator: " | ") + " |\n|---|---:|" + instruments.map { _ in "---:|" }.joined() + "\n"
            for (k, g) in groups.enumerated() {
                let path = "use_by\(DisclosurePlan.member(dim))[\(k)]"
                s += "| \(g.group) | \(disclosed.count("\(path).participants")) | "
                    + instruments.map { share("\(path).instruments\(DisclosurePlan.member($0))", g.instruments[$0]!) }.joined(separator: " | ") + " |\n"
            }
        }
        return s + footer
    }

    public func json() throws -> String { try disclosed.json(description) }
}
