import Foundation

/// The synthetic Leiden example shipped with reval (`reval report --example`), found from the
/// executable rather than the working folder, so the command works wherever it is run from.
public enum ShippedExample {
    /// The example's config inside a source checkout (`Data/…`) or an installation (`share/reval/…`).
    public static let relativePaths = ["Data/leiden-synthetic/evaluation.toml", "share/reval/leiden-synthetic/evaluation.toml"]

    /// The example config in the nearest folder above the executable (links resolved) that holds
    /// one: the checkout of a built `.build/<triple>/debug/reval`, or the prefix of `<prefix>/bin/reval`.
    public static func configPath(executable: URL) -> String? {
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        while true {
            for relative in relativePaths {
                let candidate = folder.appendingPathComponent(relative).path
                if FileManager.default.isReadableFile(atPath: candidate) { return candidate }
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}
