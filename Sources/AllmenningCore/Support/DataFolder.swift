import Foundation

/// Where an installation keeps its state (repositories, catalogue, caches, configuration,
/// curriculum packs): `--data DIR`, else ALLMENNING_DATA, else $XDG_DATA_HOME/allmenning,
/// else ~/.local/share/allmenning.
public struct DataFolder: Sendable, Equatable {
    public let url: URL

    public init(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit, !explicit.isEmpty {
            url = URL(fileURLWithPath: explicit)
        } else if let fromEnvironment = environment["ALLMENNING_DATA"], !fromEnvironment.isEmpty {
            url = URL(fileURLWithPath: fromEnvironment)
        } else if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            url = URL(fileURLWithPath: xdg).appendingPathComponent("allmenning")
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
            url = home.appendingPathComponent(".local/share/allmenning")
        }
    }

    public var curricula: URL { url.appendingPathComponent("curricula") }
    /// The resources' bare git repositories that this installation hosts, one `NAME.git` each
    /// (where `allmenning seed` puts them).
    public var repositories: URL { url.appendingPathComponent("repositories") }
    /// Per-file plugin results, kept between runs.
    public var pluginCache: URL { url.appendingPathComponent("cache/plugins") }
    /// The catalogue: an SQLite file (with its -wal and -shm files beside it).
    public var catalogue: URL { url.appendingPathComponent("catalogue.sqlite") }
    /// The installation's choices: which plugins run, which findings block publishing.
    public var configuration: URL { url.appendingPathComponent("config.yaml") }
}
