import AllmenningCore
import Foundation

/// The repositories this server serves over HTTP: the bare repositories in the data folder's
/// `repositories/`, known by their folder name (`brok-med-pizza.git`).
enum GitRepositories {
    static func folder(in data: DataFolder) -> URL { data.url.appendingPathComponent("repositories") }

    /// The name under /git/ of a repository, when it is one the server serves.
    static func publicName(of location: String, in data: DataFolder) -> String? {
        let folder = folder(in: data).standardizedFileURL.path
        let repository = URL(fileURLWithPath: location).standardizedFileURL
        guard repository.deletingLastPathComponent().path == folder, isSafeName(repository.lastPathComponent) else { return nil }
        return repository.lastPathComponent
    }

    /// A repository name a request may name: letters, digits, dot, dash and underscore, ending
    /// in .git, never starting with a dot (so never `..`).
    static func isSafeName(_ name: String) -> Bool {
        guard name.hasSuffix(".git"), name.count > 4, name.count <= 120, !name.hasPrefix(".") else { return false }
        return name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) }
    }
}
