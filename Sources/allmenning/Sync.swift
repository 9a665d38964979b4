import AllmenningAuthoring
import AllmenningCore
import ArgumentParser
import Foundation

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the original's new commits into your fork.",
        discussion: """
        Fetches the repository named last in derivedFrom and merges its new commits. The
        upstream's licence is checked again. When both sides changed the same lines, the
        conflicting files are listed: edit them and run `allmenning sync --continue`, or go
        back to how it was with `allmenning sync --abort`. Nothing is overwritten: sync refuses
        to start over uncommitted changes. Exit code 1: conflicts or refused; 2: could not run.
        """
    )

    @OptionGroup var common: LanguageOption
    @OptionGroup var who: AuthorOptions

    @Flag(help: "Commit the merge after you resolved the conflicts.")
    var `continue` = false

    @Flag(help: "Stop the merge and return to the state before sync.")
    var abort = false

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Argument(help: "The fork's folder (default: the current folder).")
    var folder: String = "."

    func validate() throws {
        if `continue` && abort { throw ValidationError("--continue and --abort cannot be used together.") }
    }

    func run() throws {
        let language = common.language
        let url = URL(fileURLWithPath: folder)
        if abort {
            do { try Syncing.abortMerge(in: url) } catch { throw fail(error, language: language) }
            report(["outcome": "aborted"], text: language == .nb ? "Sammenslåingen er avbrutt; forken er som før sync." : "The merge was stopped; the fork is as it was before sync.")
            return
        }
        let syncing = Syncing(folder: url, author: try who.author(language: language))
        if `continue` {
            let commit: String
            do { commit = try syncing.continueMerge().hex } catch { throw fail(error, language: language) }
            report(["outcome": "merged", "commit": commit],
                   text: language == .nb ? "Sammenslått og lagret som \(commit.prefix(10))." : "Merged and committed as \(commit.prefix(10)).")
            return
        }
        let outcome: Syncing.Outcome
        do { outcome = try syncing.run() } catch { throw fail(error, language: language) }
        switch outcome {
        case .upToDate(let upstream):
            report(["outcome": "up-to-date", "upstream": upstream.hex],
                   text: language == .nb ? "Forken har allerede alt fra originalen (\(upstream.short))." : "The fork already has everything from the original (\(upstream.short)).")
        case .merged(let commit, let upstream, let paths):
            report(["outcome": "merged", "commit": commit.hex, "upstream": upstream.hex, "changed": paths],
                   text: (language == .nb ? "Hentet endringene fra originalen (\(upstream.short)) og lagret som \(commit.short). Endret:"
                                          : "Merged the original's changes (\(upstream.short)) and committed \(commit.short). Changed:")
                   + paths.map { "\n  \($0)" }.joined())
        case .conflicts(let paths, let upstream):
            report(["outcome": "conflicts", "upstream": upstream.hex, "conflicts": paths],
                   text: (language == .nb
                          ? "Både du og originalen har endret de samme linjene i disse filene. Begge versjonene står i filene mellom <<<<<<< og >>>>>>>:"
                          : "You and the original changed the same lines in these files. Both versions are in the files between <<<<<<< and >>>>>>>:")
                   + paths.map { "\n  \($0)" }.joined()
                   + (language == .nb
                      ? "\nRett filene og kjør allmenning sync --continue, eller gå tilbake med allmenning sync --abort."
                      : "\nEdit the files and run allmenning sync --continue, or go back with allmenning sync --abort."))
            throw ExitCode(1)
        }
    }

    private func report(_ object: [String: Any], text: String) {
        switch format {
        case .json: try? printJSON(object)
        case .text: print(text)
        }
    }
}
