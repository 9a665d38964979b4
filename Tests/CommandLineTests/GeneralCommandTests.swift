import Foundation
import Testing

@Suite("allmenning: version, help and completions")
struct GeneralCommandTests {
    @Test("--version prints a version number")
    func version() throws {
        let result = try Allmenning.run(["--version"])
        expectExit(result, 0)
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.wholeMatch(of: /\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?/) != nil, "not a version: \(version)")
    }

    @Test("--help describes the commands and the exit codes")
    func help() throws {
        let result = try Allmenning.run(["--help"])
        expectExit(result, 0)
        #expect(result.stdout.contains("USAGE: allmenning"))
        for subcommand in ["init", "validate", "aims"] {
            #expect(result.stdout.contains(subcommand), "--help does not mention \(subcommand)")
        }
        #expect(result.stdout.contains("Exit codes"))
    }

    @Test("each subcommand has help", arguments: [["init"], ["validate"], ["aims"], ["aims", "show"]])
    func subcommandHelp(subcommand: [String]) throws {
        let result = try Allmenning.run(subcommand + ["--help"])
        expectExit(result, 0)
        #expect(result.stdout.contains("USAGE: allmenning \(subcommand.joined(separator: " "))"), "\(result)")
    }

    /// A wrong command line is "could not run": exit 2, not ArgumentParser's own 64 (EX_USAGE),
    /// and never success or "problems found in the input".
    @Test("an unknown subcommand, option or value is a usage error", arguments: [
        ["publish-everything"], ["validate", "--no-such-option"], ["validate", "--lang", "de", "."],
        ["validate", "--format", "xml", "."], ["init"], ["aims", "show"],
    ])
    func usageError(arguments: [String]) throws {
        let result = try Allmenning.run(arguments)
        #expect(result.exitedNormally && result.status == 2, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Usage: allmenning"), "\(result)")
    }

    @Test("--generate-completion-script prints a script", arguments: ["bash", "zsh", "fish"])
    func completionScript(shell: String) throws {
        let result = try Allmenning.run(["--generate-completion-script", shell])
        expectExit(result, 0)
        #expect(result.stdout.contains("allmenning"))
        for subcommand in ["init", "validate", "aims"] {
            #expect(result.stdout.contains(subcommand), "the \(shell) script does not complete \(subcommand)")
        }
        if shell == "bash" {
            #expect(result.stdout.hasPrefix("#!/bin/bash"))
            #expect(result.stdout.contains("complete "), "no `complete` command in the bash script")
        }
    }
}
