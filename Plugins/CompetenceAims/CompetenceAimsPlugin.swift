import AllmenningCore
import Foundation

/// Competence aims as a validator plugin. The manifest check already refuses codes that are
/// not in the curriculum packs (`manifest.unknown-aim`, for aims and prerequisites alike);
/// this plugin checks that the declared aims fit the resource — its subjects, its school
/// years, its text — and suggests the aims its text fits best, as the tag `aims.suggested`.
///
/// Everything depends on the whole resource (its manifest and all its documents together),
/// so the work is done in `checkResource`, cached by the resource's list of blob ids.
public struct CompetenceAimsPlugin: ValidatorPlugin {
    public let name = "competence-aims"
    /// Changes when a rule or the suggester's ranking changes.
    public let version = "1"
    public static let suggestionLimit = 5
    /// A declared aim that ranks this high among the aims of its subject and stage counts as
    /// supported by the text even where the text shares few of its words: a long aim is
    /// rarely covered word for word.
    static let supportingRank = 10

    public init() {}

    public var rules: [PluginRule] { AimRules.all }

    public func examines(path: String) -> Bool { false }

    public func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck { FileCheck() }

    public var cachesResourceCheck: Bool { true }

    public func cacheKey(for context: PluginContext) -> String {
        "\(context.curricula?.fingerprint ?? "") \(Self.suggestionCount(context))"
    }

    /// How many aims to suggest: the installation's setting `suggestions` (1…20), else 5.
    static func suggestionCount(_ context: PluginContext) -> Int {
        context.settings["suggestions"].flatMap(Int.init).map { min(max($0, 1), 20) } ?? suggestionLimit
    }

    public func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck {
        guard let manifest = context.manifest, let curricula = context.curricula, !curricula.isEmpty else { return FileCheck() }
        let suggester = SuggesterStore.shared.suggester(for: curricula)
        let query = AimQuery(manifest: manifest, documents: Self.documents(of: resource.snapshot))
        let preferred = AimSuggestion.textLanguages(resource: manifest.language)
        let count = Self.suggestionCount(context)
        let ranked = suggester.suggest(for: query, limit: max(count, Self.supportingRank), filters: .declared)
        let suggestions = ranked.prefix(count).map { suggestion in
            var suggestion = suggestion
            suggestion.text = curricula.aim(suggestion.code)?.text(preferring: preferred) ?? suggestion.text
            return suggestion
        }
        var check = FileCheck()
        if !suggestions.isEmpty { check.tags[Self.suggestedTag] = Self.tag(suggestions) }
        let lines = DeclaredLines(manifestText: resource.manifestText)
        check.findings += AimRules.fit(manifest: manifest, curricula: curricula, suggester: suggester, lines: lines)
        let declared = (manifest.aims ?? []).filter { curricula.aim($0) != nil }
        let rankedCodes = Set(ranked.map(\.code))
        for support in suggester.support(aims: declared, in: query) where !support.supported && !rankedCodes.contains(support.code) {
            check.findings.append(AimRules.notSupported(support, lines: lines))
        }
        return check
    }

    /// The tag the suggestions are reported under: a list of {code, score, curriculum, text}.
    public static let suggestedTag = "aims.suggested"

    static func tag(_ suggestions: [AimSuggestion]) -> TagValue {
        .list(suggestions.map { suggestion in
            .object(["code": .text(suggestion.code), "score": .number((suggestion.score * 1000).rounded() / 1000),
                     "curriculum": .text(suggestion.curriculum), "text": .text(suggestion.text)])
        })
    }

    /// The HTML and Markdown documents of a snapshot, each read at most as far as the
    /// suggester reads (`ResourceDocument.maximumBytes`).
    public static func documents(of snapshot: any ResourceSnapshot) -> [ResourceDocument] {
        snapshot.files.compactMap { file in
            let document = ResourceDocument(path: file.path, data: Data())
            guard document.isReadable, let data = try? snapshot.data(at: file.path, upTo: ResourceDocument.maximumBytes) else { return nil }
            return ResourceDocument(path: file.path, data: data)
        }
    }
}

/// Where the manifest lists each aim and prerequisite, for the findings' line numbers.
struct DeclaredLines {
    var aims: [String: Int] = [:]
    var prerequisites: [String: Int] = [:]
    var aimsField: Int?

    init(manifestText: String?) {
        guard let text = manifestText else { return }
        aims = ManifestSource.itemLines(of: "aims", in: text)
        prerequisites = ManifestSource.itemLines(of: "prerequisites", in: text)
        aimsField = ManifestSource.fieldLine("aims", in: text)
    }

    func location(aim code: String) -> SourceLocation {
        SourceLocation(path: ResourceValidator.manifestFileName, line: aims[code] ?? aimsField)
    }

    func location(prerequisite code: String) -> SourceLocation {
        SourceLocation(path: ResourceValidator.manifestFileName, line: prerequisites[code])
    }
}

/// Building the suggester's index takes a noticeable moment (about a thousand aims, each
/// analysed in three languages), so one is kept per set of curriculum packs and shared by
/// every check in the process.
final class SuggesterStore: @unchecked Sendable {
    static let shared = SuggesterStore()
    private let lock = NSLock()
    private var suggesters: [String: AimSuggester] = [:]

    func suggester(for curricula: CurriculumCatalogue) -> AimSuggester {
        lock.withLock {
            if let suggester = suggesters[curricula.fingerprint] { return suggester }
            let suggester = AimSuggester(catalogue: curricula)
            // An installation loads one set of packs; a test may load a few. Never many.
            if suggesters.count >= 4 { suggesters.removeAll() }
            suggesters[curricula.fingerprint] = suggester
            return suggester
        }
    }
}
