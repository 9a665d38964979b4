import AllmenningAuthoring
import AllmenningCore
import ArgumentParser
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check resources: the manifest, the files it names, and the checks of the plugins.",
        discussion: """
        PATH is a resource folder, its resource.yaml, or a lone manifest file (then only the
        manifest is checked). A folder without resource.yaml whose subfolders are resources
        (like Content/) checks each of them. Exit code 0: no errors; 1: errors found; 2: could
        not run. With --revision, each PATH is a resource's git repository (bare or not) and
        that version is checked from git's objects, as the catalogue sees it, not the files in
        the folder.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "Run only this check. Available: \(ValidationChecks.available.joined(separator: ", ")).")
    var plugin: String?

    @Option(help: "Check this version (branch, tag, commit id, HEAD~1) of each repository instead of its folder.")
    var revision: String?

    @Argument(help: "Resource folders or manifest files (default: the current folder).")
    var paths: [String] = ["."]

    func run() throws {
        if let plugin, !ValidationChecks.available.contains(plugin) {
            throw exitCouldNotRun(CommandFailure(
                message: LocalizedText(nb: "Ukjent sjekk «\(plugin)». Tilgjengelige: \(ValidationChecks.available.joined(separator: ", ")).",
                                       en: "Unknown check \"\(plugin)\". Available: \(ValidationChecks.available.joined(separator: ", "))."),
                language: common.language))
        }
        let curricula: CurriculumCatalogue?
        do { curricula = try common.loadCurricula() } catch { throw exitCouldNotRun(error) }
        let validator = ResourceValidator(curricula: curricula)
        // Only the selected check runs (a page being drafted is checked in milliseconds); the
        // others' findings would be dropped anyway.
        let plugins = PluginChecks(data: DataFolder(explicit: common.data), curricula: curricula,
                                   configuration: try common.loadConfiguration(), only: plugin)
        var reports: [ValidationReport]
        if let revision {
            reports = []
            for path in paths {
                let snapshot: CommitSnapshot
                do { snapshot = try CommitSnapshot.at(revision, in: URL(fileURLWithPath: path)) }
                catch { throw fail(error, language: common.language) }
                var report = validator.validate(snapshot: snapshot, shownAs: "\(path)@\(snapshot.commit.short)")
                plugins.host.check(snapshot, adding: &report, curricula: curricula)
                reports.append(report)
            }
        } else {
            reports = paths.flatMap(ResourceValidator.resourcePaths(expanding:)).map { validator.validate(path: $0) }
            for index in reports.indices { plugins.check(&reports[index]) }
        }
        if let plugin {
            for index in reports.indices { reports[index].findings.removeAll { $0.plugin != plugin } }
        }
        let output = switch format {
        case .json: ReportRendering.json(reports, language: common.language)
        case .text: ReportRendering.text(reports, language: common.language)
        }
        print(output)
        if reports.contains(where: \.hasErrors) { throw ExitCode(1) }
    }
}

/// The checks `validate --plugin` can select: the built-in manifest check and the plugins.
enum ValidationChecks {
    static let available = [ManifestValidator.pluginName] + PluginChecks.names
}
