import Foundation
import StatKit
import TableKit

/// `cohort.csv`: one row per cohort person, written by `reval link` and read by
/// `describe` and `estimate`. It holds no person id; `benefit_months` is the benefit
/// history, one character per elapsed month 0…followup_months: `B` on benefit at the start
/// of the month, `.` not (`BBBB..BBB.`). Letters and dots keep the column text in R's
/// `read.csv`, readr and pandas, which read a string of digits as a number and lose the
/// history; files written before this form, with `1` and `0`, are still read. Each instrument
/// has a column `start_<id>`: the ten built-in ones always, and any other a codes file
/// introduced when someone in the cohort received it. After `benefit_months`, each instrument
/// has a column `provider_<id>` in the same order: the provider of that instrument's first
/// trajectory as the export names it (CSV-quoted when it holds a comma or quote), empty when
/// none is named or the instrument was not received; files written before, with one `provider`
/// (of the first trajectory), are still read. The user-named covariates (`reval link
/// --covariates`) follow, as `covariate_<name>`: numbers as numbers, other values as text,
/// missing values empty.
public enum CohortFile {
    static let fixedColumns = ["inflow_date", "inflow_year", "age", "age_band", "sex", "education_level", "education", "household",
                               "months_worked_24m", "worked_24m", "earlier_spells", "reentrant", "followup_months",
                               "first_exit_days", "first_exit_month", "end_reason", "first_trajectory_days"]
    static let instrumentPrefix = "start_"

    /// The characters of `benefit_months`: on benefit, off benefit; and the 0/1 form read from older files.
    public static let onBenefitMark = UInt8(ascii: "B"), offBenefitMark = UInt8(ascii: ".")
    static let legacyOn = UInt8(ascii: "1"), legacyOff = UInt8(ascii: "0")

    static func instruments(of persons: [CohortPerson]) -> [Instrument] {
        Instrument.builtInThen(persons.lazy.flatMap { $0.instrumentStarts.keys })
    }

    static func header(_ instruments: [Instrument]) -> [String] {
        fixedColumns + instruments.map { instrumentPrefix + $0.rawValue } + ["benefit_months"]
    }

    /// The provider of each instrument's first trajectory: written after `benefit_months`, optional on reading.
    static let providerPrefix = "provider_"
    /// The one provider column of files written before `provider_<id>`: the provider of the first trajectory.
    static let legacyProviderColumn = "provider"

    /// A benefit history as `benefit_months` writes it.
    public static func historyText(_ onBenefit: BenefitHistory) -> String {
        String(decoding: onBenefit.map { $0 ? onBenefitMark : offBenefitMark }, as: UTF8.self)
    }

    public static func write(_ persons: [CohortPerson], to path: String) throws {
        let columns = instruments(of: persons)
        let covariates = persons.first?.covariates.map(\.name) ?? []
        let header = (header(columns) + columns.map { providerPrefix + $0.rawValue } + covariates.map { UserCovariates.columnPrefix + $0 })
            .joined(separator: ",") + "\n"
        var file = Data(capacity: header.utf8.count + CohortRow.maxBytes(persons, persons.indices, columns: columns.count))
        file.append(contentsOf: header.utf8)
        // Rows are built a batch at a time on both cores and appended in order, so the whole file
        // is held once (a national cohort file is a quarter of a gigabyte).
        let batch = CohortRow.batch
        for done in stride(from: 0, to: persons.count, by: 2 * batch) {
            let parts = ParallelMap.run(2) { k in
                var row = CohortRow(columns: columns)
                return row.rows(of: persons, min(done + k * batch, persons.count)..<min(done + (k + 1) * batch, persons.count))
            }
            for part in parts { file.append(contentsOf: part) }
        }
        try OutputFile.write(file, to: path)
    }

