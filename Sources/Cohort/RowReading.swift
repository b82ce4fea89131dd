import TableKit

/// A bad row of an export: why it is excluded and the one-line error that names it.
struct Problem: Error {
    let reason: ExclusionReason
    let error: InputError
}

/// The rows of an export a reader could not take, in file order, kept for the `ExclusionLog`
/// instead of logged at once: linkage reads both exports at the same time on two threads (each
/// with its own `CSVReader`), and the log must hear of the bad rows in the order a serial read
/// met them (it throws the first under `--on-error fail`, and keeps the first example of each
/// reason and the first reason of each person).
struct RowReading: Sendable {
    struct Bad: Sendable {
        let problem: Problem
        /// The person the row names, when it names one.
        let person: String?
        /// Rows taken before this one.
        let taken: Int
    }

    /// Data records read, the malformed ones too.
    private(set) var records = 0
    private(set) var bad = [Bad]()
    /// A record the parser could not read (an unterminated quote): it ends the read, and is thrown
    /// once the bad rows before it are logged.
    private(set) var stoppedBy: InputError?
    /// The read's last progress (its end), to report once both reads are done.
    private(set) var progress: ReadProgress?

    /// Reads every record of `csv`, calling `take` for each well-formed one; a `Problem` it throws
    /// and a malformed record are kept as bad rows. Under `--on-error fail` the read stops at the
    /// first bad row, which is all the log will hear of. `person` is the person-id column.
    /// `reserve` hears, once, how many records the file holds at the pace of its first
    /// `ReadProgress.interval` (and a twentieth more), so the caller can size its array once:
    /// growing a million-row array by doubling copied it and touched twice its memory.
    /// `part`: only the records of this part of the file (`CSVReader.parts`); nil for all.
    static func read(_ csv: CSVReader, part: CSVReader.Part? = nil, policy: ErrorPolicy, person: Int, progress: ((ReadProgress) -> Void)? = nil,
                     reserve: (Int) -> Void = { _ in }, _ take: (CSVRecord) throws -> Void) throws -> RowReading {
        var r = RowReading()
        var reserved = false
        let part = part ?? csv.parts(1)[0]
        func keep(_ problem: Problem, _ rec: CSVRecord) throws {
            r.bad.append(Bad(problem: problem, person: personID(rec, person), taken: r.records - 1 - r.bad.count))
            if policy == .fail { throw StopReading() }
        }
        do {
            // The progress closure escapes as far as the type says; `reserve` (which sizes the
            // caller's array) is only called during the read, so the caller's array stays a plain local.
            try withoutActuallyEscaping(reserve) { reserve in
                try csv.forEachRecord(in: part, malformedRecord: { e, rec in
                    r.records += 1
                    try keep(Problem(reason: .malformedRecord, error: e), rec)
                }, progress: { p in
                    if !reserved && p.bytesRead > part.start {
                        reserve(Int(Double(p.records) * Double(part.end - part.start) / Double(p.bytesRead - part.start) * 1.05))
                        reserved = true
                    }
                    r.progress = p
                    progress?(p)
                }) { rec in
                    r.records += 1
                    do { try take(rec) } catch let p as Problem { try keep(p, rec) }
                }
            }
        } catch is StopReading {
        } catch let e as InputError {
            r.stoppedBy = e
        }
        return r
    }

    private struct StopReading: Error {}

    /// The reads of consecutive parts of one file (`CSVReader.parts`, in order) as the one read of
    /// the whole file a serial reader makes, and how many of the parts it takes: a part that
    /// stopped its read (a record the parser could not read, or under `--on-error fail` a bad
    /// row) is where a serial read stops, so the parts after it do not count. The bad rows keep
    /// their order, each counting the rows taken in the parts before it.
    static func joined(_ parts: [RowReading], policy: ErrorPolicy) -> (reading: RowReading, kept: Int) {
        var r = RowReading(), taken = 0, kept = 0, progressRecords = 0
        for p in parts {
            r.records += p.records
            r.bad += p.bad.map { Bad(problem: $0.problem, person: $0.person, taken: $0.taken + taken) }
            taken += p.records - p.bad.count
            if let q = p.progress {
                progressRecords += q.records
                r.progress = ReadProgress(records: progressRecords, bytesRead: q.bytesRead, bytes: q.bytes)
            }
            kept += 1
            if p.stoppedBy != nil || (policy == .fail && !p.bad.isEmpty) { r.stoppedBy = p.stoppedBy; break }
        }
        return (r, kept)
    }

    /// The person a (possibly malformed) row belongs to, when it names one.
    static func personID(_ rec: CSVRecord, _ column: Int) -> String? {
        column < rec.count && !rec.isEmpty(column) ? rec[column] : nil
    }

    /// Logs the bad rows that came before the `taken`-th row taken (all of them when nil), and
    /// then, at the end, what stopped the read.
    func log(before taken: Int? = nil, from next: inout Int, into log: inout ExclusionLog) throws {
        while next < bad.count, taken.map({ bad[next].taken <= $0 }) ?? true {
            try log.record(bad[next].problem.reason, bad[next].problem.error, person: bad[next].person)
            next += 1
        }
        if taken == nil, let stoppedBy { throw stoppedBy }
    }
}
