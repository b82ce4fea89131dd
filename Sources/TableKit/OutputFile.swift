import Foundation

/// Every file reval writes goes through here: written in full to a temporary name in the
/// destination's folder and then renamed over the destination (`rename(2)` is atomic
/// within a file system), so an interrupted run leaves the old file intact and a reader
/// never sees half a file.
public enum OutputFile {
    /// Writes `data` to `path` atomically; errors name the path.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).reval-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temp)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw InputError(file: path, message: "cannot write: \(error.localizedDescription)")
        }
        guard rename(temp.path, url.path) == 0 else {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw InputError(file: path, message: "cannot write: \(why)")
        }
    }

    /// Writes text as UTF-8.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}

/// Checks, before anything is written, that no output is one of the inputs and no two
/// outputs are the same file. Paths are compared as files, not as text: `x`, `./x`, an
/// absolute path, a symbolic link and a hard link to the same file are all the same.
public enum OutputPaths {
    /// A path with the name the user knows it by (an option or config key).
    public struct Named: Sendable {
        public let name: String
        public let path: String
        public init(_ name: String, _ path: String) {
            self.name = name
            self.path = path
        }
    }

    public static func checkDistinct(inputs: [Named], outputs: [Named]) throws {
        for (k, out) in outputs.enumerated() {
            if out.path.isEmpty { throw InputError(file: out.name, message: "empty output path") }
            if let input = inputs.first(where: { sameFile($0.path, out.path) }) {
                throw InputError(file: out.path, message: "\(out.name) is the same file as the input \(input.name) ('\(input.path)'); it would be overwritten: choose another output path")
            }
            if let other = outputs[..<k].first(where: { sameFile($0.path, out.path) }) {
                throw InputError(file: out.path, message: "\(out.name) and \(other.name) are the same file ('\(other.path)'); give them different paths")
            }
        }
    }

    /// Whether two paths name the same file: same device and inode when both exist,
    /// otherwise the same resolved path (folder resolved through links, plus the name).
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return resolved(a) == resolved(b)
    }

    /// The absolute path with every existing folder resolved through symbolic links.
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if let r = realpath(url.path, nil) { defer { free(r) }; return String(cString: r) }
        let parent = url.deletingLastPathComponent().path
        if parent == url.path { return url.path }
        return (resolved(parent) as NSString).appendingPathComponent(url.lastPathComponent)
    }
}
