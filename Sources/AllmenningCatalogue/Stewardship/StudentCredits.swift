import AllmenningCore
import Foundation

/// How a student's resource credits its makers in everything the catalogue shows (pages,
/// JSON-LD, the API, OAI-PMH, attribution texts): by pseudonym only.
///
/// A pupil writes resource.yaml themself, and may well write `name: Ola Nordmann` (the
/// manifest check warns, but a warning does not block). So in a resource whose repository
/// belongs to a student, the catalogue decides the credits from who it knows rather than from
/// what was written:
/// - a teacher (`role: teacher` with a name) is kept: teachers publish under their names;
/// - every other author (a pupil by name, or with no role, an illustrator, …) is the owning
///   student, shown by their pseudonym; a classmate the pupil names cannot be told from the
///   pupil, and a wrong pseudonym is better than a right name;
/// - an author given by pseudonym keeps it, unless it gives away the owner's name or user name
///   (then it is the owner's pseudonym too);
/// - the owner is credited once, first, even when the manifest forgot them.
/// What the pupil wrote stays in their repository (its files, the zip and git clone): the
/// teacher sees it when approving.
public enum StudentCredits {
    public static func authors(_ authors: [Manifest.Author]?, ownerPseudonym: String, ownerName: String, ownerUserName: String) -> [Manifest.Author] {
        let owner = Manifest.Author(pseudonym: ownerPseudonym, role: "student")
        var credited: [Manifest.Author] = [owner]
        for author in authors ?? [] {
            var shown: Manifest.Author
            if author.role == "teacher", author.name != nil {
                shown = author
            } else if let pseudonym = author.pseudonym, !reveals(pseudonym, ownerName: ownerName, ownerUserName: ownerUserName) {
                shown = Manifest.Author(pseudonym: pseudonym, role: "student")
            } else {
                shown = owner
            }
            if !credited.contains(shown) { credited.append(shown) }
        }
        return credited
    }

    /// The manifest as the catalogue keeps it for a student's resource: its authors as above
    /// (the sources in derivedFrom are others' work and keep their credits, students' names
    /// there being removed for every resource).
    public static func manifest(_ manifest: Manifest, ownerPseudonym: String, ownerName: String, ownerUserName: String) -> Manifest {
        var manifest = manifest
        manifest.authors = authors(manifest.authors, ownerPseudonym: ownerPseudonym, ownerName: ownerName, ownerUserName: ownerUserName)
        return manifest
    }

    static func reveals(_ pseudonym: String, ownerName: String, ownerUserName: String) -> Bool {
        AccountNames.pseudonymRevealsName(pseudonym, displayName: ownerName)
            || AccountNames.pseudonymRevealsName(pseudonym, displayName: ownerUserName)
    }
}
