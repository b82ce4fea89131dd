import Crypto
import Evaluation
import Foundation
import StatKit
import TableKit

/// Where a report came from: input hashes, the config (when the plan was read from one), software and machine.
/// `provenance.json` is the one output with a timestamp; nothing else a run writes has one,
/// so the other files are byte-identical between runs.
public struct Provenance: Codable, Sendable {
    public let inputs: [String: String]
    public let config: EvaluationConfig?
    public let revalVersion: String
    public let gitCommit: String?
    public let seed: UInt64
    public let threads: Int
    /// The BLAS the products ran on, with OpenBLAS's version and kernels (`BLASKernel.current`):
    /// the last digits of the full-precision figures can depend on them.
    public let blasKernel: String?
    public let platform: String
    public let generatedAt: String

    enum CodingKeys: String, CodingKey {
        case inputs, config, seed, threads, platform
        case revalVersion = "reval_version", gitCommit = "git_commit", generatedAt = "generated_at", blasKernel = "blas_kernel"
    }

    /// SHA-256 of a file in hex (swift-crypto).
    public static func sha256(path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The provenance of a run of `plan`: the SHA-256 of every input it names (`inputs.benefits`
    /// as `benefits`, the config as `config`) and the git commit of the folder of its first input.
    public static func make(plan: EvaluationPlan, version: String) throws -> Provenance {
        var inputs = [String: String]()
        for input in plan.inputs {
            let key = input.name == "--config" ? "config" : String(input.name.dropFirst(input.name.hasPrefix("inputs.") ? 7 : 0))
            inputs[key] = try sha256(path: input.path)
        }
        let folder = plan.inputs.first.map { ($0.path as NSString).deletingLastPathComponent } ?? "."
        let formatter = ISO8601DateFormatter()
        return Provenance(inputs: inputs, config: plan.config, revalVersion: version, gitCommit: gitCommit(in: folder.isEmpty ? "." : folder),
                          seed: plan.shared.seed,
                          threads: ProcessInfo.processInfo.activeProcessorCount, blasKernel: BLASKernel.current,
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

/// Writes a report folder: report.md, report.html, results.json, estimates.csv, figures/*.svg, provenance.json.
public enum ReportWriter {
    /// The files a report folder gets besides `figures/*.svg`.
    public static let fixedFiles = ["report.md", "report.html", "results.json", "estimates.csv", "provenance.json"]

    /// Renders every file first, checks that none of them is one of `inputs`, then writes each
    /// atomically (`OutputFile`); returns the names written.
    public static func write(results: EvaluationResult, provenance: Provenance, to directory: String,
                             inputs: [OutputPaths.Named] = []) throws -> [String] {
        let dir = URL(fileURLWithPath: directory)
        let r = ReportRenderer(results: results, version: provenance.revalVersion)
        // results.json under the same disclosure control as the text (null + a `suppressed` map).
        var files = [("report.md", r.markdown()), ("report.html", r.html()), ("results.json", try r.json()), ("estimates.csv", r.estimatesCSV())]
        files += r.figures().map { ("figures/\($0.name).svg", $0.svg) }
        files.append(("provenance.json", try JSONOutput.encode(provenance)))
        try OutputPaths.checkDistinct(inputs: inputs, outputs: files.map { .init("--out \(directory): \($0.0)", dir.appendingPathComponent($0.0).path) })
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("figures"), withIntermediateDirectories: true)
        for (name, text) in files { try OutputFile.write(text, to: dir.appendingPathComponent(name).path) }
        return files.map(\.0)
    }
}
