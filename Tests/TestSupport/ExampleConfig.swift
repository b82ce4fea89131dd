import Foundation

/// Fixtures that the tests of several modules share: the shipped synthetic Leiden example and
/// temporary copies of its config with some lines changed.
///
/// May import Foundation only, so that every test target can depend on it.
public enum ExampleConfig {
    /// The repository this test build belongs to.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// `Data/leiden-synthetic`, the folder of the example and its exports.
    public static let folder = repositoryRoot.appendingPathComponent("Data/leiden-synthetic").path
    /// The example config, `Data/leiden-synthetic/evaluation.toml`.
    public static let path = (folder as NSString).appendingPathComponent("evaluation.toml")

    /// A replacement that did not apply: the example no longer holds the text a test changes.
    public struct TextNotFound: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "the example config does not contain '\(text)'" }
    }

    /// The example config's text with each `(old, new)` replaced (every `old` must occur) and
    /// everything from `droppingFrom` on left out; with `absoluteInputs` its input paths
    /// point into the repository, so that the text works from any folder.
    public static func text(replacing replacements: [(String, String)] = [], droppingFrom marker: String? = nil,
                            absoluteInputs: Bool = false) throws -> String {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if let marker, let r = text.range(of: marker) { text = String(text[..<r.lowerBound]) }
        for (old, new) in replacements {
            guard text.contains(old) else { throw TextNotFound(text: old) }
            text = text.replacingOccurrences(of: old, with: new)
        }
        if absoluteInputs {
            let data = repositoryRoot.appendingPathComponent("Data").path
            text = text
                .replacingOccurrences(of: "\"benefits.csv\"", with: "\"\(data)/leiden-synthetic/benefits.csv\"")
                .replacingOccurrences(of: "\"trajectories.csv\"", with: "\"\(data)/leiden-synthetic/trajectories.csv\"")
                .replacingOccurrences(of: "\"../effects/", with: "\"\(data)/effects/")
        }
        return text
    }

    /// `text(…)` written as `name` into a fresh temporary folder (never into the repository); returns its path.
    public static func copy(replacing replacements: [(String, String)] = [], droppingFrom marker: String? = nil,
                            absoluteInputs: Bool = false, name: String = "evaluation.toml") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reval-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent(name).path
        try Data(try text(replacing: replacements, droppingFrom: marker, absoluteInputs: absoluteInputs).utf8).write(to: URL(fileURLWithPath: file))
        return file
    }
}
