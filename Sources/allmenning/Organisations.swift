import AllmenningCatalogue
import AllmenningCore
import ArgumentParser
import Foundation

struct Organisations: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organisations",
        abstract: "The schools and municipalities users belong to.",
        discussion: """
        A school may belong to a municipality (its school owner). Only administrators add
        organisations; while the installation has none, `organisations add` works without --as,
        so that the first administrator has somewhere to belong.
        """,
        subcommands: [Add.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a school or a municipality.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "school or municipality.")
        var kind: Organisation.Kind

        @Option(help: "Its name as people write it (default: the short name).")
        var name: String?

        @Option(help: "For a school: the short name of the municipality it belongs to.")
        var municipality: String?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The short name commands use: lower-case letters a–z, digits and . _ - @ (nygard-skole).")
        var shortName: String

        func run() throws {
            let language = common.language
            let administration = try common.openAdministration()
            let who = try acting.acting(administration, language: language)
            let organisation: Organisation
            do {
                organisation = try administration.addOrganisation(NewOrganisation(name: shortName, displayName: name, kind: kind, municipality: municipality),
                                                                  by: who, at: Date())
            } catch { throw accountExit(error, language: language) }
            switch format {
            case .json: print(CatalogueJSON.string(AccountJSON.organisation(organisation)))
            case .text:
                let kindName = organisation.kind == .school ? LocalizedText(nb: "skole", en: "school") : LocalizedText(nb: "kommune", en: "municipality")
                let part = organisation.municipality.map { LocalizedText(nb: " i \($0)", en: " in \($0)") } ?? LocalizedText(nb: "", en: "")
                print(LocalizedText(nb: "La til \(organisation.name) («\(organisation.displayName)»), \(kindName.nb)\(part.nb).",
                                    en: "Added \(organisation.name) (\"\(organisation.displayName)\"), \(kindName.en)\(part.en).").text(in: language))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the organisations: short name, kind, municipality, name.")

        @OptionGroup var common: CommonOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let language = common.language
            let organisations: [Organisation]
            do { organisations = try common.openAdministration().organisations() } catch let error as AccountFailure {
                throw accountExit(error, language: language)
            }
            switch format {
            case .json: print(CatalogueJSON.string(["organisations": organisations.map(AccountJSON.organisation)]))
            case .text:
                if organisations.isEmpty {
                    print(LocalizedText(nb: "Ingen organisasjoner ennå. Legg til en med: allmenning organisations add KORTNAVN --kind school",
                                        en: "No organisations yet. Add one with: allmenning organisations add SHORTNAME --kind school").text(in: language))
                }
                for organisation in organisations {
                    print([organisation.name, organisation.kind.rawValue, organisation.municipality ?? "-", organisation.displayName].joined(separator: "\t"))
                }
            }
        }
    }
}
