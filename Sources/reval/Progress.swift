import Foundation

/// Progress on stderr for long runs ("simulate: 40% (400000 of 1000000)"), at most every 5 %.
final class Progress {
    let total: Int
    let label: String
    private var lastPercent = -5
    private let interactive = isatty(fileno(stderr)) != 0

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        guard total >= 50_000 else { return }
        let percent = total > 0 ? done * 100 / total : 100
        guard percent >= lastPercent + 5 else { return }
        lastPercent = percent
        FileHandle.standardError.write(Data("\(interactive ? "\r" : "")\(label): \(percent)% (\(done) of \(total))\(interactive ? "" : "\n")".utf8))
    }

    func finish() {
        if interactive && total >= 50_000 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
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
