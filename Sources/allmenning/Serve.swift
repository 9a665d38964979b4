import AllmenningCatalogue
import AllmenningCore
import AllmenningServer
import ArgumentParser
import Foundation

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the catalogue: web pages, the JSON API, OAI-PMH, git over HTTP and webhooks.",
        discussion: """
        Serves the data folder's catalogue (see `allmenning seed` and `allmenning index`) until
        stopped with Ctrl-C or SIGTERM. Prints the address once it accepts connections. The
        public URL is what links, clone addresses and OAI-PMH identifiers use; by default it is
        http://HOST:PORT.

        The repositories in DATA/repositories are cloned from /git/NAME.git; pushing there needs
        a token from `allmenning tokens add` as the password, and the repository's hooks check
        and publish the push. Forges send push events to /hooks/gitea, /hooks/github and
        /hooks/gitlab, as set up under `webhooks:` in DATA/config.yaml; their repositories are
        mirrored in DATA/mirrors and indexed with the same checks.

        Harvesters use OAI-PMH at /oai once DATA/config.yaml names who runs the catalogue
        (catalogue: adminEmail: [name@example.org], and optionally name:).
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(name: .customLong("public-url"), help: "The address readers reach the server at, when it is behind a proxy.")
    var publicURL: String?

    @Option(name: .customLong("max-push-size"), help: "The largest push over HTTP, in megabytes (a larger one is refused with 413).")
    var maxPushSize = ServerSetup.defaultMaxPushBytes / 1_000_000

    func run() throws {
        guard (0...65535).contains(port) else {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "--port må være fra 0 til 65535.", en: "--port must be from 0 to 65535."),
                                                 language: common.language))
        }
        guard (1...100_000).contains(maxPushSize) else {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "--max-push-size må være fra 1 til 100000 (MB).",
                                                                        en: "--max-push-size must be from 1 to 100000 (MB)."), language: common.language))
        }
        let catalogue = try common.openCatalogue()
        // The same checks the hooks and `index` run, for what webhooks fetch; with them the
        // curriculum packs and the configuration.
        let checks = try common.indexingChecks()
        let curricula = checks.curricula, configuration = checks.configuration
        let data = DataFolder(explicit: common.data)
        let maxPushBytes = maxPushSize * 1_000_000
        let host = self.host, port = self.port, language = common.language
        let explicitURL = publicURL
        let setup = ServerSetup(catalogue: catalogue, curricula: curricula, data: data, publicURL: explicitURL ?? "http://\(host):\(port)",
                                checks: checks, configuration: configuration, maxPushBytes: maxPushBytes)
        if case let .failure(off) = setup.oai {
            FileHandle.standardError.write(Data((off.message.text(in: language) + "\n").utf8))
        }
        let finished = DispatchSemaphore(value: 0)
        let outcome = ServeOutcome()
        Task {
            do {
                try await WebServer.run(setup, host: host, port: port) { boundPort in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    let line = LocalizedText(nb: "Allmenning svarer på http://\(shown):\(boundPort)/ (Ctrl-C stopper)",
                                             en: "Allmenning is serving on http://\(shown):\(boundPort)/ (Ctrl-C stops it)").text(in: language)
                    FileHandle.standardOutput.write(Data((line + "\n").utf8))
                }
            } catch {
                outcome.failure = "\(error)"
            }
            finished.signal()
        }
        finished.wait()
        if let failure = outcome.failure {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "Serveren stoppet: \(failure)", en: "The server stopped: \(failure)"),
                                                 language: language))
        }
    }
}

/// What the server task reports back to the blocked command.
private final class ServeOutcome: @unchecked Sendable {
    var failure: String?
}
