import AllmenningCore
import ArgumentParser
import Foundation

struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The validator plugins: which there are, and what each rule checks.",
        subcommands: [List.self, Explain.self]
    )

    /// The plugins with the installation's configuration applied, and whether each runs.
    static func installed(_ common: CommonOptions) throws -> [(plugin: any ValidatorPlugin, enabled: Bool, external: Bool)] {
        let configuration = try common.loadConfiguration()
        let builtIn = PluginChecks.builtIn.map { ($0, !configuration.disabledPlugins.contains($0.name), false) }
        let external: [(any ValidatorPlugin, Bool, Bool)] = configuration.externalPlugins.map {
            (ExternalPlugin(name: $0.name, command: $0.command, timeLimit: $0.timeLimit), !configuration.disabledPlugins.contains($0.name), true)
        }
        return builtIn + external
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the plugins, their versions and rules, and whether they run here.")

        @OptionGroup var common: CommonOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let plugins = try Plugins.installed(common)
            let language = common.language
            switch format {
            case .json:
                try printJSON(["plugins": plugins.map { entry -> [String: Any] in
                    ["name": entry.plugin.name, "version": entry.plugin.version, "enabled": entry.enabled, "external": entry.external,
                     "rules": entry.plugin.rules.map(\.id), "publicRules": Array(Set(entry.plugin.rules.compactMap(\.publicRule))).sorted()]
                }])
            case .text:
                print(language == .nb ? "manifest (innebygd): sjekken av resource.yaml, kjører alltid" : "manifest (built in): the check of resource.yaml, always runs")
                for entry in plugins {
                    let state = entry.enabled ? (language == .nb ? "kjører" : "runs") : (language == .nb ? "slått av" : "disabled")
                    let kind = entry.external ? (language == .nb ? "ekstern" : "external") : (language == .nb ? "innebygd" : "built in")
                    print("\(entry.plugin.name) \(entry.plugin.version) (\(kind), \(state)): \(entry.plugin.rules.count) \(language == .nb ? "regler" : "rules")")
                    for rule in entry.plugin.rules { print("  \(rule.id)  \(rule.title.text(in: language))") }
                }
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Explain a rule: what it checks, and examples that do and do not trigger it.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The rule's id, as findings show it (privacy.email).")
        var rule: String

        func run() throws {
            let language = common.language
            let rules = try Plugins.installed(common).flatMap(\.plugin.rules)
            guard let found = rules.first(where: { $0.id == rule }) else {
                let suggestions = Suggestions.closest(to: rule, among: rules.map(\.id))
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                    nb: "Ingen regel heter «\(rule)».\(suggestions.isEmpty ? "" : " Mente du \(suggestions.joined(separator: ", "))?") `allmenning plugins list` viser alle.",
                    en: "No rule is called \"\(rule)\".\(suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?") `allmenning plugins list` shows them all."),
                    language: language))
            }
            print("\(found.id) — \(found.title.text(in: language))")
            print("\(language == .nb ? "Alvorlighet" : "Severity"): \(found.severity.rawValue)\(found.publicRule.map { "; \(language == .nb ? "offentlig regel" : "public rule") \($0)" } ?? "")")
            print("")
            print(found.description.text(in: language))
            let shared = Self.linesInEveryManifest(of: found.triggering + found.nonTriggering)
            for (heading, examples) in [(language == .nb ? "Slår ut på" : "Triggers on", found.triggering),
                                        (language == .nb ? "Slår ikke ut på" : "Does not trigger on", found.nonTriggering)] where !examples.isEmpty {
                print("\n\(heading):")
                for example in examples {
                    // What tells the examples apart is in their manifests' own lines.
                    if let manifest = example.manifest {
                        let own = manifest.split(separator: "\n").map(String.init).filter { !shared.contains($0) }
                        print("  resource.yaml: \(own.isEmpty ? "…" : "… " + own.joined(separator: "⏎ "))")
                    }
                    for (path, data) in example.files.sorted(by: { $0.key < $1.key }) {
                        print("  \(path): \(Self.preview(data))")
                    }
                }
            }
        }

        /// The manifest lines all the examples with a manifest have in common (none when only
        /// one example has a manifest).
        static func linesInEveryManifest(of examples: [RuleExample]) -> Set<String> {
            let manifests = examples.compactMap(\.manifest).map { Set($0.split(separator: "\n").map(String.init)) }
            guard manifests.count > 1, let first = manifests.first else { return [] }
            return manifests.dropFirst().reduce(first) { $0.intersection($1) }
        }

        static func preview(_ data: Data) -> String {
            guard let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else {
                return "(\(data.count) bytes)"
            }
            let line = text.replacingOccurrences(of: "\n", with: "⏎ ")
            return line.count > 160 ? String(line.prefix(160)) + "…" : line
        }
    }
}
