import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import ArgumentParser
import Foundation

extension CommonOptions {
    /// The installation's catalogue (DATA/catalogue.sqlite), created on first use.
    func openCatalogue() throws -> SQLiteCatalogue {
        do { return try SQLiteCatalogue(file: DataFolder(explicit: data).catalogue) } catch {
            throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
        }
    }

    /// The checks the catalogue runs: the manifest check and this build's plugins, with the
    /// installation's configuration and result cache.
    func indexingChecks() throws -> IndexingChecks {
        let curricula: CurriculumCatalogue?
        do { curricula = try loadCurricula() } catch { throw exitCouldNotRun(error) }
        let configuration = try loadConfiguration()
        let plugins = PluginChecks(data: DataFolder(explicit: data), curricula: curricula, configuration: configuration)
        var checks = IndexingChecks(host: plugins.host, curricula: curricula, configuration: configuration)
        checks.reviewVerifier = try reviewVerifier(configuration: configuration)
        // Decisions signed with the installation's own key were made here: indexing them
        // writes the audit entries a stopped process may have left out.
        checks.installationKey = (try? ReviewSigningKey.load(in: DataFolder(explicit: data)))?.publicKey
        return checks
    }

    /// Whose review notes are believed: the installation's own key (DATA/keys; none yet is no
    /// error) and the keys config.yaml trusts.
    func reviewVerifier(configuration: InstallationConfiguration) throws -> ReviewVerifier {
        do { return try ReviewSigningKey.verifier(in: DataFolder(explicit: data), configuration: configuration) } catch {
            throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
        }
    }

