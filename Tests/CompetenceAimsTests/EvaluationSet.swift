import AllmenningCore
import CompetenceAims
import Foundation

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The curriculum pack shipped in Content/curricula, loaded once.
let sharedCatalogue: CurriculumCatalogue = {
    do {
        return try CurriculumCatalogue.load(directory: packageRoot.appendingPathComponent("Content/curricula"))
    } catch {
        fatalError("cannot load Content/curricula: \(error)")
    }
}()

let sharedSuggester = AimSuggester(catalogue: sharedCatalogue)

/// One labelled item of the evaluation set: a query and the aims that are correct for it.
struct EvaluationItem: Sendable {
    enum Source: String, Sendable { case content, written, realOER = "real-oer" }
    var id: String
    var source: Source
    var language: String
    var query: AimQuery
    var aims: Set<String>
}

enum EvaluationSet {
    static let folder: URL = Bundle.module.url(forResource: "Evaluation", withExtension: nil)!

    private struct Passages: Decodable {
        struct Passage: Decodable {
            var id: String
            var language: String
            var subjects: [String]
            var levels: [String]
            var aims: [String]
            var text: String?
            var file: String?
        }
        var passages: [Passage]
    }

    private struct ContentResources: Decodable {
        struct Resource: Decodable {
            var id: String
            var folder: String
            var aims: [String]
        }
        var resources: [Resource]
    }

    /// The Content/ resources as the plugin host will see them: manifest plus every HTML and
    /// Markdown document in the folder.
    static func contentItems() throws -> [EvaluationItem] {
        let data = try Data(contentsOf: folder.appendingPathComponent("content-resources.json"))
        return try JSONDecoder().decode(ContentResources.self, from: data).resources.map { resource in
            let directory = packageRoot.appendingPathComponent("Content").appendingPathComponent(resource.folder)
            let manifest = try loadManifest(directory)
            let query = AimQuery(manifest: manifest, documents: try documents(in: directory))
            return EvaluationItem(id: resource.id, source: .content, language: manifest.language.joined(separator: "+"),
                                  query: query, aims: Set(resource.aims))
        }
    }

    static func loadManifest(_ directory: URL) throws -> Manifest {
        let reading = ManifestValidator(curricula: sharedCatalogue)
            .validate(fileAt: directory.appendingPathComponent("resource.yaml"), path: "resource.yaml")
        guard let manifest = reading.manifest else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: directory.path])
        }
        return manifest
    }

    static func documents(in directory: URL) throws -> [ResourceDocument] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.map { ResourceDocument(path: $0, data: Data()) }.filter(\.isReadable).map {
            ResourceDocument(path: $0.path, data: try Data(contentsOf: directory.appendingPathComponent($0.path)))
        }
    }

    static func passageItems(_ file: String, source: EvaluationItem.Source) throws -> [EvaluationItem] {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        return try JSONDecoder().decode(Passages.self, from: data).passages.map { passage in
            var query = AimQuery(subjects: passage.subjects, levels: passage.levels, languages: [passage.language])
            if let text = passage.text { query.add(text, field: .body, language: passage.language) }
            if let file = passage.file {
                let document = ResourceDocument(path: file, data: try Data(contentsOf: folder.appendingPathComponent(file)))
                let text = document.text()
                query.add(text.headings.joined(separator: "\n"), field: .headings, language: passage.language)
                query.add(text.body, field: .body, language: passage.language)
            }
            return EvaluationItem(id: passage.id, source: source, language: passage.language, query: query, aims: Set(passage.aims))
        }
    }

    static func all() throws -> [EvaluationItem] {
        try contentItems() + passageItems("written-passages.json", source: .written)
            + passageItems("real-oer-passages.json", source: .realOER)
    }
}

/// Top-k recall: the share of items with at least one correct aim among the first k suggestions.
struct Recall: CustomStringConvertible {
    var top1 = 0, top5 = 0, count = 0
    mutating func add(_ ranked: [String], correct: Set<String>) {
        count += 1
        if ranked.prefix(1).contains(where: correct.contains) { top1 += 1 }
        if ranked.prefix(5).contains(where: correct.contains) { top5 += 1 }
    }
    var top1Rate: Double { count == 0 ? 0 : Double(top1) / Double(count) }
    var top5Rate: Double { count == 0 ? 0 : Double(top5) / Double(count) }
    var description: String {
        "top-1 \(percent(top1Rate)) (\(top1)/\(count)), top-5 \(percent(top5Rate)) (\(top5)/\(count))"
    }
}

func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }

enum Evaluation {
    /// The engine's recall under the given filters.
    static func engine(_ suggester: AimSuggester, _ items: [EvaluationItem], filters: AimFilters) -> Recall {
        var recall = Recall()
        for item in items {
            recall.add(suggester.suggest(for: item.query, limit: 5, filters: filters).map(\.code), correct: item.aims)
        }
        return recall
    }

    /// Always the most frequent aims of the set, or, with `withinSubject`, the most frequent
    /// aims among those of the item's declared curricula (and, with `withinLevel`, of its
    /// declared stages). Counted over the whole set including the item itself (as the
    /// baseline is usually stated; it flatters the baseline, which sees the item's own
    /// labels), or with `leaveOneOut` over the other items only.
    static func frequencyBaseline(_ items: [EvaluationItem], withinSubject: Bool, withinLevel: Bool = false,
                                  leaveOneOut: Bool = false) -> Recall {
        var frequency: [String: Int] = [:]
        for item in items { for aim in item.aims { frequency[aim, default: 0] += 1 } }
        var recall = Recall()
        for item in items {
            var counts = frequency
            if leaveOneOut { for aim in item.aims { counts[aim, default: 0] -= 1 } }
            var ranked = counts.filter { $0.value > 0 }
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            if withinSubject || withinLevel {
                let allowed = Set(sharedSuggester.candidates(for: item.query, filters: withinLevel ? .declared : .subject))
                ranked = ranked.filter(allowed.contains)
            }
            recall.add(ranked, correct: item.aims)
        }
        return recall
    }

    /// The expected recall of suggesting the aims that pass the filters in a random order:
    /// with n candidates of which m are correct, P(hit in top k) = 1 − C(n−m, k) / C(n, k).
    static func randomOrderBaseline(_ items: [EvaluationItem], filters: AimFilters) -> (top1: Double, top5: Double) {
        var top1 = 0.0, top5 = 0.0
        for item in items {
            let pool = sharedSuggester.candidates(for: item.query, filters: filters)
            let n = pool.count, m = pool.filter(item.aims.contains).count
            func miss(_ k: Int) -> Double {
                guard n > 0 else { return 1 }
                var probability = 1.0
                for i in 0..<min(k, n) { probability *= Double(max(n - m - i, 0)) / Double(n - i) }
                return probability
            }
            top1 += 1 - miss(1)
            top5 += 1 - miss(5)
        }
        return (top1 / Double(max(items.count, 1)), top5 / Double(max(items.count, 1)))
    }

    /// The mean number of aims that pass the filters: what "top-5" is out of.
    static func meanCandidates(_ items: [EvaluationItem], filters: AimFilters) -> Double {
        let total = items.reduce(0) { $0 + sharedSuggester.candidates(for: $1.query, filters: filters).count }
        return Double(total) / Double(max(items.count, 1))
    }
}
