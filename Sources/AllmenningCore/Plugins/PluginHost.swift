import Foundation

/// What one plugin said about one version of a resource.
public struct PluginReport: Sendable, Equatable {
    public var plugin: String
    public var version: String
    public var findings: [Finding]
    /// Per file (by path) and for the resource (key "").
    public var tags: [String: [String: TagValue]]
    public var filesChecked: Int
    public var filesFromCache: Int
    /// The whole-resource check's result came from the cache (see `cachesResourceCheck`).
    public var resourceFromCache = false
}

/// Runs plugins over a snapshot: per-file checks through the cache, then the whole-resource
/// check. A plugin's findings get the plugin's name; a finding's path is the file's.
public struct PluginHost: Sendable {
    public var plugins: [any ValidatorPlugin]
    public var cache: ResultCache?
    /// Each plugin's settings from the installation's configuration, by plugin name.
    public var settings: [String: [String: String]]

    public init(plugins: [any ValidatorPlugin], cache: ResultCache?, settings: [String: [String: String]] = [:]) {
        self.plugins = plugins
        self.cache = cache
        self.settings = settings
    }

    public func run(_ resource: PluginResource, context: PluginContext) -> [PluginReport] {
        plugins.map { run($0, resource, context: context) }
    }

    func run(_ plugin: any ValidatorPlugin, _ resource: PluginResource, context: PluginContext) -> PluginReport {
        var context = context
        if let settings = settings[plugin.name] { context.settings = settings }
        var report = PluginReport(plugin: plugin.name, version: plugin.version, findings: [], tags: [:], filesChecked: 0, filesFromCache: 0)
        let key = plugin.cacheKey(for: context)
        for file in resource.snapshot.files where plugin.examines(path: file.path) {
            var check: FileCheck
            if let cached = cache?.result(plugin: plugin.name, version: plugin.version, key: key, blobID: file.blobID) {
                check = cached
                report.filesFromCache += 1
            } else {
                guard let data = try? resource.snapshot.data(at: file.path) else {
                    report.findings.append(Finding(plugin: plugin.name, code: "plugin.unreadable-file", severity: .error,
                                                   location: SourceLocation(path: file.path),
                                                   message: LocalizedText(nb: "Filen kunne ikke leses, så den er ikke sjekket.",
                                                                          en: "The file could not be read, so it was not checked.")))
                    continue
                }
                check = plugin.checkFile(PluginFile(path: file.path, data: data), context: context)
                report.filesChecked += 1
                cache?.store(check, plugin: plugin.name, version: plugin.version, key: key, blobID: file.blobID)
            }
            for var finding in check.findings {
                finding.plugin = plugin.name
                finding.location.path = file.path
                report.findings.append(finding)
            }
            if !check.tags.isEmpty { report.tags[file.path] = check.tags }
        }
        var resource = resource
        resource.fileTags = report.tags
        let whole = checkResource(plugin, resource, context: context, key: key, report: &report)
        report.findings += whole.findings.map { finding in
            var finding = finding
            finding.plugin = plugin.name
            return finding
        }
        if !whole.tags.isEmpty { report.tags[""] = whole.tags }
        return report
    }

    private func checkResource(_ plugin: any ValidatorPlugin, _ resource: PluginResource, context: PluginContext, key: String,
                               report: inout PluginReport) -> FileCheck {
        guard plugin.cachesResourceCheck, let cache else { return plugin.checkResource(resource, context: context) }
        // The listing itself is the cache's "blob id": the entry stores it and compares it in
        // full, so two resources can never share a result.
        let listing = "resource\n" + resource.snapshot.files.map { "\($0.path)\u{0}\($0.blobID)" }.joined(separator: "\n")
        if let cached = cache.result(plugin: plugin.name, version: plugin.version, key: key, blobID: listing) {
            report.resourceFromCache = true
            return cached
        }
        let check = plugin.checkResource(resource, context: context)
        cache.store(check, plugin: plugin.name, version: plugin.version, key: key, blobID: listing)
        return check
    }
}

extension PluginHost {
    /// Runs the plugins over a snapshot whose manifest check is `report`, and adds their
    /// findings to it. The plugins get the manifest as far as it was read, so that one wrong
    /// field does not hide the rest from them.
    @discardableResult
    public func check(_ snapshot: any ResourceSnapshot, adding report: inout ValidationReport,
                      curricula: CurriculumCatalogue?) -> [PluginReport] {
        let manifestFile = snapshot.files.first { $0.path == ResourceValidator.manifestFileName }
        let manifestText = manifestFile.flatMap { file in
            file.size <= ManifestSource.maximumSize ? (try? snapshot.data(at: file.path)).map { String(decoding: $0, as: UTF8.self) } : nil
        }
        let context = PluginContext(manifest: report.manifest ?? report.manifestAsRead, curricula: curricula)
        // Without a manifest the folder is not a resource yet: the manifest check says so once,
        // and only the plugins that check files on their own run.
        let host = manifestFile == nil ? PluginHost(plugins: plugins.filter { !$0.needsManifest }, cache: cache, settings: settings) : self
        let reports = host.run(PluginResource(snapshot: snapshot, manifestText: manifestText), context: context)
        report.findings += reports.flatMap(\.findings)
        for pluginReport in reports where !pluginReport.tags.isEmpty { report.inferred[pluginReport.plugin] = pluginReport.tags }
        return reports
    }
}
