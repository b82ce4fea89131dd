import Cohort
import Effects
import Foundation

/// One output under disclosure control: its counts (named by JSON path), the relations between
/// them, and the values derived from them (shares, means, estimates) that are withheld with them.
/// Every output reval writes about persons — JSON, CSV, Markdown, HTML, terminal text — is
/// rendered through one of these, so the same cells are hidden in every format.
///
/// JSON convention: a withheld value is `null`, and its path is a key of the root object
/// `suppressed` whose value says why (`below_minimum`, `complementary`, `small_base`,
/// `reveals_suppressed`, `residual_df`); the root also carries `disclosure` ("publication" or
/// "internal") and `min_cell_size`. In text a count from 1 to 9 is `<10`, a complementary
/// suppression `•`, a withheld share, mean or estimate `–`.
public struct DisclosurePlan {
    public enum Withholding: String, Sendable { case smallBase = "small_base", revealsSuppressed = "reveals_suppressed", residualDF = "residual_df" }
    public let control: DisclosureControl
    public var cells = CellRelations()
    var derived: [(path: String, reveals: [String], reason: Withholding?)] = []

    public init(control: DisclosureControl) { self.control = control }

    /// A value computed from counts: withheld when `withheld` is given, or when it would reveal a suppressed cell.
    public mutating func derive(_ path: String, reveals: [String] = [], withheld: Withholding? = nil) {
        derived.append((path, reveals, withheld))
    }

    public mutating func count(_ path: String, _ n: Int?) { if let n { cells.add(path, n) } }

    /// A `Share` at `path`: numerator, denominator, the implied complement, and the share itself
    /// (withheld over fewer than `min_cell_size` persons or when a count is suppressed).
    public mutating func share(_ path: String, _ s: Share, base: String? = nil) {
        cells.add("\(path).numerator", s.numerator)
        cells.add("\(path).denominator", s.denominator)
        if let base { cells.same(base, "\(path).denominator") }
        cells.add("~\(path).complement", s.denominator - s.numerator, implied: true)
        cells.relate(total: "\(path).denominator", parts: ["\(path).numerator", "~\(path).complement"])
        derive("\(path).share", reveals: ["\(path).numerator", "\(path).denominator"],
               withheld: s.denominator > 0 && s.denominator < control.minCellSize ? .smallBase : nil)
    }

    /// The disclosure control of one output: `declare` names its cells and relations.
    public static func disclose(_ control: DisclosureControl, _ declare: (inout DisclosurePlan) -> Void) -> Disclosed {
        var plan = DisclosurePlan(control: control)
        declare(&plan)
        return plan.resolve()
    }

    public func resolve() -> Disclosed {
        let hidden = cells.suppressed(by: control)
        var withheld = [String: String]()
        for d in derived {
            if let r = d.reason { withheld[d.path] = r.rawValue } else if d.reveals.contains(where: { hidden[$0] != nil }) { withheld[d.path] = Withholding.revealsSuppressed.rawValue }
        }
        return Disclosed(control: control, values: cells.values, hidden: hidden, withheld: withheld)
    }
}

/// The outcome of a `DisclosurePlan`: what each format may show.
public struct Disclosed: Sendable {
    public let control: DisclosureControl
    public let values: [String: Int]
    public let hidden: [String: SuppressionReason]
    /// Derived values not shown, with the reason.
    public let withheld: [String: String]

    /// A count as text: the number (formatted by `format`), `<10`, or `•`.
    public func count(_ path: String, format: (Int) -> String = String.init) -> String {
        switch hidden[path] {
        case .belowMinimum?: return "<\(control.minCellSize)"
        case .complementary?: return "•"
        case nil: return values[path].map(format) ?? "–"
        }
    }

    public func isShown(_ path: String) -> Bool { hidden[path] == nil && withheld[path] == nil }

    /// A share in percent with one decimal, or "–".
    public func share(_ path: String, _ s: Share) -> String {
        guard isShown("\(path).share"), let v = s.share else { return "–" }
        return NumberFormatting.fixed(100 * v, 1) + "%"
    }

