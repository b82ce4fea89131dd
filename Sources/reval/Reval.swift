import ArgumentParser
import Cohort
import Foundation
import TableKit

/// The `reval` command line: parsing and printing only; every computation lives in the library modules.
@main
struct Reval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reval",
        abstract: "Statistical evaluation of re-integration effectiveness, reproducible from the command line.",
        version: RevalVersion.string,
        subcommands: [ReportCommand.self, SimulateCommand.self, LinkCommand.self, DescribeCommand.self, EstimateCommand.self, GLMCommand.self, ApplyCommand.self, BreakevenCommand.self, BUIGCommand.self, SavingsCommand.self,
                      VerifyCommand.self, AuditCommand.self]
    )

    /// Runs the command; input and model errors become one line on stderr and exit code 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            fail(PersonalData.redacted(error).description)
        } catch let error as CommandFailure {
            fail(error.message)
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CustomStringConvertible where !(error is CleanExit) {
            fail(error.description)
        } catch {
            exit(withError: error)
        }
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("reval: error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

/// A failure the user can act on, reported as one line.
struct CommandFailure: Error {
    let message: String
}

enum RevalVersion {
    static let string = "0.1.0"
}
