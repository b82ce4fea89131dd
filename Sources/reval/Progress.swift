import ArgumentParser
import Cohort
import Evaluation
import Foundation
import Synchronization
import TableKit

/// `--quiet`: shared by every command, through `OutputOptions` or on its own where a command
/// prints no result format (`simulate`, `report`).
struct ProgressOptions: ParsableArguments {
    @Flag(help: "No progress messages on stderr (errors and warnings still appear).")
    var quiet = false

    func progress(_ label: String) -> Progress { Progress(label, quiet: quiet) }
}

/// Progress of a long stage on stderr, never stdout: "estimate: reading cohort.csv 45%
/// (450000 rows), 3 s, about 4 s left". Silent for its first `delay` seconds, so short runs
/// (and the tests) print nothing; then, on a terminal, at most once a second on one line that
/// is overwritten, and otherwise (a log) one line at every tenth of the work. The time left
/// is extrapolated from the pace since the first report. Nothing with `--quiet`.
final class Progress: Sendable {
    /// Seconds of silence at the start of a stage; `REVAL_PROGRESS_DELAY` sets it (0: report from the start).
    static let delay: TimeInterval = ProcessInfo.processInfo.environment["REVAL_PROGRESS_DELAY"].flatMap(Double.init) ?? 2
    let label: String
    private let quiet: Bool
    private let interactive = isatty(STDERR_FILENO) != 0
    private let created = Date()
    /// What the reports so far have seen; the estimators report from several threads at once.
    private struct State {
        var first: (time: Date, fraction: Double)?
        var lastPrinted: Date?
        var lastTenth = -1
        var lastFraction = 0.0
        var lineOpen = false
    }
    private let state = Mutex(State())

    init(_ label: String, quiet: Bool) {
        self.label = label
        self.quiet = quiet
    }

    /// `done` of `total` `unit` ("cells", "persons").
    func update(done: Int, of total: Int, _ unit: String) {
        update(fraction: total > 0 ? Double(done) / Double(total) : 1, "\(done) of \(total) \(unit)")
    }

    /// A read of a delimited file: share of its bytes and the rows so far.
    func update(reading file: String, _ p: ReadProgress) {
        update(fraction: p.fraction, "reading \((file as NSString).lastPathComponent) \(Int(100 * p.fraction))% (\(p.records) rows)")
    }

    /// The persons of a linked cohort file (`Evaluation.link` of the file), with the read's progress shown.
    func cohort(_ path: String) throws -> [CohortPerson] {
        defer { finish() }
        return try Evaluation.link(.cohort(path)) { if case .reading(let file, let p) = $0 { self.update(reading: file, p) } }.persons
    }

    /// Runs a read that reports its progress (`DataTable.read`), showing it.
    func reading<T>(_ file: String, _ read: (@escaping (ReadProgress) -> Void) throws -> T) rethrows -> T {
        defer { finish() }
        return try read { self.update(reading: file, $0) }
    }

    /// A message of the library that counts its work as "… N of M …" (cells, bootstrap
    /// replicates); shown as it is, with the time left when it counts.
    func update(message: String) {
        let words = message.split(separator: " ")
        if let k = words.firstIndex(of: "of"), k > 0, k + 1 < words.count,
           let done = Int(words[k - 1]), let total = Int(words[k + 1].filter(\.isNumber)), total > 0 {
            update(fraction: Double(done) / Double(total), message)
        } else {
            update(fraction: nil, message)
        }
    }

    /// A step that has no count (a report's stages): shown at once.
    func note(_ message: String) {
        guard !quiet else { return }
        state.withLock { write("\(label): \(message)", final: true, &$0) }
    }

    private func update(fraction: Double?, _ detail: String) {
        guard !quiet else { return }
        state.withLock { update(fraction: fraction, detail, &$0) }
    }

    private func update(fraction: Double?, _ detail: String, _ s: inout State) {
        let now = Date()
        if let fraction {
            // A share below the last one, or a second whole, starts the next phase (the second
            // file of `link`): its pace and tenths count afresh.
            if s.first == nil || fraction < s.lastFraction || (fraction >= 1 && s.lastFraction >= 1) { s.first = (now, fraction); s.lastTenth = -1 }
            s.lastFraction = fraction
        }
        let elapsed = now.timeIntervalSince(created)
        guard elapsed >= Self.delay else { return }
        if interactive {
            if let lastPrinted = s.lastPrinted, now.timeIntervalSince(lastPrinted) < 1 { return }
        } else if let fraction {
            let tenth = Int(10 * fraction)
            if tenth <= s.lastTenth { return }
            s.lastTenth = tenth
        }
        s.lastPrinted = now
        var line = "\(label): \(detail), \(Int(elapsed.rounded())) s"
        if let fraction, let first = s.first, fraction > first.fraction, fraction < 1 {
            let left = now.timeIntervalSince(first.time) / (fraction - first.fraction) * (1 - fraction)
            line += ", about \(Int(left.rounded(.up))) s left"
        }
        write(line, final: false, &s)
    }

    /// Ends an overwritten terminal line, so what follows starts on its own.
    func finish() {
        state.withLock { s in
            if s.lineOpen { FileHandle.standardError.write(Data("\n".utf8)); s.lineOpen = false }
        }
    }

    private func write(_ line: String, final: Bool, _ s: inout State) {
        if interactive && !final {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            s.lineOpen = true
        } else {
            FileHandle.standardError.write(Data(((s.lineOpen ? "\n" : "") + line + "\n").utf8))
            s.lineOpen = false
        }
    }

    deinit { finish() }
}

/// Peak resident memory of this process (Linux: VmHWM in /proc/self/status).
enum MemoryUsage {
    static var peakMegabytes: Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
        return kb / 1024
    }
}