    /// Reads a cohort file. Fields are parsed from the file's bytes (numbers, dates and the
    /// history without a `String` each; codes and providers once per distinct text), since
    /// reading 10⁶ persons is a large share of `describe` and `estimate`. `progress` hears
    /// how far the read has got.
    public static func read(path: String, progress: ((ReadProgress) -> Void)? = nil) throws -> [CohortPerson] {
        let csv = try CSVReader(path: path)
        let instruments = csv.header.compactMap { h in
            h.hasPrefix(instrumentPrefix) ? Instrument(rawValue: String(h.dropFirst(instrumentPrefix.count))) : nil
        }
        func column(_ c: String) throws -> Int {
            try RequiredColumns.indices(of: [c], in: csv.header, file: path, advice: "is this a cohort file written by 'reval link'?")[0]
        }
        for c in header(instruments) { _ = try column(c) }
        let inflowDate = try column("inflow_date"), age = try column("age"), sexColumn = try column("sex"),
            educationLevel = try column("education_level"), householdColumn = try column("household"),
            monthsWorked = try column("months_worked_24m"), earlierSpells = try column("earlier_spells"),
            followupMonths = try column("followup_months"), firstExitDays = try column("first_exit_days"),
            endReasonColumn = try column("end_reason"), firstTrajectoryDays = try column("first_trajectory_days"),
            benefitMonths = try column("benefit_months")
        let startColumns = try instruments.map { ($0, try column(instrumentPrefix + $0.rawValue)) }
        let providerColumns = instruments.compactMap { i in csv.header.firstIndex(of: providerPrefix + i.rawValue).map { (i, $0) } }
        let legacyProvider = providerColumns.isEmpty ? csv.header.firstIndex(of: legacyProviderColumn) : nil
        let covariateColumns = csv.header.indices.filter { csv.header[$0].hasPrefix(UserCovariates.columnPrefix) }
            .map { (name: String(csv.header[$0].dropFirst(UserCovariates.columnPrefix.count)), column: $0) }
        var covariateValues = covariateColumns.map { _ in DistinctFieldValues<String>() }
        var sexes = DistinctFieldValues<Sex?>(), levels = DistinctFieldValues<EducationLevel?>(),
            households = DistinctFieldValues<Household?>(), endReasons = DistinctFieldValues<EndReason?>(),
            providers = DistinctFieldValues<String>()
        var persons = [CohortPerson]()
        try csv.forEachRecord(progress: progress) { rec in
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
            guard let history = rec.withRawBytes(benefitMonths, { history(of: $0, months: followup + 1) }) else {
                throw rec.error(column: benefitMonths, "benefit history must have followup_months + 1 characters, each B (on benefit) or . (not), or 1 and 0 as older files write it")
            }
            var starts = [Instrument: Int]()
            for (i, c) in startColumns { if let m = try optionalInt(c) { starts[i] = m } }
            guard let sex = try code(sexColumn, &sexes), let edu = try code(educationLevel, &levels) else {
                throw rec.error(column: sexColumn, "missing sex or education level")
            }
            var named = [Instrument: String]()
            for (i, c) in providerColumns where starts[i] != nil && !rec.isEmpty(c) { named[i] = providers.value(of: rec, c) { $0 } }
            if let c = legacyProvider, !rec.isEmpty(c), let first = legacyFirstInstrument(starts) { named[first] = providers.value(of: rec, c) { $0 } }
            persons.append(CohortPerson(
                inflowDate: inflow, age: try int(age), sex: sex, educationLevel: edu, household: try code(householdColumn, &households),
                monthsWorked24m: try int(monthsWorked), earlierSpells: try int(earlierSpells), followupMonths: followup,
                firstExitDays: try optionalInt(firstExitDays), endReason: try code(endReasonColumn, &endReasons),
                onBenefit: history, instrumentStarts: starts, firstTrajectoryDays: try optionalInt(firstTrajectoryDays),
                providers: named,
                covariates: covariateColumns.indices.map { k in
                    let i = covariateColumns[k].column
                    return NamedCovariate(name: covariateColumns[k].name, value: rec.isEmpty(i) ? nil : covariateValues[k].value(of: rec, i) { $0 })
                }))
        }
        return persons
    }

    /// The instrument an older file's `provider` (of the first trajectory) belongs to: the one
    /// instrument that starts in the first trajectory's month; nil when several do (which of
    /// them came first is not in the file, so that provider stays unknown).
    static func legacyFirstInstrument(_ starts: [Instrument: Int]) -> Instrument? {
        guard let month = starts.values.min() else { return nil }
        let first = starts.filter { $0.value == month }
        return first.count == 1 ? first.first!.key : nil
    }

    /// A `benefit_months` field as on-benefit flags: `months` characters, all `B`/`.` or all `1`/`0`; nil otherwise.
    static func history(of field: UnsafeBufferPointer<UInt8>, months: Int) -> [Bool]? {
        guard field.count == months, let first = field.first else { return nil }
        let (on, off) = first == onBenefitMark || first == offBenefitMark ? (onBenefitMark, offBenefitMark) : (legacyOn, legacyOff)
        var flags = [Bool](repeating: false, count: months)
        for k in 0..<months {
            let c = field[k]
            if c == on { flags[k] = true } else if c != off { return nil }
        }
        return flags
    }

    /// The instrument a user names (`--instrument`, `estimation.instruments`): a built-in one
    /// in any of its spellings, or one a codes file introduced that someone in the cohort received.
    public static func instrument(named name: String, in persons: [CohortPerson], option: String) throws -> Instrument {
        let trimmed = String(name.trimmingWhitespace())
        if let i = Instrument.parse(trimmed) { return i }
        let occurring = Set(persons.lazy.flatMap { $0.instrumentStarts.keys })
        if let i = Instrument(rawValue: trimmed), occurring.contains(i) { return i }
        throw InputError(file: option, value: name, message: "unknown instrument: neither built in nor received by anyone in the cohort (instruments: "
                         + instruments(of: persons).map(\.rawValue).joined(separator: ", ") + ")")
    }
}
