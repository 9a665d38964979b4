import AllmenningCore
import AllmenningGit
import Foundation

/// Review attestations as git notes under their own reference, so that they travel with the
/// repository (`git fetch origin 'refs/notes/allmenning/*:refs/notes/allmenning/*'`). A
/// commit's note holds one signed attestation per line, oldest first: a submission, a request
/// for changes and an approval of the same commit are all kept.
public enum ReviewNotes {
    public static let reference = "refs/notes/allmenning/reviews"

    /// Who the notes commits are made by: the installation, not the reviewer, whose name is in
    /// the signed attestation (and nowhere it could not be checked).
    static let author = "Allmenning"
    static let authorEmail = "reviews@allmenning.invalid"

    /// One line of a note, as it is, unchecked.
    public struct Line: Sendable, Equatable {
        public var commit: ObjectID
        /// Its place in the commit's note, from 0: a later line was written later.
        public var position: Int
        public var text: String
    }

    /// A line that was checked and believed.
    public struct Verified: Sendable, Equatable {
        public var commit: ObjectID
        public var position: Int
        public var signed: SignedAttestation
    }

    /// A line that was checked and not believed, and why.
    public struct Rejected: Sendable, Equatable {
        public var commit: ObjectID
        public var position: Int
        public var problem: AttestationProblem
    }

    public struct Reading: Sendable, Equatable {
        public var verified: [Verified] = []
        public var rejected: [Rejected] = []
    }

    /// Every line of every note under the reviews reference, by commit id then position.
    public static func lines(in repository: Repository) throws(GitError) -> [Line] {
        var lines: [Line] = []
        for commit in try repository.annotatedObjects(reference: reference) {
            guard let text = try repository.note(on: commit, reference: reference) else { continue }
            let entries = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            lines += entries.enumerated().map { Line(commit: commit, position: $0.offset, text: $0.element) }
        }
        return lines
    }

    /// Every attestation in the repository's notes, checked with `verifier`: signed by a
    /// trusted key, unchanged, about the commit it is attached to (which the repository has)
    /// and about `resource`, or when that is nil, about the resource the commit's
    /// resource.yaml names.
    public static func read(_ repository: Repository, verifier: ReviewVerifier, resource: String?) throws(GitError) -> Reading {
        var reading = Reading()
        var manifestIDs: [ObjectID: String] = [:]
        for line in try lines(in: repository) {
            do throws(AttestationProblem) {
                if (try? repository.commit(line.commit)) == nil { throw .missingCommit(line.commit.hex) }
                var expected = resource
                if expected == nil {
                    if manifestIDs[line.commit] == nil {
                        let data = try? repository.file(at: ResourceValidator.manifestFileName, in: line.commit)
                        manifestIDs[line.commit] = data.flatMap {
                            ManifestValidator().validate(data: $0, path: ResourceValidator.manifestFileName).manifestAsRead?.id
                        } ?? ""
                    }
                    expected = manifestIDs[line.commit]
                }
                let signed = try verifier.verify(line: line.text, attachedTo: line.commit.hex, resource: expected)
                reading.verified.append(Verified(commit: line.commit, position: line.position, signed: signed))
            } catch {
                reading.rejected.append(Rejected(commit: line.commit, position: line.position, problem: error))
            }
        }
        return reading
    }

    /// Adds a signed attestation to the note on its commit, after what the note holds. The
    /// repository's notes are locked meanwhile, so that two reviewers writing at once both
    /// keep their line. Adding a line the note already holds changes nothing.
    public static func append(_ signed: SignedAttestation, to url: URL, at date: Date = Date()) throws(ReviewError) {
        guard let commit = ObjectID(hex: signed.attestation.commit) else {
            throw ReviewError(LocalizedText(nb: "«\(signed.attestation.commit)» er ikke en hel commit-id.", en: "\"\(signed.attestation.commit)\" is not a full commit id."))
        }
        do {
            let repository = try Repository.open(at: url)
            try withLock(in: repository.gitDirectory) { () throws(GitError) in
                let existing = try repository.note(on: commit, reference: reference) ?? ""
                var lines = existing.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
                guard !lines.contains(signed.line) else { return }
                lines.append(signed.line)
                try repository.writeNote(lines.joined(separator: "\n") + "\n", on: commit, reference: reference,
                                         author: Identity(name: author, email: authorEmail, date: date, timeZoneOffset: 0), replacing: true)
            }
        } catch let error as ReviewError {
            throw error
        } catch let error as GitError {
            throw ReviewError(LocalizedText(nb: "Vurderingen kunne ikke lagres i \(url.path): git: \(error.message)",
                                            en: "The review could not be stored in \(url.path): git: \(error.message)"))
        } catch {
            throw ReviewError(LocalizedText(nb: "Vurderingen kunne ikke lagres i \(url.path): \(error)", en: "The review could not be stored in \(url.path): \(error)"))
        }
    }

    /// Runs `body` holding an exclusive lock on the repository's review notes (flock on a file
    /// in the git folder; released when the process ends, whatever happens).
    private static func withLock(in gitDirectory: URL, _ body: () throws(GitError) -> Void) throws {
        let path = gitDirectory.appendingPathComponent("allmenning-reviews.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else {
            throw ReviewError(LocalizedText(nb: "Kan ikke låse vurderingene i \(gitDirectory.path) (\(String(cString: strerror(errno)))).",
                                            en: "Cannot lock the reviews in \(gitDirectory.path) (\(String(cString: strerror(errno)))).").self)
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw ReviewError(LocalizedText(nb: "Kan ikke låse vurderingene i \(gitDirectory.path).", en: "Cannot lock the reviews in \(gitDirectory.path)."))
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        try body()
    }
}
