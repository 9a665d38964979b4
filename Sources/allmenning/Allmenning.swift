import AllmenningCore
import ArgumentParser
import Foundation

@main
struct Allmenning: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allmenning",
        abstract: "Author, check and share open learning resources.",
        discussion: """
        A resource is a folder (later a git repository) with a manifest, resource.yaml.
        Exit codes: 0 success, 1 problems found in the input, 2 the command could not run
        (including a wrong command line).
        Shell completions: allmenning --generate-completion-script bash|zsh|fish
        """,
        version: AllmenningVersion.current,
        subcommands: [Init.self, Validate.self, Fork.self, Sync.self, Publish.self, History.self, Aims.self, Plugins.self, CreditsCommand.self,
                      Index.self, Search.self, Stats.self, Review.self, Rate.self, Ratings.self, Hooks.self, Seed.self, Serve.self, Tokens.self, Users.self, Organisations.self,
                      Repositories.self, PublishApprove.self, Withdraw.self, PublicationCommand.self, Audit.self, OAICommand.self]
    )

    /// As ArgumentParser's own, except that a wrong command line exits 2 like every other
    /// failure to run, instead of 64 (EX_USAGE): scripts need to tell only "problems in the
    /// input" (1) from "did not run" (2).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

struct LanguageOption: ParsableArguments {
    @Option(help: "Language of messages: nb or en (default: from LANG / LC_ALL).")
    var lang: MessageLanguage?

    var language: MessageLanguage { lang ?? MessageLanguage.fromEnvironment() }
}

/// Options of the commands that read curricula and print messages.
struct CommonOptions: ParsableArguments {
    @OptionGroup var messages: LanguageOption

    @Option(help: ArgumentHelp("The installation's data folder.", discussion: "Default: $ALLMENNING_DATA, else $XDG_DATA_HOME/allmenning, else ~/.local/share/allmenning."))
    var data: String?

    @Option(name: .customLong("curricula"), help: "A folder of curriculum packs (*.json). Repeatable. Default: the data folder's curricula/.")
    var curriculaFolders: [String] = []

    var language: MessageLanguage { messages.language }

    /// The installation's configuration (DATA/config.yaml; defaults without one). A mistake in
    /// it stops the command with the file and line.
    func loadConfiguration() throws -> InstallationConfiguration {
        let file = DataFolder(explicit: data).configuration
        do { return try InstallationConfiguration.load(from: file) } catch {
            let place = "\(error.file ?? file.path):\(error.line): "
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: place + error.message.nb, en: place + error.message.en),
                                                 language: language))
        }
    }

    /// The curriculum packs: the folders given, else the data folder's, else none.
    func loadCurricula() throws -> CurriculumCatalogue? {
        var folders = curriculaFolders.map { URL(fileURLWithPath: $0) }
        if folders.isEmpty {
            let fallback = DataFolder(explicit: data).curricula
            if FileManager.default.fileExists(atPath: fallback.path) { folders = [fallback] }
        }
        guard !folders.isEmpty else { return nil }
        var catalogue = CurriculumCatalogue()
        for folder in folders {
            do {
                for pack in try CurriculumCatalogue.load(directory: folder).packs { catalogue.add(pack) }
            } catch {
                throw CommandFailure(message: LocalizedText(nb: "Kan ikke lese læreplanpakkene: \(error.description)",
                                                            en: "Cannot read the curriculum packs: \(error.description)"),
                                     language: language)
            }
        }
        return catalogue
    }
}

extension MessageLanguage: ExpressibleByArgument {}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// A command that could not run: the message goes to standard error and the exit code is 2.
struct CommandFailure: Error, CustomStringConvertible {
    var message: LocalizedText
    var language: MessageLanguage
    var description: String { message.text(in: language) }
}

func exitCouldNotRun(_ failure: Error) -> ExitCode {
    FileHandle.standardError.write(Data("allmenning: \(failure)\n".utf8))
    return ExitCode(2)
}