    /// Free text (notes, warnings) with every count from 1 to min − 1 before a count word replaced by `<10`.
    public func text(_ s: String) -> String {
        guard control.minCellSize > 1 else { return s }
        let words = "(treated|controls?|control rows|persons|rows|participants|cases|records)"
        return s.replacingOccurrences(of: #"(?<![\d.,])([1-9]\d*)(?= \#(words)\b)"#, with: "\u{1}$1", options: .regularExpression)
            .split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated().map { k, part -> String in
                guard k > 0 else { return String(part) }
                let digits = part.prefix { $0.isNumber }
                guard let n = Int(digits), !control.isSafe(n) else { return String(part) }
                return "<\(control.minCellSize)" + part.dropFirst(digits.count)
            }.joined()
    }

    /// The JSON of `value` with every suppressed count and withheld value set to null and the
    /// root keys `disclosure`, `min_cell_size` and `suppressed` added (sorted keys, byte-stable).
    public func json<T: Encodable>(_ value: T, notes: [String] = []) throws -> String {
        var root = try JSONSerialization.jsonObject(with: Data(JSONOutput.encode(value).utf8)) as? [String: Any] ?? [:]
        var suppressed = [String: Any]()
        for (path, reason) in hidden { root = Self.setting(root, path: Self.components(path), to: NSNull()) as! [String: Any]; suppressed[path] = reason.rawValue }
        for (path, reason) in withheld { root = Self.setting(root, path: Self.components(path), to: NSNull()) as! [String: Any]; suppressed[path] = reason }
        for path in notes { root = Self.mappingStrings(root, path: Self.components(path), text) as! [String: Any] }
        root["disclosure"] = control.mode.rawValue
        root["min_cell_size"] = control.minCellSize
        root["suppressed"] = suppressed
        let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    enum Component { case key(String), index(Int) }

    /// "a.b[2].c" → [a, b, 2, c]
    static func components(_ path: String) -> [Component] {
        path.split(separator: ".").flatMap { part -> [Component] in
            let pieces = part.split(separator: "[")
            return [.key(String(pieces[0]))] + pieces.dropFirst().compactMap { Int($0.dropLast()).map(Component.index) }
        }
    }

    static func setting(_ node: Any, path: [Component], to value: Any) -> Any {
        transforming(node, path: path) { _ in value }
    }

    static func mappingStrings(_ node: Any, path: [Component], _ f: @escaping (String) -> String) -> Any {
        transforming(node, path: path) { leaf in
            if let s = leaf as? String { return f(s) }
            if let a = leaf as? [Any] { return a.map { ($0 as? String).map(f) ?? $0 } }
            return leaf
        }
    }

    private static func transforming(_ node: Any, path: [Component], _ f: (Any) -> Any) -> Any {
        guard let first = path.first else { return f(node) }
        switch first {
        case .key(let k):
            guard var d = node as? [String: Any], let child = d[k] else { return node }
            d[k] = transforming(child, path: Array(path.dropFirst()), f)
            return d
        case .index(let i):
            guard var a = node as? [Any], a.indices.contains(i) else { return node }
            a[i] = transforming(a[i], path: Array(path.dropFirst()), f)
            return a
        }
    }
}

// MARK: - The cells of each output

extension DisclosurePlan {
    /// `reval describe` (at the root) and the description section of a report (`prefix` "description.").
    public mutating func describe(_ d: CohortDescription, prefix p: String = "") {
        let o = d.outflow, f = "\(p)outflow"
        count("\(p)persons", d.persons)
        count("\(f).persons", o.persons)
        count("\(f).excluded_short_followup", o.excludedShortFollowup)
        cells.relate(total: "\(p)persons", parts: ["\(f).persons", "\(f).excluded_short_followup"])
        let shares: [(String, Share)] = [("out_within_7_weeks", o.outWithin7Weeks), ("out_within_year", o.outWithinYear),
                                         ("spontaneous_within_year", o.spontaneousWithinYear), ("spontaneous_within_7_weeks", o.spontaneousWithin7Weeks),
                                         ("spontaneous_after_7_weeks", o.spontaneousAfter7Weeks), ("after_trajectory_within_year", o.afterTrajectoryWithinYear),
                                         ("still_on_benefit_after_year", o.stillOnBenefitAfterYear)]
        for (k, s) in shares { share("\(f).\(k)", s, base: "\(f).persons") }
        func n(_ k: String) -> String { "\(f).\(k).numerator" }
        cells.relate(total: "\(f).persons", parts: [n("out_within_year"), n("still_on_benefit_after_year")])
        cells.relate(total: n("out_within_year"), parts: [n("spontaneous_within_year"), n("after_trajectory_within_year")])
        cells.relate(total: n("spontaneous_within_year"), parts: [n("spontaneous_within_7_weeks"), n("spontaneous_after_7_weeks")])
        let leavers = o.spontaneousAfter7Weeks.numerator
        derive("\(f).mean_weeks_spontaneous_after_7_weeks", reveals: [n("spontaneous_after_7_weeks")],
               withheld: leavers > 0 && leavers < control.minCellSize ? .smallBase : nil)
        count("\(p)participants", d.participants)
        for (k, s) in d.instrumentShares { share("\(p)instrument_shares.\(k)", s, base: "\(p)participants") }
        for (key, groups) in [("use_by_education_level", d.useByEducationLevel), ("use_by_work_history", d.useByWorkHistory)] {
            for (i, g) in groups.enumerated() {
                share("\(p)\(key)[\(i)].schooling", g.schooling)
                share("\(p)\(key)[\(i)].matching", g.matching, base: "\(p)\(key)[\(i)].schooling.denominator")
            }
            cells.relate(total: "\(p)participants", parts: groups.indices.map { "\(p)\(key)[\($0)].schooling.denominator" })
            for instrument in ["schooling", "matching"] {
                cells.relate(total: "\(p)instrument_shares.\(instrument).numerator", parts: groups.indices.map { "\(p)\(key)[\($0)].\(instrument).numerator" })
            }
        }
        let years = d.trajectoryRateByInflowYear.keys.sorted()
        for y in years { share("\(p)trajectory_rate_by_inflow_year.\(y)", d.trajectoryRateByInflowYear[y]!) }
        cells.relate(total: "\(p)persons", parts: years.map { "\(p)trajectory_rate_by_inflow_year.\($0).denominator" })
        cells.relate(total: "\(p)participants", parts: years.map { "\(p)trajectory_rate_by_inflow_year.\($0).numerator" })
    }

    /// The linkage report of `reval link`: rows read = rows kept + rows excluded by reason.
    public mutating func linkage(_ r: LinkageReport) {
        for (k, v) in [("benefit_rows_read", r.benefitRowsRead), ("trajectory_rows_read", r.trajectoryRowsRead), ("spells_kept", r.spellsKept),
                       ("trajectories_kept", r.trajectoriesKept), ("persons_in_data", r.personsInData), ("cohort_persons", r.cohortPersons),
                       ("reentrants", r.reentrants), ("censored_persons", r.censoredPersons), ("trajectories_linked_to_cohort", r.trajectoriesLinkedToCohort),
                       ("trajectories_before_inflow", r.trajectoriesBeforeInflow), ("trajectories_of_persons_outside_cohort", r.trajectoriesOfPersonsOutsideCohort)] {
            count(k, v)
        }
        let reasons = r.excludedByReason.keys.sorted()
        for k in reasons { count("excluded_by_reason.\(k)", r.excludedByReason[k]) }
        cells.add("~rows_read", r.benefitRowsRead + r.trajectoryRowsRead, implied: true)
        cells.relate(total: "~rows_read", parts: ["benefit_rows_read", "trajectory_rows_read"])
        cells.relate(total: "~rows_read", parts: ["spells_kept", "trajectories_kept"] + reasons.map { "excluded_by_reason.\($0)" })
        cells.relate(total: "trajectories_kept", parts: ["trajectories_linked_to_cohort", "trajectories_before_inflow", "trajectories_of_persons_outside_cohort"])
    }

    /// Effect rows (of `reval estimate` at `rows[i]`, or a report's `effects[k].rows[i]`): the
    /// subgroups of a dimension add up to the "all" row; for the same persons, treated with an
    /// outcome plus treated censored is the same at every outcome and horizon. An estimate needs
    /// at least `min_cell_size` treated and controls and 10 residual degrees of freedom.
    public mutating func effectRows(_ rows: [CohortEffectRow], prefix p: String = "") {
        func path(_ i: Int, _ k: String) -> String { "\(p)rows[\(i)].\(k)" }
        for (i, r) in rows.enumerated() {
            for (k, v) in [("n_treated", r.nTreated), ("n_control", r.nControl), ("n_treated_censored", r.nTreatedCensored)] { count(path(i, k), v) }
            for (k, v) in [("n_controls_used", r.nControlsUsed), ("n_treated_dropped", r.nTreatedDropped), ("n_treated_outside_support", r.nTreatedOutsideSupport)] { count(path(i, k), v) }
            let treatedInCell = "~\(p)treated.\(r.dimension).\(r.subgroup)"
            cells.add(treatedInCell, r.nTreated + r.nTreatedCensored, implied: true)
            cells.relate(total: treatedInCell, parts: [path(i, "n_treated"), path(i, "n_treated_censored")])
            let model = control.mayShowModel(treated: r.nTreated, controls: r.nControl, parameters: r.modelParameters ?? 0)
            for k in ["estimate", "se", "ci_low", "ci_high", "max_abs_smd_after"] where r.estimate != nil {
                derive(path(i, k), withheld: model ? nil : (r.nTreated < control.minCellSize || r.nControl < control.minCellSize ? .smallBase : .residualDF))
            }
        }
        let groups = Dictionary(grouping: rows.indices) { "\(rows[$0].outcome)|\(rows[$0].horizonMonths)" }
        for key in groups.keys.sorted() {
            let members = groups[key]!
            guard let all = members.first(where: { rows[$0].dimension == "all" }) else { continue }
            for dimension in Set(members.map { rows[$0].dimension }).subtracting(["all"]).sorted() {
                let parts = members.filter { rows[$0].dimension == dimension }
                for k in ["n_treated", "n_control", "n_treated_censored"] { cells.relate(total: path(all, k), parts: parts.map { path($0, k) }) }
            }
        }
    }

    /// A generic-mode estimate (`reval estimate --data`).
    public mutating func estimate(_ e: TreatmentEffectEstimate) {
        for (k, v) in [("n_treated", e.nTreated), ("n_control", e.nControl), ("n_controls_used", e.nControlsUsed),
                       ("n_treated_outside_support", e.nTreatedOutsideSupport), ("n_treated_dropped_by_caliper", e.nTreatedDroppedByCaliper)] {
            count(k, v)
        }
        let show = control.mayShowModel(treated: e.nTreated, controls: e.nControl, parameters: e.balance.rows.count + 1)
        for k in ["estimate", "se", "ci_low", "ci_high"] where !show { derive(k, withheld: .residualDF) }
    }

    /// Everything a report shows (`results.json`, report.md, report.html, figures).
    public mutating func report(_ r: ReportResults) {
        let s = r.sampleLoss
        for (k, v) in [("benefit_rows_read", s.benefitRowsRead), ("trajectory_rows_read", s.trajectoryRowsRead), ("rows_excluded", s.rowsExcluded),
                       ("persons_in_data", s.personsInData), ("cohort_persons", s.cohortPersons), ("reentrants", s.reentrants), ("censored_persons", s.censoredPersons)] {
            count("sample_loss.\(k)", v)
        }
        describe(r.description, prefix: "description.")
        for (k, e) in r.effects.enumerated() { effectRows(e.rows, prefix: "effects[\(k)].") }
        for (name, n) in r.participantCounts { count("participant_counts.\(name)", n) }
        for (mode, a) in [("applied_average", r.appliedAverage), ("applied_composition", r.appliedComposition)] {
            var allCells = [String]()
            for (j, inst) in a.instruments.enumerated() {
                let ip = "\(mode).instruments[\(j)]"
                count("\(ip).participants", inst.participants)
                cells.same("\(ip).participants", "participant_counts.\(inst.instrument)")
                for (q, quantity) in [("extra_out_of_benefit_short", inst.extraOutOfBenefitShort), ("extra_out_of_benefit_long", inst.extraOutOfBenefitLong),
                                      ("benefit_months_saved", inst.benefitMonthsSaved)] {
                    let cellPaths = quantity.cells.indices.map { "\(ip).\(q).cells[\($0)].participants" }
                    for (c, cell) in quantity.cells.enumerated() { count(cellPaths[c], cell.participants) }
                    cells.relate(total: "\(ip).participants", parts: cellPaths)
                    // The applied figure is Σ participants × effect: a second equation on the same cells.
                    cells.relateLinear(zip(cellPaths, quantity.cells).map { ($0, $1.effect ?? 0) })
                    // Where hiding other counts cannot protect a cell, the figure computed from it is withheld.
                    for k in ["exact", "rounded", "se"] { derive("\(ip).\(q).\(k)", reveals: cellPaths) }
                    allCells += cellPaths
                }
            }
            for k in ["extra_out_of_benefit_2y", "extra_out_of_benefit_8y", "extra_out_of_benefit_2y_exact", "extra_out_of_benefit_8y_exact",
                      "extra_out_of_benefit_2y_se", "extra_out_of_benefit_8y_se", "benefit_months_saved", "benefit_months_saved_exact",
                      "benefit_months_saved_se", "euros_saved", "euros_saved_net"] {
                derive("\(mode).\(k)", reveals: allCells)
            }
        }
    }
}
