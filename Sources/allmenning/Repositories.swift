import AllmenningCatalogue
import AllmenningCore
import AllmenningGit
import ArgumentParser
import Foundation

struct Repositories: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repositories",
        abstract: "Who owns the hosted repositories (and so who may push to them).",
        discussion: """
        A repository's owner and administrators may push to it over HTTP. A repository made by
        allmenning seed belongs to no user: only administrators push to it until it is given
        an owner. Administrators only.
        """,
        subcommands: [List.self, Add.self, Owner.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the repositories in DATA/repositories with their owners.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let language = common.language
            let administration = try common.openAdministration()
            let who = try acting.acting(administration, language: language)
            let repositories = Indexer.repositories(at: DataFolder(explicit: common.data).repositories)
                .filter { $0.deletingLastPathComponent() == DataFolder(explicit: common.data).repositories }
            let owners: [String: User]
            do { owners = try administration.owners(ofRepositories: repositories.map(Indexer.location), by: who) } catch {
                throw accountExit(error, language: language)
            }
            switch format {
            case .json:
                print(CatalogueJSON.string(["repositories": repositories.map { repository -> [String: Any] in
                    let owner = owners[Indexer.location(of: repository)]
                    return ["name": repository.lastPathComponent, "location": Indexer.location(of: repository),
                            "owner": owner.map { ["userName": $0.userName, "role": $0.role.rawValue, "organisation": $0.organisation.name] as [String: Any] } ?? NSNull()]
                }]))
            case .text:
                for repository in repositories {
                    let owner = owners[Indexer.location(of: repository)]
                    let description = owner.map { "\($0.userName) (\($0.role.localizedName.text(in: language)), \($0.organisation.name))" }
                        ?? LocalizedText(nb: "ingen bruker: bare administratorer sender hit", en: "no user: only administrators push here").text(in: language)
                    print("\(repository.lastPathComponent)\t\(description)")
                }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an empty hosted repository, DATA/repositories/NAME.git, with the push hooks and an owner.",
            discussion: """
            The owner pushes to it over HTTP (git push https://…/git/NAME.git with their token as
            the password) and each push is checked and published as with any hosted repository.
            A student's repository publishes nothing until a teacher at their school approves it
            (allmenning publish-approve). Administrators only; the audit log records it.
            """
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "The user who owns it (without: no user; only administrators push).")
        var owner: String?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "Its name: lower-case letters a–z, digits and . _ - (NAME.git is served at /git/NAME.git).")
        var name: String

        func run() throws {
            let language = common.language
            let administration = try common.openAdministration()
            let who = try acting.acting(administration, language: language)
            let (executable, arguments) = common.hookCommand()
            let hosted = HostedRepositories(administration: administration, folder: DataFolder(explicit: common.data).repositories,
                                            hookExecutable: executable, hookArguments: arguments)
            let made: URL
            do { made = try hosted.add(named: name, owner: owner, by: who, at: Date()) } catch { throw accountExit(error, language: language) }
            switch format {
            case .json:
                print(CatalogueJSON.string(["name": made.lastPathComponent, "location": Indexer.location(of: made),
                                            "owner": owner.map { $0 as Any } ?? NSNull()]))
            case .text:
                print((owner.map { LocalizedText(nb: "Laget \(Indexer.location(of: made)), som tilhører \($0).", en: "Made \(Indexer.location(of: made)), which belongs to \($0).") }
                       ?? LocalizedText(nb: "Laget \(Indexer.location(of: made)), som ikke tilhører noen bruker.", en: "Made \(Indexer.location(of: made)), which belongs to no user.")).text(in: language))
            }
        }
    }

    struct Owner: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a repository to a user, or with --none to no user.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Flag(help: "Belong to no user: only administrators may push.")
        var none = false

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "A repository in DATA/repositories by name (brok-med-pizza or brok-med-pizza.git), or a path to one.")
        var repository: String

        @Argument(help: "The user who owns it from now on.")
        var userName: String?

        func run() throws {
            let language = common.language
            guard none != (userName != nil) else {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "Gi enten en bruker eller --none.", en: "Give either a user or --none."), language: language))
            }
            let location = try resolve(language: language)
            let administration = try common.openAdministration()
            let who = try acting.acting(administration, language: language)
            do { try administration.setOwner(ofRepository: location, to: userName, by: who, at: Date()) } catch {
                throw accountExit(error, language: language)
            }
            switch format {
            case .json: print(CatalogueJSON.string(["location": location, "owner": userName.map { $0 as Any } ?? NSNull()]))
            case .text:
                print((userName.map { LocalizedText(nb: "\(location) tilhører nå \($0).", en: "\(location) now belongs to \($0).") }
                       ?? LocalizedText(nb: "\(location) tilhører nå ingen bruker: bare administratorer kan sende hit.",
                                        en: "\(location) now belongs to no user: only administrators may push to it.")).text(in: language))
            }
        }

        private func resolve(language: MessageLanguage) throws -> String {
            let hosted = DataFolder(explicit: common.data).repositories
            var candidates = [URL(fileURLWithPath: repository)]
            if !repository.contains("/") {
                candidates.insert(hosted.appendingPathComponent(repository.hasSuffix(".git") ? repository : repository + ".git"), at: 0)
            }
            guard let found = candidates.first(where: { Repository.exists(at: $0) }) else {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                    nb: "«\(repository)» er ikke et repositorium i \(hosted.path) eller en sti til et. Se dem med allmenning repositories list.",
                    en: "\"\(repository)\" is not a repository in \(hosted.path) nor a path to one. See them with allmenning repositories list."), language: language))
            }
            return Indexer.location(of: found)
        }
    }
}
