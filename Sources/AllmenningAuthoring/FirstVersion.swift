import AllmenningCore
import AllmenningGit
import Foundation

/// The git side of `allmenning init`: the resource folder becomes a repository (or stays the
/// one it is) and its files become the first commit.
public enum FirstVersion {
    public static func commit(folder: URL, title: String, author: Author) throws(AuthoringFailure) -> ObjectID? {
        let doing = LocalizedText(nb: "Kunne ikke lage git-repositoriet i \(folder.path).", en: "Could not create the git repository in \(folder.path).")
        return try gitStep(doing) { () throws(GitError) -> ObjectID? in
            let repository = Repository.exists(at: folder) ? try Repository.open(at: folder) : try Repository.create(at: folder)
            let message = try repository.headCommit() == nil ? "Create \(title)" : "Add the Allmenning manifest for \(title)"
            return try repository.commitWorkingChanges(message: message, author: author.identity)
        }
    }
}
