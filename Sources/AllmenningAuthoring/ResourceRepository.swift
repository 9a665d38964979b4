import AllmenningCore
import AllmenningGit
import Foundation

/// A resource folder that is a git repository: what the authoring commands share.
enum ResourceRepository {
    static let manifestPath = ResourceValidator.manifestFileName

    static func open(_ folder: URL) throws(AuthoringFailure) -> Repository {
        do {
            return try Repository.open(at: folder)
        } catch {
            throw AuthoringFailure(.couldNotRun, LocalizedText(
                nb: "\(folder.path) er ikke et ressurslager (git-repositorium). Lag en ressurs med allmenning init, eller gå til mappa til en ressurs du har forket.",
                en: "\(folder.path) is not a resource repository (git). Make a resource with allmenning init, or go to the folder of a resource you forked."))
        }
    }

    /// The manifest as committed in `commit`, read from git's objects and checked.
    static func manifest(in repository: Repository, at commit: ObjectID, describedAs source: String) throws(AuthoringFailure) -> (Manifest, Data) {
        let data: Data?
        do { data = try repository.file(at: manifestPath, in: commit) } catch {
            throw AuthoringFailure.git(error, while: LocalizedText(nb: "Kunne ikke lese manifestet i \(source).", en: "Could not read the manifest in \(source)."))
        }
        guard let data else {
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "\(source) har ingen resource.yaml i commit \(commit.short), så det er ikke en Allmenning-ressurs. Uten manifest vet ingen hvilken lisens innholdet har.",
                en: "\(source) has no resource.yaml in commit \(commit.short), so it is not an Allmenning resource. Without a manifest nobody knows the content's licence."))
        }
        return (try checkedManifest(data, describedAs: "\(source): resource.yaml"), data)
    }

    /// The manifest in the working folder, checked.
    static func workingManifest(in folder: URL) throws(AuthoringFailure) -> (Manifest, Data) {
        let url = folder.appendingPathComponent(manifestPath)
        let data: Data
        do { data = try ManifestSource.read(url) } catch {
            throw AuthoringFailure(.couldNotRun, LocalizedText(
                nb: "Finner ikke et lesbart manifest i \(url.path). Kjør kommandoen i mappa til ressursen.",
                en: "No readable manifest at \(url.path). Run the command in the resource's folder."))
        }
        return (try checkedManifest(data, describedAs: url.path), data)
    }

    static func checkedManifest(_ data: Data, describedAs path: String) throws(AuthoringFailure) -> Manifest {
        let reading = ManifestValidator().validate(data: data, path: path)
        let errors = reading.findings.filter { $0.severity == .error && $0.code != "manifest.aims-not-checked" }
        guard let manifest = reading.manifest, errors.isEmpty else {
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "Manifestet \(path) har feil; rett dem først (allmenning validate viser alle).",
                en: "The manifest \(path) has errors; fix them first (allmenning validate shows them all)."),
                details: errors.prefix(5).map(detail))
        }
        return manifest
    }

    /// A finding as one line of a failure's details: place, then message.
    static func detail(_ finding: Finding) -> LocalizedText {
        let place = finding.location.path + (finding.location.line.map { ":\($0)" } ?? "")
        return LocalizedText(nb: "\(place) \(finding.message.nb)", en: "\(place) \(finding.message.en)")
    }

    static func edit(_ data: Data, _ body: (inout ManifestEditor) throws(ManifestEditor.Failure) -> Void) throws(AuthoringFailure) -> Data {
        do {
            var editor = try ManifestEditor(text: String(decoding: data, as: UTF8.self))
            try body(&editor)
            return Data(editor.text.utf8)
        } catch {
            throw AuthoringFailure(.refused, LocalizedText(nb: "Kunne ikke oppdatere resource.yaml: ", en: "Could not update resource.yaml: ")
                .appending(error.message))
        }
    }

    static func write(_ data: Data, to url: URL) throws(AuthoringFailure) {
        do { try AtomicFile.write(data, to: url) } catch {
            throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Kan ikke skrive \(url.path): \(error.localizedDescription)",
                                                               en: "Cannot write \(url.path): \(error.localizedDescription)"))
        }
    }
}
