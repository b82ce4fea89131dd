import Cohort

/// Text and JSON of the linkage report of `reval link` under disclosure control: counts from 1 to 9
/// are `<10`, rows read = rows kept + rows excluded by reason is protected by complementary
/// suppression, and the examples name file, line and column but no person id or birth date.
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
        var s = (disclosed.control.isInternal ? disclosed.control.internalStamp(dutch: false) + "\n" : "") + "Linkage report\n"
        s += "  benefits:      \(r.benefitsFile) (\(r.benefitsEncoding)), \(c("benefit_rows_read")) rows read, \(c("spells_kept")) spells kept\n"
        s += "  trajectories:  \(r.trajectoriesFile) (\(r.trajectoriesEncoding)), \(c("trajectory_rows_read")) rows read, \(c("trajectories_kept")) kept\n"
        let reasons = r.excludedByReason.keys.sorted()
        s += "  excluded rows: " + (reasons.isEmpty ? "0\n" : reasons.map { "\($0) \(c("excluded_by_reason.\($0)"))" }.joined(separator: ", ") + "\n")
        for e in r.excludedExamples { s += "    e.g. \(e)\n" }
        s += "  persons in data: \(c("persons_in_data")); in cohort \(r.cohortStart) to \(r.cohortEnd): \(c("cohort_persons"))\n"
        s += "  re-entrants (earlier spell in the data): \(c("reentrants")); cohort spell still running at \(r.extractionDate): \(c("censored_persons"))\n"
        s += "  trajectories linked to the cohort: \(c("trajectories_linked_to_cohort")); before inflow: \(c("trajectories_before_inflow")); of persons outside the cohort: \(c("trajectories_of_persons_outside_cohort"))\n"
        if !r.ignoredColumns.isEmpty { s += "  ignored columns: \(r.ignoredColumns.joined(separator: "; "))\n" }
        return s
    }

    public func json() throws -> String { try disclosed.json(report) }
}
