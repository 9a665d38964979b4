import AllmenningCatalogue
import AllmenningCore
import AllmenningServer
import ArgumentParser
import Foundation

/// Answers one OAI-PMH request from the catalogue without a server: for operators checking
/// what harvesters get, and for the conformance script.
struct OAICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oai",
        abstract: "Answer one OAI-PMH request from the catalogue and print the XML.",
        discussion: """
        REQUEST is the request's query as a harvester sends it, e.g.
        'verb=ListRecords&metadataPrefix=lom&set=MAT01-06'. The answer is the XML the server
        gives at /oai for the same request; a protocol error is an answer too (exit 0). Exit 2
        when the catalogue cannot be read or the options are wrong.
        """,
        shouldDisplay: false
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "The address harvesters use (its host names the records: oai:HOST:ID).")
    var baseURL = "http://127.0.0.1:8080/oai"

    @Option(help: "The repository's name in Identify.")
    var repositoryName = "Allmenning"

    @Option(help: "The e-mail address of those who run the catalogue, for Identify. Repeatable.")
    var adminEmail: [String]

    @Option(help: "Records per response before a resumption token.")
    var pageSize = 100

    @Argument(help: "The request: verb=…&metadataPrefix=…")
    var request: String

    func run() throws {
        let language = common.language
        guard let url = URL(string: baseURL) else {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "«\(baseURL)» er ikke en adresse.", en: "\"\(baseURL)\" is not an address."),
                                                 language: language))
        }
        let curricula: CurriculumCatalogue?
        do { curricula = try common.loadCurricula() } catch { throw exitCouldNotRun(error) }
        let provider: OAIProvider
        do {
            provider = try OAIProvider(store: try common.openCatalogue(), baseURL: url, repositoryName: repositoryName, adminEmail: adminEmail,
                                       curricula: curricula, pageSize: pageSize, language: language)
        } catch let error as OAIProvider.ConfigurationError {
            throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
        }
        let response = provider.respond(toQuery: request.hasPrefix("?") ? String(request.dropFirst()) : request)
        if let failure = response.failure {
            throw exitCouldNotRun(CommandFailure(message: failure.message, language: language))
        }
        FileHandle.standardOutput.write(response.body)
    }
}
