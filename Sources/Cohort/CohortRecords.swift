import TableKit

/// The persons of a cohort file's records (`CohortFile.read`): where each column is, and the
/// values of the coded columns' texts met so far. A value type, so that each thread reading a
/// part of the file decodes with a copy of its own.
struct CohortRecords: Sendable {
    private let inflowDate, age, sex, educationLevel, household, monthsWorked, earlierSpells, followupMonths,
                firstExitDays, endReason, firstTrajectoryDays, benefitMonths: Int
    private let startColumns: [(instrument: Instrument, column: Int)]
    private let providerColumns: [(instrument: Instrument, column: Int)]
    private let legacyProvider: Int?
    private let covariateColumns: [(name: String, column: Int)]
    private var covariateValues: [DistinctFieldValues<String>]
    private var sexes = DistinctFieldValues<Sex?>(), levels = DistinctFieldValues<EducationLevel?>(),
                households = DistinctFieldValues<Household?>(), endReasons = DistinctFieldValues<EndReason?>(),
                providers = DistinctFieldValues<String>()

    /// The columns of a cohort file's header; a missing one is an error naming it.
    init(header: [String], file: String) throws {
        let instruments = header.compactMap { h in
            h.hasPrefix(CohortFile.instrumentPrefix) ? Instrument(rawValue: String(h.dropFirst(CohortFile.instrumentPrefix.count))) : nil
        }
        func column(_ c: String) throws -> Int {
            try RequiredColumns.indices(of: [c], in: header, file: file, advice: "is this a cohort file written by 'reval link'?")[0]
        }
        for c in CohortFile.header(instruments) { _ = try column(c) }
        inflowDate = try column("inflow_date"); age = try column("age"); sex = try column("sex")
        educationLevel = try column("education_level"); household = try column("household")
        monthsWorked = try column("months_worked_24m"); earlierSpells = try column("earlier_spells")
        followupMonths = try column("followup_months"); firstExitDays = try column("first_exit_days")
        endReason = try column("end_reason"); firstTrajectoryDays = try column("first_trajectory_days")
        benefitMonths = try column("benefit_months")
        startColumns = try instruments.map { ($0, try column(CohortFile.instrumentPrefix + $0.rawValue)) }
        providerColumns = instruments.compactMap { i in header.firstIndex(of: CohortFile.providerPrefix + i.rawValue).map { (i, $0) } }
        legacyProvider = providerColumns.isEmpty ? header.firstIndex(of: CohortFile.legacyProviderColumn) : nil
        covariateColumns = header.indices.filter { header[$0].hasPrefix(UserCovariates.columnPrefix) }
            .map { (name: String(header[$0].dropFirst(UserCovariates.columnPrefix.count)), column: $0) }
        covariateValues = covariateColumns.map { _ in DistinctFieldValues<String>() }
    }

    /// The person of one record; a bad field is an error naming its line, column and value.
    mutating func person(_ rec: CSVRecord) throws -> CohortPerson {
        func int(_ i: Int) throws -> Int {
            guard let v = try optionalInt(i) else { throw rec.error(column: i, "missing value") }
            return v
        }
        func optionalInt(_ i: Int) throws -> Int? {
            if let v = rec.integer(i) { return v }
            if rec.isEmpty(i) { return nil }
            throw rec.error(column: i, "not a whole number")
        }
        func code<C: AliasedCode>(_ i: Int, _ cache: inout DistinctFieldValues<C?>) throws -> C? {
            if rec.isEmpty(i) { return nil }
            guard let v = cache.value(of: rec, i, C.parse) else { throw rec.error(column: i, "unknown code") }
            return v
        }
        guard let inflow = rec.withRawBytes(inflowDate, CivilDate.parse(bytes:)) else { throw rec.error(column: inflowDate, "not a valid date") }
        let followup = try int(followupMonths)
        guard let history = rec.withRawBytes(benefitMonths, { CohortFile.history(of: $0, months: followup + 1) }) else {
            throw rec.error(column: benefitMonths, "benefit history must have followup_months + 1 characters, each B (on benefit) or . (not), or 1 and 0 as older files write it")
        }
        var starts = [Instrument: Int]()
        for (i, c) in startColumns { if let m = try optionalInt(c) { starts[i] = m } }
        guard let sex = try code(sex, &sexes), let edu = try code(educationLevel, &levels) else {
            throw rec.error(column: self.sex, "missing sex or education level")
        }
        var named = [Instrument: String]()
        for (i, c) in providerColumns where starts[i] != nil && !rec.isEmpty(c) { named[i] = providers.value(of: rec, c) { $0 } }
        if let c = legacyProvider, !rec.isEmpty(c), let first = CohortFile.legacyFirstInstrument(starts) { named[first] = providers.value(of: rec, c) { $0 } }
        return CohortPerson(
            inflowDate: inflow, age: try int(age), sex: sex, educationLevel: edu, household: try code(household, &households),
            monthsWorked24m: try int(monthsWorked), earlierSpells: try int(earlierSpells), followupMonths: followup,
            firstExitDays: try optionalInt(firstExitDays), endReason: try code(endReason, &endReasons),
            onBenefit: history, instrumentStarts: starts, firstTrajectoryDays: try optionalInt(firstTrajectoryDays),
            providers: named,
            covariates: covariateColumns.indices.map { k in
                let i = covariateColumns[k].column
                return NamedCovariate(name: covariateColumns[k].name, value: rec.isEmpty(i) ? nil : covariateValues[k].value(of: rec, i) { $0 })
            })
    }
}