    /// What the installed hooks run: this executable with this command line's data folder,
    /// language and curriculum packs, as absolute paths, since git runs hooks inside the
    /// repository. The executable is the running program's own file (/proc/self/exe), not
    /// argv[0], which is a bare name when the program was found through PATH.
    func hookCommand() -> (executable: String, arguments: [String]) {
        var arguments = ["--data", DataFolder(explicit: data).url.standardizedFileURL.path, "--lang", language.rawValue]
        for folder in curriculaFolders { arguments += ["--curricula", URL(fileURLWithPath: folder).standardizedFileURL.path] }
        let running = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return (running.standardizedFileURL.resolvingSymlinksInPath().path, arguments)
    }
}

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put resource repositories into the catalogue.",
        discussion: """
        Each PATH is a resource's git repository (bare or not), or a folder of them. The tip of
        the branch HEAD names (or --revision) is checked like a push and, when nothing blocks
        it, becomes the resource's current version; each version is written in one transaction.
        Indexing a commit again changes nothing; a new commit re-reads only the files that
        changed. A repository that cannot be read, or whose manifest is broken, is reported and
        skipped. A repository the catalogue knows that is no longer there (PATH, or inside a
        folder PATH) is marked deleted. Each repository's review notes are read too: the
        attestations whose signature, key, commit and resource check out are the resource's
        reviews in the catalogue, the others are reported and left out (--reviews-only reads
        only the notes, after a review was written). Exit code 1 when a repository was refused
        or failed.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "text, or json: one JSON line per repository and a summary line.")
    var format: OutputFormat = .text

    @Option(help: "Index this version (branch, tag, commit id) of each repository instead of HEAD's branch tip.")
    var revision: String?

    @Flag(help: "Read only the review notes of each repository (whose resource the catalogue has) into the catalogue.")
    var reviewsOnly = false

    @Argument(help: "Repositories, or folders of repositories.")
    var paths: [String]

    func run() throws {
        let indexer = Indexer(store: try common.openCatalogue(), checks: try common.indexingChecks())
        let language = common.language
        var repositories: [URL] = []
        var gone: [URL] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            if !FileManager.default.fileExists(atPath: url.path) {
                gone.append(url)
                continue
            }
            let found = Indexer.repositories(at: url)
            repositories += found
            if found != [url] {
                // A folder of repositories: those the catalogue has from it that are gone.
                let known = (try? indexer.store.repositories(under: Indexer.location(of: url))) ?? []
                let present = Set(found.map(Indexer.location(of:)))
                gone += known.filter { !present.contains($0) && !FileManager.default.fileExists(atPath: $0) }.map { URL(fileURLWithPath: $0) }
            }
        }
        // Reading notes alone leaves the resources as they are, also those that are gone.
        if reviewsOnly { gone = [] }
        if repositories.isEmpty && gone.isEmpty {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                nb: "Fant ingen git-repositorier i \(paths.joined(separator: ", ")).",
                en: "Found no git repositories in \(paths.joined(separator: ", ")).").self, language: language))
        }
        let progress = IndexProgress(format: format, language: language, total: repositories.count + gone.count)
        for url in repositories {
            progress.report(reviewsOnly ? indexer.indexReviews(repository: url) : indexer.index(repository: url, revision: revision))
        }
        for url in gone {
            progress.report(indexer.delete(repository: url))
        }
        progress.finish()
        if progress.counts[.refused, default: 0] + progress.counts[.failed, default: 0] > 0 { throw ExitCode(1) }
    }
}

/// What `index` shows while it works: a bar on a terminal, a line per repository otherwise,
/// JSON lines with --format json.
final class IndexProgress {
    let format: OutputFormat
    let language: MessageLanguage
    let total: Int
    let started = Date()
    let barOnTerminal = isatty(STDERR_FILENO) == 1
    private(set) var done = 0
    private(set) var counts: [IndexResult.Status: Int] = [:]
    private var documentsRead = 0, documentsKnown = 0, pluginChecked = 0, pluginCached = 0

    init(format: OutputFormat, language: MessageLanguage, total: Int) {
        self.format = format
        self.language = language
        self.total = total
    }

    func report(_ result: IndexResult) {
        done += 1
        counts[result.status, default: 0] += 1
        documentsRead += result.documentsRead
        documentsKnown += result.documentsKnown
        pluginChecked += result.pluginFilesChecked
        pluginCached += result.pluginFilesFromCache
        switch format {
        case .json:
            Self.writeLine(CatalogueJSON.string(CatalogueJSON.object(result, done: done, total: total, language: language), pretty: false))
        case .text:
            let noteworthy = [.refused, .failed, .deleted].contains(result.status)
                || result.reviews.map { !$0.rejected.isEmpty || $0.failure != nil } == true
            if noteworthy || !barOnTerminal {
                if barOnTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                Self.writeLine(line(result))
            }
            if barOnTerminal { FileHandle.standardError.write(Data(bar(current: result.repository).utf8)) }
        }
    }

    /// Written at once, not buffered: a reader of the JSON lines (or a test that kills the
    /// process) sees each line as soon as its repository is done.
    static func writeLine(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    private func line(_ result: IndexResult) -> String {
        let status = LocalizedText(nb: ["published": "publisert", "unchanged": "uendret", "refused": "avvist", "deleted": "slettet",
                                        "empty": "tom", "failed": "feilet"][result.status.rawValue]!, en: result.status.rawValue).text(in: language)
        var text = "\(status.padding(toLength: 10, withPad: " ", startingAt: 0)) \(result.repository)"
        if let title = result.title { text += " — \(title)" }
        if let commit = result.commit { text += " (\(commit.prefix(7)))" }
        if let message = result.message { text += "\n           \(message.text(in: language))" }
        if result.status == .refused {
            for finding in result.findings.prefix(10) { text += "\n           " + ReportRendering.line(finding, language: language) }
        }
        if let reviews = result.reviews {
            if reviews.changed {
                text += "\n           " + LocalizedText(nb: "vurderinger: \(reviews.stored) i katalogen", en: "reviews: \(reviews.stored) in the catalogue").text(in: language)
            }
            for rejected in reviews.rejected {
                text += "\n           " + LocalizedText(nb: "vurdering ikke tatt inn (\(rejected.commit.short), linje \(rejected.position + 1)): ",
                                                         en: "review not taken (\(rejected.commit.short), line \(rejected.position + 1)): ").text(in: language)
                    + rejected.problem.message.text(in: language)
            }
            if let failure = reviews.failure, result.message == nil { text += "\n           " + failure.text(in: language) }
        }
        return text
    }

    private func bar(current: String) -> String {
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
        let name = (current as NSString).lastPathComponent
        return "\r\u{1B}[K[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            + "] \(done)/\(total)  \(String(format: "%.1f", rate))/s  \(name.prefix(40))"
    }

    func finish() {
        let seconds = Date().timeIntervalSince(started)
        let rate = Double(done) / max(seconds, 0.001)
        let count = { (status: IndexResult.Status) in self.counts[status, default: 0] }
        switch format {
        case .json:
            let summary: [String: Any] = [
                "event": "summary", "repositories": done, "seconds": (seconds * 1000).rounded() / 1000,
                "repositoriesPerSecond": (rate * 10).rounded() / 10,
                "published": count(.published), "unchanged": count(.unchanged), "refused": count(.refused),
                "deleted": count(.deleted), "empty": count(.empty), "failed": count(.failed),
                "documentsRead": documentsRead, "documentsKnown": documentsKnown,
                "pluginFilesChecked": pluginChecked, "pluginFilesFromCache": pluginCached,
            ]
            Self.writeLine(CatalogueJSON.string(summary, pretty: false))
        case .text:
            if barOnTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            Self.writeLine(LocalizedText(
                nb: "\(done) repositorier på \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", rate))/s): \(count(.published)) publisert, \(count(.unchanged)) uendret, \(count(.refused)) avvist, \(count(.deleted)) slettet, \(count(.empty)) tomme, \(count(.failed)) feilet. Dokumenter lest: \(documentsRead), kjent fra før: \(documentsKnown). Filer sjekket av utvidelsene: \(pluginChecked), fra hurtiglageret: \(pluginCached).",
                en: "\(done) repositories in \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", rate))/s): \(count(.published)) published, \(count(.unchanged)) unchanged, \(count(.refused)) refused, \(count(.deleted)) deleted, \(count(.empty)) empty, \(count(.failed)) failed. Documents read: \(documentsRead), known already: \(documentsKnown). Files checked by plugins: \(pluginChecked), from the cache: \(pluginCached).")
                .text(in: language))
        }
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search the catalogue.",
        discussion: """
        Words are matched in the title, keywords, description, competence aims (code and text)
        and the documents' text, in that order of weight, stemmed for bokmål, nynorsk, Swedish,
        Danish and English and without regard to ø/o/oe, æ/ae and å/aa. Every word must be
        found; when no resource has them all, resources with some are shown. An aim code finds
        resources that declare it and, after them, resources whose text fits it. A filter option
        can be repeated (any of its values); different filters must all hold. Without words,
        every resource that fits the filters is listed, newest first.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "Curriculum (subject) code, e.g. MAT01-05.") var subject: [String] = []
    @Option(help: "School year: 1–10, vg1–vg3.") var level: [String] = []
    @Option(help: "Competence aim code, e.g. KM13277: declared or suggested.") var aim: [String] = []
    @Option(help: "SPDX licence id, e.g. CC-BY-SA-4.0.") var licence: [String] = []
    @Option(help: "Language (nb, nn, sv, da, en, se, …).") var language: [String] = []
    @Option(help: "Accessibility feature (schema.org), declared or verified, e.g. captions.") var feature: [String] = []
    @Option(help: "Resource type, e.g. lesson.") var type: [String] = []
    @Option(help: "Who made it: teacher, student or organisation.") var kind: [String] = []
    @Flag(help: "Only resources whose current version a reviewer approved.") var approved = false
    @Option(help: "How many results to show.") var limit = 10
    @Option(help: "Skip this many results (the next page).") var offset = 0

    @Argument(help: "What to search for.") var words: [String] = []

    func run() throws {
        let store = try common.openCatalogue()
        var filters: [Facet: [String]] = [:]
        for (facet, values) in [(Facet.subject, subject), (.level, level), (.aim, aim), (.licence, licence), (.language, language),
                                (.feature, feature), (.type, type), (.kind, kind)] where !values.isEmpty {
            filters[facet] = values
        }
        if approved { filters[.review] = ["approved"] }
        let query = SearchQuery(text: words.joined(separator: " "), filters: filters, limit: max(0, limit), offset: max(0, offset))
        let results: SearchResults
        do { results = try store.search(query) } catch {
            throw exitCouldNotRun(CommandFailure(message: error.message, language: common.language))
        }
        switch format {
        case .json: print(CatalogueJSON.string(CatalogueJSON.object(results, query: query, language: common.language)))
        case .text: print(text(results, query: query))
        }
    }

    private func text(_ results: SearchResults, query: SearchQuery) -> String {
        let language = common.language
        let preferred = language == .nb ? ["nb", "nn", "sv", "da", "en"] : ["en", "nb", "nn", "sv", "da"]
        var lines: [String] = []
        let shown = results.hits.isEmpty ? "" : " (\(query.offset + 1)–\(query.offset + results.hits.count))"
        lines.append(LocalizedText(nb: "\(results.total) ressurser passer\(shown).", en: "\(results.total) resources match\(shown).").text(in: language))
        for note in results.notes { lines.append(note.text(in: language)) }
        for (index, hit) in results.hits.enumerated() {
            let title = LanguageMaps.text(hit.title, preferring: preferred) ?? hit.resourceID
            lines.append("")
            lines.append("\(query.offset + index + 1). \(title)" + (hit.approved ? LocalizedText(nb: "  [godkjent]", en: "  [approved]").text(in: language) : ""))
            let about = [hit.languages.joined(separator: ", "), hit.levels.isEmpty ? "" : LocalizedText(nb: "trinn ", en: "years ").text(in: language) + hit.levels.joined(separator: ", "),
                         hit.subjects.joined(separator: ", "), hit.licence, hit.kind].filter { !$0.isEmpty }
            lines.append("   " + about.joined(separator: " · "))
            lines.append("   \(hit.resourceID) @ \(hit.commit.prefix(7))  \(hit.repository)")
            if !hit.reasons.isEmpty {
                let reasons = hit.reasons.map { reason in
                    "\(reason.field): \(reason.words.joined(separator: ", "))" + (reason.detail.map { " (\($0))" } ?? "")
                }
                lines.append("   " + LocalizedText(nb: "treff: ", en: "matched: ").text(in: language) + reasons.joined(separator: "; "))
            }
            if let snippet = hit.snippet { lines.append("   «\(snippet)»") }
        }
        if !results.facets.isEmpty {
            lines.append("")
            lines.append(LocalizedText(nb: "Fordeling:", en: "Facets:").text(in: language))
            for facet in Facet.allCases {
                guard let counts = results.facets[facet], !counts.isEmpty else { continue }
                lines.append("  \(facet.rawValue): " + counts.prefix(12).map { "\($0.value) (\($0.count))" }.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n")
    }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "What the catalogue holds: resources per subject, year, language and licence; accessibility; the aims no resource covers.",
        discussion: """
        The gaps are computed for the curricula of the curriculum packs (--curricula): by
        default only for curricula some resource names in `subjects`; --curriculum CODE
        shows that curriculum's gaps whatever the resources name.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "Show the gaps of this curriculum (repeatable).")
    var curriculum: [String] = []

    private var curricula: CurriculumCatalogue?

    enum CodingKeys: CodingKey { case common, format, curriculum }

    /// Aim codes grouped by the school year they are to be reached after, in year order.
    private func byYear(_ codes: [String]) -> String {
        let years = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "vg1", "vg2", "vg3"]
        let groups = Dictionary(grouping: codes) { curricula?.aim($0)?.afterYear ?? "" }
        return groups.keys.sorted { (years.firstIndex(of: $0) ?? 99, $0) < (years.firstIndex(of: $1) ?? 99, $1) }.map { year in
            let label = year.isEmpty ? "" : LocalizedText(nb: "etter \(year): ", en: "after \(year): ").text(in: common.language)
            return label + groups[year]!.sorted().joined(separator: ", ")
        }.joined(separator: "; ")
    }

    mutating func run() throws {
        let store = try common.openCatalogue()
        do { curricula = try common.loadCurricula() } catch { throw exitCouldNotRun(error) }
        var statistics: CatalogueStatistics
        do { statistics = try store.statistics(curricula: curricula) } catch {
            throw exitCouldNotRun(CommandFailure(message: error.message, language: common.language))
        }
        let named = Set(statistics.declared["subject"]?.map(\.value) ?? []).union(curriculum.map { $0.uppercased() })
        statistics.curricula = statistics.curricula.filter { named.contains($0.curriculum) }
        switch format {
        case .json: print(CatalogueJSON.string(CatalogueJSON.object(statistics)))
        case .text: print(text(statistics))
        }
    }

    private func text(_ statistics: CatalogueStatistics) -> String {
        let language = common.language
        func say(_ nb: String, _ en: String) -> String { LocalizedText(nb: nb, en: en).text(in: language) }
        var lines = [say("\(statistics.resources) ressurser (\(statistics.deleted) slettet), \(statistics.versions) versjoner.",
                         "\(statistics.resources) resources (\(statistics.deleted) deleted), \(statistics.versions) versions.")]
        let headings = [("subject", say("Fag", "Subjects")), ("level", say("Trinn", "School years")), ("language", say("Språk", "Languages")),
                        ("licence", say("Lisenser", "Licences")), ("type", say("Typer", "Types")), ("kind", say("Laget av", "Made by"))]
        for (facet, heading) in headings {
            guard let counts = statistics.declared[facet], !counts.isEmpty else { continue }
            lines.append("\(heading): " + counts.map { "\($0.value) \($0.count)" }.joined(separator: ", "))
        }
        let total = max(statistics.resources, 1)
        func share(_ counts: [FacetCount]) -> String {
            counts.map { "\($0.value) \($0.count) (\(Int((Double($0.count) / Double(total) * 100).rounded())) %)" }.joined(separator: ", ")
        }
        lines.append(say("Tilgjengelighet, erklært: ", "Accessibility, declared: ") + share(statistics.declared["feature"] ?? []))
        lines.append(say("Tilgjengelighet, verifisert av sjekkene: ", "Accessibility, verified by the checks: ") + share(statistics.verifiedFeatures))
        for coverage in statistics.curricula {
            let subject = LanguageMaps.text(coverage.subject, preferring: [language.rawValue, "nb", "en"]) ?? ""
            lines.append("")
            lines.append("\(coverage.curriculum) \(subject): " + say(
                "\(coverage.declared) av \(coverage.aims) kompetansemål har en ressurs; \(coverage.gaps.count) har ingen, \(coverage.onlySuggested.count) bare foreslått.",
                "\(coverage.declared) of \(coverage.aims) competence aims have a resource; \(coverage.gaps.count) have none, \(coverage.onlySuggested.count) only suggested."))
            if !coverage.gaps.isEmpty { lines.append(say("  uten ressurs: ", "  no resource: ") + byYear(coverage.gaps)) }
            if !coverage.onlySuggested.isEmpty { lines.append(say("  bare foreslått: ", "  only suggested: ") + byYear(coverage.onlySuggested)) }
        }
        return lines.joined(separator: "\n")
    }
}

struct Hooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Git hooks that check pushes and publish them in the catalogue.",
        subcommands: [Install.self, Run.self]
    )

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the pre-receive and post-receive hooks in bare repositories.",
            discussion: """
            pre-receive checks the version each pushed branch or tag points to and refuses the push,
            with the reasons shown by git push, when a finding blocks publishing; post-receive puts
            the version of the branch HEAD names into the catalogue, and marks the resource deleted
            when that branch is deleted. The hooks run this program with the data folder, the
            curriculum packs and the language given here.
            """
        )

        @OptionGroup var common: CommonOptions

        @Argument(help: "Bare repositories.")
        var repositories: [String]

        func run() throws {
            let (executable, arguments) = common.hookCommand()
            for repository in repositories {
                do {
                    for hook in try HookInstaller.install(in: URL(fileURLWithPath: repository), executable: executable, arguments: arguments) {
                        print(hook.path)
                    }
                } catch {
                    throw exitCouldNotRun(CommandFailure(message: error.message, language: common.language))
                }
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a hook (git runs it; reads git's lines on standard input, in the repository).",
            shouldDisplay: false
        )

        @OptionGroup var common: CommonOptions

        @Argument(help: "pre-receive or post-receive.")
        var hook: String

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let repository = URL(fileURLWithPath: environment["GIT_DIR"] ?? ".", relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let updates = ReferenceUpdate.parse(String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self))
            let hooks = ReceiveHooks(indexer: Indexer(store: try common.openCatalogue(), checks: try common.indexingChecks()),
                                     language: common.language)
            switch hook {
            case "pre-receive":
                let quarantine = environment["GIT_QUARANTINE_PATH"].map { URL(fileURLWithPath: $0) }
                let (accepted, lines) = hooks.preReceive(repository: repository, updates: updates, quarantine: quarantine)
                for line in lines { FileHandle.standardError.write(Data("Allmenning: \(line)\n".utf8)) }
                if !accepted { throw ExitCode(1) }
            case "post-receive":
                for line in hooks.postReceive(repository: repository, updates: updates) {
                    FileHandle.standardError.write(Data("Allmenning: \(line)\n".utf8))
                }
            default:
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "Ukjent krok «\(hook)»: pre-receive eller post-receive.",
                                                                            en: "Unknown hook \"\(hook)\": pre-receive or post-receive."),
                                                     language: common.language))
            }
        }
    }
}
