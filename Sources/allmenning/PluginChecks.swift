import Accessibility
import AllmenningAuthoring
import AllmenningCore
import CompetenceAims
import Foundation
import Licensing
import Privacy

/// The validator plugins this build has, wired to the installation's configuration: the CLI
/// and the server choose plugins; the libraries know none of them.
struct PluginChecks {
    static let builtIn: [any ValidatorPlugin] = [AccessibilityPlugin(), CompetenceAimsPlugin(), LicensingPlugin(), PrivacyPlugin()]

    var host: PluginHost
    var curricula: CurriculumCatalogue?

    /// `only`: run just the check of that name (`validate --plugin`); no plugin at all when it
    /// names the manifest check.
    init(data: DataFolder, curricula: CurriculumCatalogue?, configuration: InstallationConfiguration, only: String? = nil) {
        let external = configuration.externalPlugins.map { ExternalPlugin(name: $0.name, command: $0.command, timeLimit: $0.timeLimit) }
        let plugins = (Self.builtIn + external).filter { !configuration.disabledPlugins.contains($0.name) && (only == nil || $0.name == only) }
        host = PluginHost(plugins: plugins, cache: ResultCache(folder: data.pluginCache), settings: configuration.settings)
        self.curricula = curricula
    }

    static var names: [String] { builtIn.map(\.name) }

    /// Adds the plugins' findings to a report of a resource folder, or of a folder of files
    /// without a manifest (then only the plugins that need none run); not of a lone manifest.
    func check(_ report: inout ValidationReport) {
        let folder = URL(fileURLWithPath: report.resource)
        var isDirectory: ObjCBool = false
        let isFolder = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue
        let resourceFolder = isFolder ? folder : folder.lastPathComponent == ResourceValidator.manifestFileName ? folder.deletingLastPathComponent() : nil
        guard let resourceFolder, let snapshot = try? WorkingFolderSnapshot(folder: resourceFolder) else { return }
        host.check(snapshot, adding: &report, curricula: curricula)
    }
}
