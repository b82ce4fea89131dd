import Cohort
import Effects
import Evaluation
import Foundation
import TableKit

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

    /// `key` as the next component of a path: `.key`, or `["key"]` when the key is data that may hold
    /// dots, brackets or spaces (a provider's name).
    public static func member(_ key: String) -> String {
        if !key.isEmpty, key.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "_" }) { return ".\(key)" }
        return "[\"" + key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"]"
    }

    /// A table of counts keyed by category at `path`, that adds up to `total` (a cell of the output,
    /// or an implied one, added here, that a reader can work out as the sum).
    public mutating func counts(_ path: String, _ c: [String: Int], total: String? = nil) {
        let parts = c.keys.sorted().map { path + Self.member($0) }
        for (k, p) in zip(c.keys.sorted(), parts) { count(p, c[k]) }
        let t = total ?? "~\(path).total"
        if total == nil { cells.add(t, c.values.reduce(0, +), implied: true) }
        cells.relate(total: t, parts: parts)
    }

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

    /// Keys of a table of counts in the order to show them: the shown counts largest first, then
    /// the suppressed ones by key, so a suppressed count's place among the others gives no bound on it.
    public func ordered(_ counts: [String: Int], path: (String) -> String) -> [String] {
        let shown = counts.keys.filter { hidden[path($0)] == nil }, suppressed = counts.keys.filter { hidden[path($0)] != nil }
        return shown.sorted { (counts[$1]!, $0) < (counts[$0]!, $1) } + suppressed.sorted()
    }

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
        var root = Self.nonFiniteAsNull(try JSONSerialization.jsonObject(with: Self.encoded(value))) as? [String: Any] ?? [:]
        var suppressed = [String: Any]()
        for (path, reason) in hidden { root = Self.setting(root, path: Self.components(path), to: NSNull()) as! [String: Any]; suppressed[path] = reason.rawValue }
        // A derived value that the output does not have (an optional standard error, null) is not listed.
        for (path, reason) in withheld {
            guard let v = Self.value(root, path: Self.components(path)), !(v is NSNull) else { continue }
            root = Self.setting(root, path: Self.components(path), to: NSNull()) as! [String: Any]
            suppressed[path] = reason
        }
        for path in notes { root = Self.mappingStrings(root, path: Self.components(path), text) as! [String: Any] }
        root["disclosure"] = control.mode.rawValue
        root["min_cell_size"] = control.minCellSize
        root["suppressed"] = suppressed
        let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A statistic that is not a number (a variance ratio of two zero variances) is encoded as a
    /// marker and written as null: JSON has no NaN, and an output must not fail on one.
    private static let nonFinite = "\u{1}non-finite"

    static func encoded<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: nonFinite, negativeInfinity: nonFinite, nan: nonFinite)
        return try encoder.encode(NullsWritten(value))
    }

    static func nonFiniteAsNull(_ node: Any) -> Any {
        if let s = node as? String, s == nonFinite { return NSNull() }
        if let d = node as? [String: Any] { return d.mapValues(nonFiniteAsNull) }
        if let a = node as? [Any] { return a.map(nonFiniteAsNull) }
        return node
    }

    enum Component: Equatable { case key(String), index(Int) }

    /// "a.b[2].c" → [a, b, 2, c]; `a["x.y"]` → [a, x.y] (a key that is data, e.g. a provider's name: `DisclosurePlan.member`).
    static func components(_ path: String) -> [Component] {
        var out = [Component](), current = ""
        var chars = Array(path)[...]
        func flush() { if !current.isEmpty { out.append(.key(current)); current = "" } }
        while let c = chars.popFirst() {
            switch c {
            case ".": flush()
            case "[" where chars.first == "\"":
                flush()
                chars.removeFirst()
                var key = ""
                while let k = chars.popFirst(), k != "\"" { key.append(k == "\\" ? chars.popFirst() ?? k : k) }
                if chars.first == "]" { chars.removeFirst() }
                out.append(.key(key))
            case "[":
                flush()
                let digits = chars.prefix { $0 != "]" }
                chars = chars.dropFirst(digits.count + 1)
                if let i = Int(String(digits)) { out.append(.index(i)) }
            default: current.append(c)
            }
        }
        flush()
        return out
    }

    static func value(_ node: Any, path: [Component]) -> Any? {
        guard let first = path.first else { return node }
        switch first {
        case .key(let k): return (node as? [String: Any])?[k].flatMap { value($0, path: Array(path.dropFirst())) }
        case .index(let i):
            guard let a = node as? [Any], a.indices.contains(i) else { return nil }
            return value(a[i], path: Array(path.dropFirst()))
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
        endReasons(d, prefix: p)
        // Each instrument's participants by the provider of their trajectory of it add up to its participants.
        for (i, c) in d.providersByInstrument.sorted(by: { $0.key < $1.key }) {
            counts("\(p)providers_by_instrument\(Self.member(i))", c, total: "\(p)instrument_shares\(Self.member(i)).numerator")
        }
        for (dim, groups) in d.useBy.sorted(by: { $0.key < $1.key }) { useBy(d, dimension: dim, groups, prefix: p) }
    }

    /// End reasons of the persons who left, by reason: with those whose spell had not ended they
    /// make up the persons (overall) and each instrument's participants. The persons still on
    /// benefit are not shown here; for the whole cohort a reader has them from `link` (censored
    /// persons), so they count as known and one suppressed reason takes a second with it.
    mutating func endReasons(_ d: CohortDescription, prefix p: String) {
        func reasons(_ path: String, _ c: [String: Int], total: String, of persons: Int, known: Bool) {
            let parts = c.keys.sorted().map { path + Self.member($0) }
            for (k, part) in zip(c.keys.sorted(), parts) { count(part, c[k]) }
            cells.add("~\(path).not_ended", persons - c.values.reduce(0, +), implied: true, known: known)
            cells.relate(total: total, parts: parts + ["~\(path).not_ended"])
        }
        reasons("\(p)end_reasons", d.endReasons, total: "\(p)persons", of: d.persons, known: d.inflowFrom == nil && d.inflowTo == nil)
        for (i, c) in d.endReasonsByInstrument.sorted(by: { $0.key < $1.key }) {
            guard let participants = d.instrumentShares[i]?.numerator else { continue }
            reasons("\(p)end_reasons_by_instrument\(Self.member(i))", c, total: "\(p)instrument_shares\(Self.member(i)).numerator", of: participants, known: false)
        }
    }

    /// Instrument use by group along one dimension (`describe --by`): the groups add up to the
    /// participants (not by provider, where a person with trajectories of two providers is in
    /// both groups), each instrument's users over the groups to its participants; where the same
    /// groups appear in another table of the output (work history, education levels, each
    /// instrument's providers), their cells are tied to it.
    mutating func useBy(_ d: CohortDescription, dimension dim: String, _ groups: [GroupUse], prefix p: String) {
        let base = "\(p)use_by\(Self.member(dim))"
        func g(_ k: Int) -> String { "\(base)[\(k)]" }
        for (k, group) in groups.enumerated() {
            count("\(g(k)).participants", group.participants)
            for (i, s) in group.instruments.sorted(by: { $0.key < $1.key }) { share("\(g(k)).instruments\(Self.member(i))", s, base: "\(g(k)).participants") }
        }
        if CohortDimension(rawValue: dim) != .provider {
            cells.relate(total: "\(p)participants", parts: groups.indices.map { "\(g($0)).participants" })
        }
        for i in Set(groups.flatMap { $0.instruments.keys }).sorted() {
            cells.relate(total: "\(p)instrument_shares\(Self.member(i)).numerator", parts: groups.indices.map { "\(g($0)).instruments\(Self.member(i)).numerator" })
        }
        for (k, group) in groups.enumerated() {
            switch CohortDimension(rawValue: dim) {
            case .provider?:
                for i in group.instruments.keys.sorted() where d.providersByInstrument[i]?[group.group] != nil {
                    cells.same("\(g(k)).instruments\(Self.member(i)).numerator", "\(p)providers_by_instrument\(Self.member(i))\(Self.member(group.group))")
                }
            case .workHistory?:
                guard let w = d.useByWorkHistory.firstIndex(where: { $0.group == group.group }) else { break }
                let other = "\(p)use_by_work_history[\(w)]"
                cells.same("\(g(k)).participants", "\(other).schooling.denominator")
                for i in ["schooling", "matching"] where group.instruments[i] != nil { cells.same("\(g(k)).instruments.\(i).numerator", "\(other).\(i).numerator") }
            case .education?:
                // The two groups of the published tables are sums of the education levels.
                let levels = d.useByEducationLevel.indices.filter { EducationLevel(rawValue: d.useByEducationLevel[$0].group)?.group == group.group }
                let other = levels.map { "\(p)use_by_education_level[\($0)]" }
                cells.relate(total: "\(g(k)).participants", parts: other.map { "\($0).schooling.denominator" })
                for i in ["schooling", "matching"] where group.instruments[i] != nil {
                    cells.relate(total: "\(g(k)).instruments.\(i).numerator", parts: other.map { "\($0).\(i).numerator" })
                }
            default: break
            }
        }
    }

    /// The linkage report of `reval link`: rows read = rows kept + rows excluded by reason.
    public mutating func linkage(_ r: LinkageReport) {
        for (k, v) in [("benefit_rows_read", r.benefitRowsRead), ("trajectory_rows_read", r.trajectoryRowsRead), ("spells_kept", r.spellsKept),
                       ("trajectories_kept", r.trajectoriesKept), ("persons_in_data", r.personsInData), ("cohort_persons", r.cohortPersons),
                       ("reentrants", r.reentrants), ("censored_persons", r.censoredPersons), ("trajectories_linked_to_cohort", r.trajectoriesLinkedToCohort),
                       ("trajectories_before_inflow", r.trajectoriesBeforeInflow), ("trajectories_of_persons_outside_cohort", r.trajectoriesOfPersonsOutsideCohort)] {
            count(k, v)
        }
        for (k, v) in [("spells_merged", r.spellsMerged), ("spell_ends_after_extraction", r.spellEndsAfterExtraction),
                       ("trajectory_ends_after_extraction", r.trajectoryEndsAfterExtraction),
                       ("trajectories_outside_spells_after_inflow", r.trajectoriesOutsideSpellsAfterInflow),
                       ("trajectories_of_excluded_persons", r.trajectoriesOfExcludedPersons)] {
            count(k, v)
        }
        let reasons = r.excludedByReason.keys.sorted()
        for k in reasons { count("excluded_by_reason.\(k)", r.excludedByReason[k]) }
        cells.add("~rows_read", r.benefitRowsRead + r.trajectoryRowsRead, implied: true)
        cells.relate(total: "~rows_read", parts: ["benefit_rows_read", "trajectory_rows_read"])
        cells.relate(total: "~rows_read", parts: ["spells_kept", "trajectories_kept"] + reasons.map { "excluded_by_reason.\($0)" })
        // Every kept trajectory is linked, before inflow, after inflow outside a spell, of a person
        // outside the cohort or of a person left out whole.
        cells.relate(total: "trajectories_kept", parts: ["trajectories_linked_to_cohort", "trajectories_before_inflow", "trajectories_outside_spells_after_inflow",
                                                         "trajectories_of_persons_outside_cohort", "trajectories_of_excluded_persons"])
        // Persons left out whole, by the reason of their first excluded row (their total is the sum).
        counts("excluded_persons_by_reason", r.excludedPersonsByReason)
        // Trajectories outside every spell: by where they start and by instrument, the same total.
        let o = r.trajectoriesOutsideSpells, positions = ["before_first_spell": o.beforeFirstSpell, "between_spells": o.betweenSpells, "after_last_spell": o.afterLastSpell]
        counts("trajectories_outside_spells", positions)
        counts("trajectories_outside_spells.by_instrument", o.byInstrument, total: "~trajectories_outside_spells.total")
        // Persons by carried covariate: parts of no shown total.
        for (k, v) in r.covariatesMissingAtInflow.sorted(by: { $0.key < $1.key }) { count("covariates_missing_at_inflow" + DisclosurePlan.member(k), v) }
        for (k, v) in r.covariatesDifferingBetweenRows.sorted(by: { $0.key < $1.key }) { count("covariates_differing_between_rows" + DisclosurePlan.member(k), v) }
    }

    /// `reval link --list-codes`: each coded column's values with their row counts (which add up to
    /// the column's non-empty rows, counted as known: the rows read of a required column are shown by `link`).
    public mutating func codeListing(_ l: CodeListing) {
        for (k, c) in l.columns.enumerated() {
            let parts = c.values.indices.map { "columns[\(k)].values[\($0)].count" }
            for (part, v) in zip(parts, c.values) { count(part, v.count) }
            cells.add("~columns[\(k)].rows", c.values.reduce(0) { $0 + $1.count }, implied: true, known: true)
            cells.relate(total: "~columns[\(k)].rows", parts: parts)
        }
    }

    /// Effect rows (of `reval estimate` at `rows[i]`, or a report's `effects[k].rows[i]`): the
    /// subgroups of a dimension add up to the "all" row; for the same persons, treated with an
    /// outcome plus treated censored is the same at every outcome and horizon. An estimate needs
    /// at least `min_cell_size` treated and controls and 10 residual degrees of freedom.
    public mutating func effectRows(_ rows: [CohortEffectRow], prefix p: String = "") {
        func path(_ i: Int, _ k: EffectColumn) -> String { "\(p)rows[\(i)].\(k.rawValue)" }
        for (i, r) in rows.enumerated() {
            for k in EffectColumn.counts { count(path(i, k), r.count(k)) }
            let treatedInCell = "~\(p)treated.\(r.dimension).\(r.subgroup)"
            cells.add(treatedInCell, r.nTreated + r.nTreatedCensored, implied: true)
            cells.relate(total: treatedInCell, parts: [path(i, .nTreated), path(i, .nTreatedCensored)])
            for k in EffectColumn.modelValues where r.estimate != nil {
                derive(path(i, k), withheld: modelWithholding(r))
            }
        }
        let groups = Dictionary(grouping: rows.indices) { "\(rows[$0].outcome)|\(rows[$0].horizonMonths)" }
        for key in groups.keys.sorted() {
            let members = groups[key]!
            guard let all = members.first(where: { rows[$0].dimension == "all" }) else { continue }
            for dimension in Set(members.map { rows[$0].dimension }).subtracting(["all"]).sorted() {
                let parts = members.filter { rows[$0].dimension == dimension }
                for k: EffectColumn in [.nTreated, .nControl, .nControlRows, .nTreatedCensored] { cells.relate(total: path(all, k), parts: parts.map { path($0, k) }) }
            }
        }
    }

    /// Why a cell's model may not be shown: fewer than `min_cell_size` treated or control persons,
    /// or fewer than 10 residual degrees of freedom; nil when it may.
    func modelWithholding(_ r: CohortEffectRow) -> Withholding? {
        guard !control.mayShowModel(treated: r.nTreated, controls: r.nControl, parameters: r.modelParameters ?? 0) else { return nil }
        return r.nTreated < control.minCellSize || r.nControl < control.minCellSize ? .smallBase : .residualDF
    }

    /// `reval estimate --cohort`: the effect rows, each cell's balance table (withheld with the
    /// cell's estimate), the effect path of the whole cohort and the sensitivity of its headline
    /// figure (withheld with the whole-cohort model; the treated they leave out of the headline
    /// cell are counted as implied cells, so a small number left out is protected).
    public mutating func cohortEffects(_ r: CohortEffectReport) {
        effectRows(r.rows)
        for (k, b) in r.balance.enumerated() {
            guard let i = r.rows.firstIndex(where: { $0.dimension == b.dimension && $0.subgroup == b.subgroup && $0.outcome == b.outcome && $0.horizonMonths == b.horizonMonths }) else {
                continue
            }
            derive("balance[\(k)].table", withheld: modelWithholding(r.rows[i]))
        }
        guard let headline = r.rows.firstIndex(where: { $0.dimension == "all" }) else { return }
        let model = modelWithholding(r.rows[headline])
        if let path = r.effectPath {
            count("effect_path.n_treated", path.nTreated)
            let reason = path.nTreated > 0 && path.nTreated < control.minCellSize ? .smallBase : model
            for k in ["points", "lock_in_dip", "long_run_level", "month_turning_positive"] { derive("effect_path.\(k)", withheld: reason) }
            if let last = path.points.last?.month,
               let i = r.rows.firstIndex(where: { $0.dimension == "all" && $0.outcome == path.outcome && $0.horizonMonths == last }) {
                cells.same("effect_path.n_treated", "rows[\(i)].n_treated")
            }
        }
        sensitivity(r.sensitivity, headline: r.rows[headline], at: "rows[\(headline)]", model: model)
    }

    /// The sensitivity table of a headline figure: withheld with the whole-cohort model; the
    /// treated a variant leaves out of the headline cell are counted as implied cells, so a small
    /// number left out is protected. `at` is the headline row's path, `prefix` where the table sits
    /// (`effects[k].` in a report).
    mutating func sensitivity(_ rows: [SensitivityRow], headline: CohortEffectRow, at: String, prefix: String = "", model: Withholding?) {
        for (k, v) in rows.enumerated() {
            let p = "\(prefix)sensitivity[\(k)]"
            count("\(p).n_treated", v.nTreated)
            if let n = v.nTreated, headline.nTreated >= n {
                cells.add("~\(p).left_out", headline.nTreated - n, implied: true)
                cells.relate(total: "\(at).n_treated", parts: ["\(p).n_treated", "~\(p).left_out"])
            }
            let reason = model ?? (v.nTreated.map { $0 > 0 && $0 < control.minCellSize } == true ? .smallBase : nil)
            for key in ["estimate", "se", "ci_low", "ci_high"] { derive("\(p).\(key)", withheld: reason) }
        }
    }

    /// A generic-mode estimate (`reval estimate --data`).
    public mutating func estimate(_ e: TreatmentEffectEstimate) {
        for (k, v) in [("n_treated", e.nTreated), ("n_control", e.nControl), ("n_controls_used", e.nControlsUsed),
                       ("n_treated_outside_support", e.nTreatedOutsideSupport), ("n_treated_dropped", e.nTreatedDroppedByCaliper)] {
            count(k, v)
        }
        let show = control.mayShowModel(treated: e.nTreated, controls: e.nControl, parameters: e.balance.rows.count + 1)
        for k in ["estimate", "se", "ci_low", "ci_high"] where !show { derive(k, withheld: .residualDF) }
    }

    /// Everything a report shows (`results.json`, report.md, report.html, figures).
    public mutating func report(_ r: EvaluationResult) {
        let s = r.sampleLoss
        // From a linked cohort file the steps of linking are nil, and not shown.
        for (k, v) in [("benefit_rows_read", s.benefitRowsRead), ("trajectory_rows_read", s.trajectoryRowsRead), ("rows_excluded", s.rowsExcluded),
                       ("persons_in_data", s.personsInData), ("cohort_persons", s.cohortPersons), ("reentrants", s.reentrants), ("censored_persons", s.censoredPersons)] {
            if let v { count("sample_loss.\(k)", v) }
        }
        for (k, v) in [("persons_excluded", s.personsExcluded), ("spells_merged", s.spellsMerged), ("spells_running_at_extraction", s.spellsRunningAtExtraction),
                       ("trajectories_running_at_extraction", s.trajectoriesRunningAtExtraction), ("trajectories_outside_spells", s.trajectoriesOutsideSpells)] {
            if let v { count("sample_loss.\(k)", v) }
        }
        // Rows excluded by reason add up to the rows excluded.
        if let byReason = s.rowsExcludedByReason { counts("sample_loss.rows_excluded_by_reason", byReason, total: "sample_loss.rows_excluded") }
        describe(r.description, prefix: "description.")
        let wholeCohort = r.description.inflowFrom == nil && r.description.inflowTo == nil
        for (name, n) in r.participantCounts { count("participant_counts.\(name)", n) }
        for (k, e) in r.effects.enumerated() {
            let p = "effects[\(k)]"
            effectRows(e.rows, prefix: "\(p).")
            let all = e.rows.first(where: { $0.dimension == "all" })
            let model = all.flatMap(modelWithholding)
            // The balance shown is the whole-cohort cell's of the first outcome and horizon; the overlap is of its model.
            if e.balance != nil, all != nil { derive("\(p).balance", withheld: model) }
            if e.overlap != nil, all != nil { derive("\(p).overlap", withheld: model) }
            if let path = e.effectPath {
                count("\(p).effect_path.n_treated", path.nTreated)
                let reason = path.nTreated > 0 && path.nTreated < control.minCellSize ? .smallBase : model
                for key in ["points", "lock_in_dip", "long_run_level", "month_turning_positive"] { derive("\(p).effect_path.\(key)", withheld: reason) }
            }
            if let headline = e.rows.firstIndex(where: { $0.dimension == "all" }) {
                sensitivity(e.sensitivity, headline: e.rows[headline], at: "\(p).rows[\(headline)]", prefix: "\(p).", model: model)
            }
            // Participants = estimated + the three reasons they are outside the estimates.
            let q = e.participants, pp = "\(p).participants"
            for (key, v) in [("all", q.all), ("estimated", q.estimated), ("started_after_window", q.startedAfterWindow),
                             ("other_trajectory_first", q.otherTrajectoryFirst), ("started_in_inflow_month", q.startedInInflowMonth)] {
                count("\(pp).\(key)", v)
            }
            cells.relate(total: "\(pp).all", parts: ["estimated", "started_after_window", "other_trajectory_first", "started_in_inflow_month"].map { "\(pp).\($0)" })
            if let all, all.nTreated + all.nTreatedCensored == q.estimated { cells.same("\(pp).estimated", "~\(p).treated.all.all") }
            if wholeCohort { cells.same("\(pp).all", "description.instrument_shares\(Self.member(e.instrument)).numerator") }
            if r.participantCounts[e.instrument] != nil {
                cells.same("participant_counts.\(e.instrument)", r.savingsBasis.effectsFrom == "estimates" ? "\(pp).estimated" : "\(pp).all")
            }
        }
        if wholeCohort {
            // The description is of the whole cohort: the same persons as the sample account, its persons
            // whose spell had not ended are the censored persons.
            cells.same("description.persons", "sample_loss.cohort_persons")
            cells.same("~description.end_reasons.not_ended", "sample_loss.censored_persons")
        }
        for (mode, a) in [("applied_average", r.appliedAverage), ("applied_composition", r.appliedComposition)].compactMap({ m, a in a.map { (m, $0) } }) {
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
