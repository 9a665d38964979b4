import AllmenningCore
import AllmenningGit
import AllmenningAuthoring
import Foundation

/// One line of what git gives a pre-receive or post-receive hook: a reference moved from one
/// commit to another (all zeros: created or deleted).
public struct ReferenceUpdate: Sendable, Equatable {
    public var old: String
    public var new: String
    public var reference: String

    public var isDeletion: Bool { new.allSatisfy { $0 == "0" } }

    /// The lines git writes to the hook's standard input: `old new reference`.
    public static func parse(_ input: String) -> [ReferenceUpdate] {
        input.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3 else { return nil }
            return ReferenceUpdate(old: String(parts[0]), new: String(parts[1]), reference: String(parts[2]))
        }
    }
}

/// The server side of `git push` to a catalogue repository: the pre-receive hook refuses a
/// push whose new versions have blocking findings, with lines a teacher can act on; the
/// post-receive hook indexes what was accepted.
public struct ReceiveHooks: Sendable {
    public var indexer: Indexer
    public var language: MessageLanguage

    public init(indexer: Indexer, language: MessageLanguage) {
        self.indexer = indexer
        self.language = language
    }

    /// The references of Allmenning's git notes (ReviewNotes.reference is one).
    static let reviewNotesPrefix = "refs/notes/allmenning/"

    /// At most this many findings are listed for one version; the rest are counted.
    static let findingsShown = 12

    /// Checks the commit each pushed branch or tag now points to. `quarantine` is git's
    /// folder of the objects this push brings (GIT_QUARANTINE_PATH), not yet in the
    /// repository. Returns whether the push may land, and the lines to show.
    public func preReceive(repository url: URL, updates: [ReferenceUpdate], quarantine: URL?) -> (accepted: Bool, lines: [String]) {
        let location = Indexer.location(of: url)
        var lines: [String] = []
        var accepted = true
        let repository: Repository
        do {
            repository = try Repository.open(at: url)
            if let quarantine { try repository.addObjectAlternate(quarantine) }
        } catch {
            return (false, [say(nb: "Allmenning kunne ikke lese repositoriet (\(error.message)). Prøv igjen, eller kontakt den som drifter katalogen.",
                                en: "Allmenning could not read the repository (\(error.message)). Try again, or contact whoever runs the catalogue.")])
        }
        let state = try? indexer.store.publishedState(ofRepository: location)
        let resourceIsNew = state == nil || state!.deleted
        // Review notes are signed by the installation when a reviewer decides; a push could
        // only forge them (the catalogue would refuse those) or delete real ones.
        for update in updates where update.reference.hasPrefix(Self.reviewNotesPrefix) {
            accepted = false
            lines.append(say(nb: "\(update.reference): vurderinger skrives av Allmenning når en fagfellevurderer bestemmer seg, og kan ikke sendes med git push. Send uten denne referansen.",
                             en: "\(update.reference): reviews are written by Allmenning when a reviewer decides and cannot be pushed. Push without this reference."))
        }
        // Two references pushed to one commit (main and a tag) are checked once.
        var findingsByCommit: [String: [Finding]] = [:]
        for update in updates where !update.isDeletion && !update.reference.hasPrefix(Self.reviewNotesPrefix) {
            let name = Self.shortName(update.reference)
            if let findings = findingsByCommit[update.new] {
                accepted = report(findings, of: update, named: name, resourceIsNew: resourceIsNew, into: &lines) && accepted
                continue
            }
            guard let commit = ObjectID(hex: update.new), let snapshot = try? CommitSnapshot(repository: repository, commit: commit) else {
                accepted = false
                lines.append(say(nb: "\(name): versjonen \(update.new.prefix(7)) kan ikke leses.", en: "\(name): the version \(update.new.prefix(7)) cannot be read."))
                continue
            }
            let checked = indexer.checks.check(snapshot, shownAs: name).report
            let findings = checked.findings
            findingsByCommit[update.new] = findings
            // Withdrawing is final: a pupil who took a resource back cannot bring it back by
            // pushing, and is told so before anything lands.
            if let id = checked.manifest?.id, let publication = indexer.store as? any PublicationStore,
               (try? publication.publicationState(of: id))??.withdrawal != nil {
                accepted = false
                lines.append("\(name) \(update.new.prefix(7)): " + Publication.withdrawnMessage(id).text(in: language))
                continue
            }
            accepted = report(findings, of: update, named: name, resourceIsNew: resourceIsNew, into: &lines) && accepted
        }
        if !accepted {
            lines.append(say(nb: "Rett det som står over i filene, lagre en ny versjon (git commit) og send igjen (git push). Ingenting ble endret i katalogen.",
                             en: "Fix what is listed above in the files, make a new version (git commit) and push again. Nothing changed in the catalogue."))
        }
        return (accepted, lines)
    }

    /// Adds the lines about one pushed reference; false when a finding blocks it.
    private func report(_ findings: [Finding], of update: ReferenceUpdate, named name: String, resourceIsNew: Bool,
                        into lines: inout [String]) -> Bool {
        let blocking = indexer.checks.blocking(findings, resourceIsNew: resourceIsNew).sortedForReading()
        if blocking.isEmpty {
            let other = findings.filter { $0.severity != .info }.count
            lines.append(say(nb: "\(name) \(update.new.prefix(7)): sjekket, ingenting stopper publisering" + (other > 0 ? " (\(other) advarsler)." : "."),
                             en: "\(name) \(update.new.prefix(7)): checked, nothing blocks publishing" + (other > 0 ? " (\(other) warnings)." : ".")))
            return true
        }
        lines.append(say(nb: "\(name) \(update.new.prefix(7)) ble ikke tatt imot: \(blocking.count) funn stopper publisering.",
                         en: "\(name) \(update.new.prefix(7)) was not accepted: \(blocking.count) finding(s) block publishing."))
        for finding in blocking.prefix(Self.findingsShown) {
            var place = finding.location.path
            if let line = finding.location.line { place += ":\(line)" }
            lines.append("  \(place) [\(finding.code)] \(finding.message.text(in: language))")
        }
        if blocking.count > Self.findingsShown {
            lines.append(say(nb: "  … og \(blocking.count - Self.findingsShown) til. Se alle med: allmenning validate", en: "  … and \(blocking.count - Self.findingsShown) more. See them all with: allmenning validate"))
        }
        return false
    }

