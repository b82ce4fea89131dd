import Cohort
import Evaluation
import TableKit

/// Text and JSON of the linkage report of `reval link` under disclosure control: counts from 1 to 9
/// are `<10`; rows read = rows kept + rows excluded by reason, kept trajectories = linked + before
/// inflow + outside a spell after inflow + of persons outside the cohort + of persons left out,
/// persons left out by reason and trajectories outside every spell by position and by instrument
/// are protected by complementary suppression; the examples (one per exclusion reason) name file,
/// line and column but no person id or birth date.
public struct LinkageSummary {
    public let report: LinkageReport
    public let disclosed: Disclosed

    public init(_ r: LinkageReport, control: DisclosureControl = DisclosureControl()) {
        report = r
        disclosed = DisclosurePlan.disclose(control) { $0.linkage(r) }
    }

    public func text() -> String {
        let r = report
        func c(_ p: String) -> String { disclosed.count(p) }
        func counts(_ path: String, _ values: [String: Int]) -> String {
            values.keys.sorted().map { "\($0) \(c(path + DisclosurePlan.member($0)))" }.joined(separator: ", ")
        }
        var s = (disclosed.control.isInternal ? disclosed.control.internalStamp(dutch: false) + "\n" : "") + "Linkage report\n"
        s += "  benefits:      \(r.benefitsFile) (\(r.benefitsEncoding)), \(c("benefit_rows_read")) rows read, \(c("spells_kept")) spells kept\n"
        s += "  trajectories:  \(r.trajectoriesFile) (\(r.trajectoriesEncoding)), \(c("trajectory_rows_read")) rows read, \(c("trajectories_kept")) kept\n"
        if let codes = r.codesFile { s += "  codes:         \(codes)\n" }
        s += "  excluded rows: " + (r.excludedByReason.isEmpty ? "0" : counts("excluded_by_reason", r.excludedByReason)) + "\n"
        for e in r.excludedExamples { s += "    e.g. \(e)\n" }
        if !r.excludedPersonsByReason.isEmpty {
            s += "  persons left out whole for an excluded row: " + counts("excluded_persons_by_reason", r.excludedPersonsByReason) + "\n"
        }
        s += "  spells joined to the one before (gap of at most \(r.mergeGapDays) days): \(c("spells_merged"))\n"
        s += "  end date after \(r.extractionDate), read as running then: \(c("spell_ends_after_extraction")) spells, \(c("trajectory_ends_after_extraction")) trajectories\n"
        s += "  persons in data: \(c("persons_in_data")); in cohort \(r.cohortStart) to \(r.cohortEnd): \(c("cohort_persons"))\n"
        s += "  re-entrants (earlier spell in the data): \(c("reentrants")); cohort spell still running at \(r.extractionDate): \(c("censored_persons"))\n"
        s += "  trajectories linked to the cohort: \(c("trajectories_linked_to_cohort")); before inflow: \(c("trajectories_before_inflow")); "
            + "after inflow outside a spell (not treatment): \(c("trajectories_outside_spells_after_inflow")); of persons outside the cohort: \(c("trajectories_of_persons_outside_cohort"))"
            + (r.trajectoriesOfExcludedPersons > 0 ? "; of persons left out: \(c("trajectories_of_excluded_persons"))" : "") + "\n"
        let o = r.trajectoriesOutsideSpells
        s += "  trajectories outside every benefit spell: "
        if o.total == 0 {
            s += "0\n"
        } else {
            s += "before the first spell \(c("trajectories_outside_spells.before_first_spell")), between spells \(c("trajectories_outside_spells.between_spells")), "
                + "after the last spell \(c("trajectories_outside_spells.after_last_spell")); by instrument: " + counts("trajectories_outside_spells.by_instrument", o.byInstrument) + "\n"
        }
        for name in r.covariates {
            s += "  covariate carried at inflow: \(name) (missing at inflow: \(c("covariates_missing_at_inflow" + DisclosurePlan.member(name))) persons; "
                + "rows of a person that differ, value at inflow kept: \(c("covariates_differing_between_rows" + DisclosurePlan.member(name))) persons)\n"
        }
        if !r.ignoredColumns.isEmpty { s += "  ignored columns: \(r.ignoredColumns.joined(separator: "; "))\n" }
        return s
    }

