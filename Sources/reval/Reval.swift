// Module reval — the command line: parsing options and printing results; no computation.
// May import: every module above, ArgumentParser.

import ArgumentParser
import Cohort
import Foundation
import StatKit
import TableKit

/// The `reval` command line: parsing and printing only; every computation lives in the library modules.
@main
struct Reval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reval",
        abstract: "Statistical evaluation of re-integration effectiveness, reproducible from the command line.",
        version: RevalVersion.string,
        subcommands: [ReportCommand.self, InitCommand.self, SimulateCommand.self, LinkCommand.self, DescribeCommand.self, EstimateCommand.self, GLMCommand.self, ApplyCommand.self, BreakevenCommand.self, ROICommand.self, BUIGCommand.self, SavingsCommand.self,
                      VerifyCommand.self, AuditCommand.self]
    )

    /// Runs the command; input and model errors, and every bad option (unknown, missing,
    /// unparsable or out of range), become one line on stderr and exit code 2. Only help and
    /// version requests and an explicit `ExitCode` (verify's mismatch) leave otherwise.
    static func main() {
        LargeAllocations.returnToTheSystemWhenFreed()
        BLASSetup.now()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            // No person id or valid birth date in an error message (`PersonalData`).
            fail(PersonalData.redacted(error).description)
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CustomStringConvertible where !(error is CleanExit) {
            fail(error.description)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            fail(message(for: error))
        }
    }

    /// One line, control characters escaped: an echoed value cannot act on the terminal.
    private static func fail(_ message: String) -> Never {
        let line = message.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").joined(separator: "; ")
        FileHandle.standardError.write(Data("reval: error: \(line.escapingControlCharacters)\n".utf8))
        Foundation.exit(2)
    }
}

/// A failure the user can act on, reported as one line.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

enum RevalVersion {
    static let string = "0.1.0"
}
