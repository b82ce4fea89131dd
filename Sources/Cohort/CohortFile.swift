import Foundation
import StatKit
import Synchronization
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
        // Rows are built a batch at a time on both cores and written in order while the next
        // batches are built (`OutputFile.write(to:_:)`): the file is never held whole (a national
        // cohort file is a quarter of a gigabyte).
        let batch = CohortRow.batch
        try OutputFile.write(to: path) { emit in
            try emit(Array(header.utf8))
            for done in stride(from: 0, to: persons.count, by: 2 * batch) {
                let parts = ParallelMap.run(2) { k in
                    var row = CohortRow(columns: columns)
                    return row.rows(of: persons, min(done + k * batch, persons.count)..<min(done + (k + 1) * batch, persons.count))
                }
                for part in parts { try emit(part) }
            }
        }
    }

    /// Reads a cohort file. Fields are parsed from the file's bytes (numbers, dates and the
    /// history without a `String` each; codes and providers once per distinct text), since
    /// reading 10⁶ persons is a large share of `describe` and `estimate`; and a file without
    /// quoted fields is read in two halves side by side (`CSVReader.parts`), each by its own
    /// `CohortRecords`. The persons come back in file order, and a bad row is the error a read
    /// from the top would meet first. `progress` hears how far the read has got.
    public static func read(path: String, progress: ((ReadProgress) -> Void)? = nil) throws -> [CohortPerson] {
        let csv = try CSVReader(path: path)
        let records = try CohortRecords(header: csv.header, file: path)
        let parts = csv.parts(2)
        // Each part's array sized once, at the pace of its first records (as `RowReading` does):
        // grown by doubling, a million persons were copied and their memory touched twice. The
        // first part's array is sized for the whole file, and the second part is appended to it.
        @Sendable func read(_ part: CSVReader.Part, sizedFor bytes: Int, _ progress: ((ReadProgress) -> Void)?) throws -> [CohortPerson] {
            var decoder = records, persons = [CohortPerson](), sized = false
            try csv.forEachRecord(in: part, malformedRecord: { e, _ in throw e }, progress: progress) { rec in
                persons.append(try decoder.person(rec))
                if !sized && persons.count == 1_000 {
                    persons.reserveCapacity(Int(Double(bytes) / Double(rec.endOffset - part.start) * 1_000 * 1.05))
                    sized = true
                }
            }
            return persons
        }
        let bytes = parts.last!.end - parts[0].start
        guard parts.count == 2 else { return try read(parts[0], sizedFor: bytes, progress) }
        // The second half on another thread; the first on this one, which reports both halves' progress.
        let second = Mutex<Result<[CohortPerson], Error>?>(nil), secondRecords = Atomic(0), secondBytes = Atomic(0)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let result = Result { try read(parts[1], sizedFor: parts[1].end - parts[1].start) { p in
                secondRecords.store(p.records, ordering: .relaxed)
                secondBytes.store(p.bytesRead - parts[1].start, ordering: .relaxed)
            } }
            second.withLock { $0 = result }
        }
        var firstRecords = 0
        var first = Result { try read(parts[0], sizedFor: bytes) { p in
            firstRecords = p.records
            progress?(ReadProgress(records: p.records + secondRecords.load(ordering: .relaxed),
                                   bytesRead: p.bytesRead + secondBytes.load(ordering: .relaxed), bytes: p.bytes))
        } }
        group.wait()
        var persons = try first.get()
        first = .success([])
        persons.append(contentsOf: try second.withLock { s in defer { s = nil }; return s! }.get())
        // Records as a serial read counts them (blank lines too), now that both halves are read.
        progress?(ReadProgress(records: firstRecords + secondRecords.load(ordering: .relaxed), bytesRead: parts[1].end, bytes: parts[1].end))
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
