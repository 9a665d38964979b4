import AllmenningAuthoring
import AllmenningCore
import ArgumentParser
import Foundation

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the resource, commit your changes and send them to the catalogue.",
        discussion: """
        REMOTE is the catalogue's address (saved as the remote "catalogue" for next time) or a
        remote's name; without it, the saved catalogue is used. What would be committed is
        checked first, by the manifest check and the plugins, and nothing is committed or sent
        while a finding blocks publishing: every error, and what the installation's
        config.yaml adds under publishing.block. When the catalogue refuses, its reasons are
        shown and your commit stays on your machine. Exit code 1: refused; 2: could not run.
        """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var who: AuthorOptions

    @Option(name: [.customShort("m"), .long], help: "What you changed (the commit message).")
    var message: String?

    @Option(help: "The resource's folder (default: the current folder).")
    var folder: String = "."

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Argument(help: "The catalogue's address or a remote's name.")
    var remote: String?

    func run() throws {
        let language = common.language
        let curricula: CurriculumCatalogue?
        do { curricula = try common.loadCurricula() } catch { throw exitCouldNotRun(error) }
        let configuration = try common.loadConfiguration()
        let checks = PluginChecks(data: DataFolder(explicit: common.data), curricula: curricula, configuration: configuration)
        let publishing = Publishing(folder: URL(fileURLWithPath: folder), author: try who.author(language: language),
                                    message: message, remote: remote, curricula: curricula,
                                    plugins: checks.host, configuration: configuration)
        let result: Publishing.Result
        do { result = try publishing.run() } catch { throw fail(error, language: language) }
        switch format {
        case .json:
            try printJSON(["commit": result.commit.hex, "committed": result.committed, "remote": result.remote,
                           "branch": result.branch, "server": result.serverMessages,
                           "findings": result.findings.map { ReportRendering.jsonObject($0, language: language) }])
        case .text:
            for finding in result.findings { print(ReportRendering.line(finding, language: language)) }
            for line in result.serverMessages { print("remote: \(line)") }
            print(language == .nb
                  ? "Publisert \(result.commit.short) til \(result.remote) (\(result.branch))\(result.committed ? "" : "; ingen nye endringer å lagre")."
                  : "Published \(result.commit.short) to \(result.remote) (\(result.branch))\(result.committed ? "" : "; no new changes to commit").")
        }
    }
}
