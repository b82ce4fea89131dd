import Crypto
import Foundation

/// Where a report came from: input hashes, the resolved config, software and machine.
/// `provenance.json` is the one output with a timestamp; nothing else a run writes has one,
/// so the other files are byte-identical between runs.
public struct Provenance: Codable, Sendable {
    public let inputs: [String: String]
    public let config: EvaluationConfig
    public let revalVersion: String
    public let gitCommit: String?
    public let seed: UInt64
    public let threads: Int
    public let platform: String
    public let generatedAt: String

    enum CodingKeys: String, CodingKey {
        case inputs, config, seed, threads, platform
        case revalVersion = "reval_version", gitCommit = "git_commit", generatedAt = "generated_at"
    }

    /// SHA-256 of a file in hex (swift-crypto).
    public static func sha256(path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func make(config: EvaluationConfig, configPath: String, baseDirectory: String, version: String) throws -> Provenance {
        func path(_ p: String) -> String { p.hasPrefix("/") ? p : (baseDirectory as NSString).appendingPathComponent(p) }
        var inputs = [String: String]()
        inputs["config"] = try sha256(path: configPath)
        for (k, p) in [("benefits", config.inputs.benefits), ("trajectories", config.inputs.trajectories), ("effects", config.inputs.effects)] {
            inputs[k] = try sha256(path: path(p))
        }
        if let codes = config.inputs.codes { inputs["codes"] = try sha256(path: path(codes)) }
        let formatter = ISO8601DateFormatter()
        return Provenance(inputs: inputs, config: config, revalVersion: version, gitCommit: gitCommit(in: baseDirectory), seed: config.seed,
                          threads: ProcessInfo.processInfo.activeProcessorCount,
                          platform: "\(ProcessInfo.processInfo.operatingSystemVersionString)", generatedAt: formatter.string(from: Date()))
    }

    static func gitCommit(in directory: String) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", directory, "rev-parse", "HEAD"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Writes a report folder: report.md, report.html, results.json, figures/*.svg, provenance.json.
public enum ReportWriter {
    public static func write(results: ReportResults, provenance: Provenance, to directory: String) throws -> [String] {
        let fm = FileManager.default
        let dir = URL(fileURLWithPath: directory)
        try fm.createDirectory(at: dir.appendingPathComponent("figures"), withIntermediateDirectories: true)
        let r = ReportRenderer(results: results)
        var written = [String]()
        func put(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
            written.append(name)
        }
        try put("report.md", r.markdown())
        try put("report.html", r.html())
        try put("results.json", try r.json())
        for f in r.figures() { try put("figures/\(f.name).svg", f.svg) }
        try put("provenance.json", try JSONOutput.encode(provenance))
        return written
    }
}
