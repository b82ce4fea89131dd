import Foundation
import Synchronization

/// Every file reval writes goes through here: written in full to a temporary name in the
/// destination's folder and then renamed over the destination (`rename(2)` is atomic
/// within a file system), so an interrupted run leaves the old file intact and a reader
/// never sees half a file; an interruption by a signal removes the temporary file too
/// (`TemporaryFiles`).
public enum OutputFile {
    /// Writes `data` to `path` atomically; errors name the path.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path), temp = temporary(for: url)
        let registered = TemporaryFiles.register(temp.path)
        defer { TemporaryFiles.unregister(registered) }
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

    /// Writes to `path` atomically (as `write(_:to:)`) the pieces `produce` hands to `emit`, in
    /// order. Each piece is written by another thread while `produce` makes the next (at most two
    /// wait), so producing and writing overlap: a national cohort file is a quarter of a gigabyte,
    /// whose formatting on both cores and writing one after the other took a second each. A
    /// failed write is thrown by a later `emit` or at the end, and nothing is left at `path`.
    public static func write(to path: String, _ produce: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
        let url = URL(fileURLWithPath: path), temp = temporary(for: url)
        let registered = TemporaryFiles.register(temp.path)
        defer { TemporaryFiles.unregister(registered) }
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw InputError(file: path, message: "cannot write: \(String(cString: strerror(errno)))") }
        let writer = PieceWriter(fd)
        do {
            try produce { piece in try writer.enqueue(piece) }
            try writer.finish()
            guard rename(temp.path, url.path) == 0 else { throw PieceWriter.Failure(reason: String(cString: strerror(errno))) }
        } catch {
            _ = try? writer.finish()
            unlink(temp.path)
            if let failure = error as? PieceWriter.Failure { throw InputError(file: path, message: "cannot write: \(failure.reason)") }
            throw error
        }
    }

    /// The hidden temporary name an output is written under, in its own folder (so that the
    /// rename is within one file system), unique to the process and the write.
    private static func temporary(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).reval-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
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

/// Writes pieces to an open file, in order, on a thread of its own, at most two pieces waiting.
private final class PieceWriter: Sendable {
    struct Failure: Error { let reason: String }

    private let fd: Int32
    private let queue = DispatchQueue(label: "reval.output-file")
    private let room = DispatchSemaphore(value: 2)
    /// The first failed write's reason, set on the queue.
    private let failure = Mutex<String?>(nil)
    private let closed = Mutex(false)

    init(_ fd: Int32) { self.fd = fd }

    func enqueue(_ piece: [UInt8]) throws {
        if let reason = failure.withLock({ $0 }) { throw Failure(reason: reason) }
        room.wait()
        queue.async {
            defer { self.room.signal() }
            guard self.failure.withLock({ $0 == nil }) else { return }
            piece.withUnsafeBytes { bytes in
                var done = 0
                while done < bytes.count {
                    let n = write(self.fd, bytes.baseAddress! + done, bytes.count - done)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else {
                        let reason = String(cString: strerror(errno))
                        self.failure.withLock { $0 = $0 ?? reason }
                        return
                    }
                    done += n
                }
            }
        }
    }

    /// Waits for the pieces in flight and closes the file (once; a second call only reports).
    func finish() throws {
        queue.sync {}
        let closing = closed.withLock { wasClosed in defer { wasClosed = true }; return !wasClosed }
        if closing && close(fd) != 0 {
            let reason = String(cString: strerror(errno))
            failure.withLock { $0 = $0 ?? reason }
        }
        if let reason = failure.withLock({ $0 }) { throw Failure(reason: reason) }
    }
}
