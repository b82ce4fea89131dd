import Foundation
import TableKit

/// The input files a config names must be there before anything runs: `reval report --check`
/// answers "will the run start?", so a missing or unreadable export, cohort, effect table or
/// codes file is an error (exit 2) naming the config file, the line, the key and the path.
/// `reval init` writes a config that names files it does not write, and lists them.
extension EvaluationConfig {
    /// A file of `[inputs]` that is not there or cannot be read.
    public struct MissingInput: Sendable, Equatable {
        /// The key in `[inputs]`: `benefits`, `trajectories`, `cohort`, `effects` or `codes`.
        public let key: String
        /// The path as resolved against the config's folder.
        public let path: String
        /// "does not exist", "is a folder, not a file" or "cannot be read (…)".
        public let problem: String

        /// What the file holds, for a message that asks for it.
        public var what: String { EvaluationConfig.inputDescriptions[key] ?? "the \(key) file" }
    }

    /// What each file of `[inputs]` holds.
    static let inputDescriptions = [
        "benefits": "the benefits export (one row per benefit spell)",
        "trajectories": "the re-integration export (one row per instrument a person received)",
        "cohort": "a cohort file written by `reval link`",
        "effects": "an effect table (e.g. one written by `reval estimate --out`; or set effects = \"estimates\" in [apply])",
        "codes": "the codes file (the exports' own spellings of coded values)",
    ]

    /// The files of `[inputs]` that are not there or cannot be read, in the config's order.
    public func missingInputs(baseDirectory: String) -> [MissingInput] {
        inputFiles(baseDirectory: baseDirectory).compactMap { key, path in
            Self.problem(reading: path).map { MissingInput(key: key, path: path, problem: $0) }
        }
    }

    /// Why `path` cannot be read as an input file, or nil when it can.
    static func problem(reading path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "does not exist" }
        if isFolder.boolValue { return "is a folder, not a file" }
        guard let handle = FileHandle(forReadingAtPath: path) else { return "cannot be read (permission denied)" }
        try? handle.close()
        return nil
    }

    /// The one line of `--check` (and of a run) about the missing inputs: the first by its
    /// line in the config, the others named after it.
    func missingInputsError(_ missing: [MissingInput], lines: ConfigLines) -> Error {
        let first = missing[0]
        func file(_ m: MissingInput) -> String { "'\(m.path.escapingControlCharacters)' \(m.problem)" }
        var message = "'\(first.key)' in [inputs]: \(file(first)); put \(first.what) there, or correct the path"
        if missing.count > 1 { message += " (also: " + missing.dropFirst().map { "'\($0.key)' \(file($0))" }.joined(separator: ", ") + ")" }
        var place = ConfigSchema.Place()
        place.tables = [("inputs", nil)]
        return lines.error(place, key: first.key, message)
    }
}