    /// Indexes the published branch's new commit, or marks the resource deleted when the
    /// branch was deleted. Other branches and tags are not published.
    public func postReceive(repository url: URL, updates: [ReferenceUpdate]) -> [String] {
        let published = (try? Repository.open(at: url).headBranch()) ?? "refs/heads/main"
        var lines: [String] = []
        for update in updates where update.reference == published {
            if update.isDeletion {
                let result = indexer.delete(repository: url)
                if result.status == .deleted {
                    lines.append(say(nb: "Ressursen er fjernet fra søket i katalogen (\(Self.shortName(update.reference)) ble slettet).",
                                     en: "The resource was removed from the catalogue's search (\(Self.shortName(update.reference)) was deleted)."))
                }
                continue
            }
            let result = indexer.index(repository: url, revision: update.new)
            switch result.status {
            case .published, .unchanged:
                if let id = result.resourceID, let publication = indexer.store as? any PublicationStore,
                   let state = try? publication.publicationState(of: id), state.needsApproval, state.approval == nil {
                    lines.append(say(nb: "Tatt imot og sjekket: «\(result.title ?? id)» (\(update.new.prefix(7))). Bare du og lærerne ved skolen din ser den til en lærer godkjenner publiseringen (allmenning publish-approve \(id)).",
                                     en: "Received and checked: \"\(result.title ?? id)\" (\(update.new.prefix(7))). Only you and the teachers at your school see it until a teacher approves its publication (allmenning publish-approve \(id))."))
                    continue
                }
                lines.append(say(nb: "Publisert i katalogen: «\(result.title ?? result.resourceID ?? "")» (\(update.new.prefix(7))).",
                                 en: "Published in the catalogue: \"\(result.title ?? result.resourceID ?? "")\" (\(update.new.prefix(7)))."))
            default:
                let reason = result.message?.text(in: language) ?? ""
                lines.append(say(nb: "Versjonen ble tatt imot, men ikke publisert i katalogen: \(reason)",
                                 en: "The version was received but not published in the catalogue: \(reason)"))
            }
        }
        return lines
    }

    private func say(nb: String, en: String) -> String {
        LocalizedText(nb: nb, en: en).text(in: language)
    }

    static func shortName(_ reference: String) -> String {
        for prefix in ["refs/heads/", "refs/tags/"] where reference.hasPrefix(prefix) { return String(reference.dropFirst(prefix.count)) }
        return reference
    }
}

/// Installs the hooks in a bare repository: small shell scripts that run this program with
/// the installation's data folder.
public enum HookInstaller {
    public static let names = ["pre-receive", "post-receive"]

    /// Writes the hooks (replacing earlier Allmenning hooks, never someone else's) and
    /// returns their paths. `arguments` are passed to `allmenning hooks run NAME`.
    public static func install(in repository: URL, executable: String, arguments: [String]) throws(CatalogueError) -> [URL] {
        let hooks = repository.appendingPathComponent("hooks")
        var written: [URL] = []
        for name in names {
            let hook = hooks.appendingPathComponent(name)
            if let existing = try? String(contentsOf: hook, encoding: .utf8), !existing.contains(marker) {
                throw CatalogueError(LocalizedText(
                    nb: "\(hook.path) finnes allerede og er ikke Allmennings. Flytt den bort (eller kall den fra en egen krok) og prøv igjen.",
                    en: "\(hook.path) already exists and is not Allmenning's. Move it away (or call it from a hook of your own) and try again."))
            }
            let command = ([executable, "hooks", "run", name] + arguments).map(shellQuoted).joined(separator: " ")
            let script = """
            #!/bin/sh
            # \(marker): \(name == "pre-receive" ? "refuses a push whose new versions have findings that block publishing" : "publishes the pushed version in the catalogue").
            # Written by `allmenning hooks install`; run it again to change it.
            exec \(command)

            """
            do {
                try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
                try AtomicFile.write(Data(script.utf8), to: hook)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
            } catch {
                throw CatalogueError(LocalizedText(nb: "Kan ikke skrive \(hook.path): \(error.localizedDescription)",
                                                   en: "Cannot write \(hook.path): \(error.localizedDescription)"))
            }
            written.append(hook)
        }
        return written
    }

    static let marker = "Allmenning hook"

    /// Whether both of Allmenning's hooks are in the repository (bare, or in its .git
    /// folder), so that what is pushed to it is checked and published.
    public static func isInstalled(in repository: URL) -> Bool {
        let folders = [repository.appendingPathComponent("hooks"), repository.appendingPathComponent(".git/hooks")]
        return folders.contains { hooks in
            names.allSatisfy { name in
                let hook = hooks.appendingPathComponent(name)
                return FileManager.default.isExecutableFile(atPath: hook.path)
                    && (try? String(contentsOf: hook, encoding: .utf8))?.contains(marker) == true
            }
        }
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