    /// Markdown: the same report as the text, its counts as Markdown tables (`TextTable`, as every command's).
    public func markdown() -> String {
        let r = report
        func c(_ p: String) -> String { disclosed.count(p) }
        /// A table of counts by category at `path`, categories in key order.
        func table(_ header: [String], _ path: String, _ values: [String: Int]) -> String {
            "\n" + TextTable(header: header, rows: values.keys.sorted().map { [$0, c(path + DisclosurePlan.member($0))] }).markdown()
        }
        var s = (disclosed.control.isInternal ? disclosed.control.internalStamp(dutch: false) + "\n\n" : "") + "## Linkage report\n\n"
        s += TextTable(header: ["export", "file", "encoding", "rows read", "kept"], rows: [
            ["benefits", r.benefitsFile, r.benefitsEncoding, c("benefit_rows_read"), c("spells_kept")],
            ["trajectories", r.trajectoriesFile, r.trajectoriesEncoding, c("trajectory_rows_read"), c("trajectories_kept")],
        ], leftAligned: [0, 1, 2]).markdown()
        if let codes = r.codesFile { s += "\nCodes file: \(codes)\n" }
        if r.excludedByReason.isEmpty { s += "\nNo rows excluded.\n" } else {
            s += table(["excluded rows by reason", "rows"], "excluded_by_reason", r.excludedByReason)
            if !r.excludedExamples.isEmpty { s += "\n" + r.excludedExamples.map { "- e.g. \($0)\n" }.joined() }
        }
        if !r.excludedPersonsByReason.isEmpty {
            s += table(["persons left out whole for an excluded row", "persons"], "excluded_persons_by_reason", r.excludedPersonsByReason)
        }
        var counts: [[String]] = [
            ["spells joined to the one before (gap of at most \(r.mergeGapDays) days)", c("spells_merged")],
            ["spells with an end date after \(r.extractionDate), read as running then", c("spell_ends_after_extraction")],
            ["trajectories with an end date after \(r.extractionDate), read as running then", c("trajectory_ends_after_extraction")],
            ["persons in the data", c("persons_in_data")],
            ["persons in the cohort \(r.cohortStart) to \(r.cohortEnd)", c("cohort_persons")],
            ["re-entrants (earlier spell in the data)", c("reentrants")],
            ["cohort spell still running at \(r.extractionDate)", c("censored_persons")],
            ["trajectories linked to the cohort", c("trajectories_linked_to_cohort")],
            ["trajectories before inflow", c("trajectories_before_inflow")],
            ["trajectories after inflow outside a spell (not treatment)", c("trajectories_outside_spells_after_inflow")],
            ["trajectories of persons outside the cohort", c("trajectories_of_persons_outside_cohort")],
        ]
        if r.trajectoriesOfExcludedPersons > 0 { counts.append(["trajectories of persons left out", c("trajectories_of_excluded_persons")]) }
        let o = r.trajectoriesOutsideSpells
        if o.total == 0 { counts.append(["trajectories outside every benefit spell", "0"]) }
        s += "\n" + TextTable(header: ["linkage", "count"], rows: counts).markdown()
        if o.total > 0 {
            s += "\n" + TextTable(header: ["trajectories outside every benefit spell", "trajectories"], rows: [
                ["before the first spell", c("trajectories_outside_spells.before_first_spell")],
                ["between spells", c("trajectories_outside_spells.between_spells")],
                ["after the last spell", c("trajectories_outside_spells.after_last_spell")],
            ]).markdown()
            s += table(["instrument of a trajectory outside every spell", "trajectories"], "trajectories_outside_spells.by_instrument", o.byInstrument)
        }
        if !r.covariates.isEmpty {
            s += "\n" + TextTable(header: ["covariate carried at inflow", "persons missing at inflow", "persons whose rows differ (value at inflow kept)"], rows: r.covariates.map { name in
                [name, c("covariates_missing_at_inflow" + DisclosurePlan.member(name)), c("covariates_differing_between_rows" + DisclosurePlan.member(name))]
            }).markdown()
        }
        if !r.ignoredColumns.isEmpty { s += "\nIgnored columns: \(r.ignoredColumns.joined(separator: "; "))\n" }
        return s
    }

    public func json() throws -> String { try disclosed.json(report) }
}

/// `reval link --list-codes` under disclosure control: a value's row count from 1 to 9 is `<10`
/// (the value and its mapping are always listed), with complementary suppression within a column.
public struct CodeListingSummary {
    public let listing: CodeListing
    public let disclosed: Disclosed

    /// Values with a shown count come first, largest first, those with a suppressed count last by
    /// value, so that a suppressed count's place in the list gives no bound on it.
    public init(_ l: CodeListing, control: DisclosureControl = DisclosureControl()) {
        let first = DisclosurePlan.disclose(control) { $0.codeListing(l) }
        let ordered = l.reordered { k in
            let values = l.columns[k].values
            func hidden(_ j: Int) -> Bool { !first.isShown("columns[\(k)].values[\(j)].count") }
            return values.indices.filter { !hidden($0) } + values.indices.filter(hidden).sorted { values[$0].value < values[$1].value }
        }
        listing = ordered
        disclosed = DisclosurePlan.disclose(control) { $0.codeListing(ordered) }
    }

    /// As a codes file to edit: mapped values as they are read, unmapped ones with "?" to fill in.
    public func text() -> String {
        var s = ""
        for (k, c) in listing.columns.enumerated() {
            s += "[\(c.column)]  # \(c.file)\n"
            for (j, v) in c.values.enumerated() {
                s += "\(quoted(v.value)) = \(quoted(v.code ?? "?"))  # \(disclosed.count("columns[\(k)].values[\(j)].count")) rows, \(v.source ?? "unmapped")\n"
            }
        }
        s += listing.unmapped == 0 ? "# every value is mapped\n" : "# \(listing.unmapped) unmapped value(s): map them in a codes file (--codes)\n"
        return s
    }

    /// Markdown: one table per coded column (value, code, rows, where the mapping comes from), unmapped values with code "?".
    public func markdown() -> String {
        var s = "## Coded values of the exports\n"
        for (k, c) in listing.columns.enumerated() {
            s += "\n### \(c.column) (\(c.file))\n\n" + TextTable(header: ["value", "code", "rows", "mapping"], rows: c.values.enumerated().map { j, v in
                [v.value, v.code ?? "?", disclosed.count("columns[\(k)].values[\(j)].count"), v.source ?? "unmapped"]
            }, leftAligned: [0, 1, 3]).markdown()
        }
        s += listing.unmapped == 0 ? "\nEvery value is mapped.\n" : "\n\(listing.unmapped) unmapped value(s): map them in a codes file (--codes).\n"
        return s
    }

    public func json() throws -> String { try disclosed.json(listing) }

    private func quoted(_ v: String) -> String {
        "\"" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
