import AllmenningCatalogue
import AllmenningCore
import AllmenningGit
import Foundation

// Figures for the catalogue, printed (no test asserts a time). Run by
// Scripts/benchmark-catalogue.sh:
//
//   generate DIR COUNT         COUNT resource repositories (git, made through libgit2) whose
//                              texts are sentences of Content/'s resources, in their languages,
//                              with LK20 aims, subjects and years from Content/curricula
//   search DATA COUNT QUERIES  a catalogue of COUNT generated versions (made in process, without
//                              git or plugins), then QUERIES mixed searches: latency p50/p99
//   size FILE COUNT            the catalogue file's size per resource
//
// The generator is deterministic (seeded), so two runs measure the same corpus.

/// SplitMix64: small, fast and the same on every machine.
struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Real sentences to build resources from: Content/'s documents, by language, and LK20.
struct Material {
    var sentences: [String: [String]] = [:]
    var languages: [String] = []
    var curricula: CurriculumCatalogue
    var aimsByCurriculum: [String: [CompetenceAim]] = [:]
    var curriculumCodes: [String] = []
    var vocabulary: [String] = []

    init(content: URL) throws {
        curricula = try CurriculumCatalogue.load(directory: content.appendingPathComponent("curricula"))
        for folder in try FileManager.default.contentsOfDirectory(atPath: content.path).sorted() {
            let resource = content.appendingPathComponent(folder)
            let manifestURL = resource.appendingPathComponent("resource.yaml")
            guard FileManager.default.fileExists(atPath: manifestURL.path),
                  let manifest = ManifestValidator(curricula: nil).validate(fileAt: manifestURL, path: "resource.yaml").manifest,
                  let language = manifest.language.first else { continue }
            for name in try FileManager.default.contentsOfDirectory(atPath: resource.path) where DocumentText.isDocument(name) {
                let text = DocumentText.readable(try Data(contentsOf: resource.appendingPathComponent(name)), path: name) ?? ""
                let pieces = text.split(whereSeparator: { $0 == "." || $0 == "\n" || $0 == "?" || $0 == "!" })
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.split(separator: " ").count >= 4 }
                sentences[language, default: []] += pieces
            }
        }
        languages = sentences.keys.sorted()
        for pack in curricula.packs {
            for aim in pack.aims { aimsByCurriculum[aim.curriculum, default: []].append(aim) }
        }
        curriculumCodes = aimsByCurriculum.keys.sorted()
        vocabulary = Array(Set(sentences.values.flatMap { $0 }.flatMap { SearchText.words($0) }.filter { $0.count >= 5 })).sorted()
    }

    struct Resource {
        var manifest: [String: Any]
        var body: String
        var tasks: String
        var suggested: [CompetenceAim]
    }

    func resource(_ number: Int, random: inout Random) -> Resource {
        let language = random.pick(languages)
        let curriculum = random.pick(curriculumCodes)
        let aims = aimsByCurriculum[curriculum]!
        var declared: [CompetenceAim] = []
        for _ in 0..<(1 + random.below(3)) { declared.append(random.pick(aims)) }
        let titleWords = declared[0].text(preferring: [language, "nb"]).split(separator: " ").prefix(3 + random.below(4)).joined(separator: " ")
        let title = titleWords.prefix(1).uppercased() + titleWords.dropFirst() + " (\(number))"
        let pool = sentences[language]!
        let body = (0..<(15 + random.below(30))).map { _ in random.pick(pool) }.joined(separator: ". ") + "."
        let tasks = (0..<(4 + random.below(8))).map { index in "\(index + 1). \(random.pick(pool))." }.joined(separator: "\n")
        let levels = Array(Set(declared.compactMap(\.afterYear))).sorted()
        let kind = random.chance(10) ? "student" : "teacher"
        var manifest: [String: Any] = [
            "manifest": 1,
            "id": String(format: "01M8%022d", number),
            "title": [language: title],
            "description": [language: random.pick(pool)],
            "language": [language],
            "kind": kind,
            "type": [random.pick(["lesson", "exercise", "worksheet", "video", "assessment"])],
            "subjects": [curriculum],
            "aims": Array(Set(declared.map(\.code))).sorted(),
            "licence": random.pick(["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CC-BY-NC-SA-4.0"]),
            "entry": "index.md",
            "authors": [kind == "student" ? ["pseudonym": "Elev \(number % 97)", "role": "student"]
                        : ["name": "Lærer \(number % 211)", "role": "teacher", "org": "Skole \(number % 53)"]],
        ]
        let features = Set((0..<random.below(3)).map { _ in
            random.pick(["alternativeText", "captions", "structuralNavigation", "transcript", "largePrint"]) })
        if !features.isEmpty { manifest["accessibility"] = ["features": features.sorted()] }
        if !levels.isEmpty { manifest["level"] = levels }
        return Resource(manifest: manifest, body: body, tasks: tasks, suggested: (0..<3).map { _ in random.pick(aims) })
    }
}

/// JSON strings are YAML double-quoted scalars; a manifest written this way reads back exactly.
func yaml(_ manifest: [String: Any]) -> String {
    func scalar(_ value: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
    return manifest.keys.sorted().map { "\($0): \(scalar(manifest[$0]!))" }.joined(separator: "\n") + "\n"
}

func generate(into folder: URL, count: Int, content: URL) throws {
    let material = try Material(content: content)
    var random = Random(state: 2026)
    let author = Identity(name: "Benchmark", email: "benchmark@example.org", date: Date(timeIntervalSince1970: 1_790_000_000))
    let started = Date()
    for number in 0..<count {
        let resource = material.resource(number, random: &random)
        let url = folder.appendingPathComponent(String(format: "ressurs-%06d", number))
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) { continue }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(yaml(resource.manifest).utf8).write(to: url.appendingPathComponent("resource.yaml"))
        let title = (resource.manifest["title"] as! [String: String]).values.first!
        try Data("# \(title)\n\n\(resource.body)\n".utf8).write(to: url.appendingPathComponent("index.md"))
        try Data("# Oppgaver\n\n\(resource.tasks)\n".utf8).write(to: url.appendingPathComponent("oppgaver.md"))
        let repository = try Repository.create(at: url)
        _ = try repository.commitWorkingChanges(message: "Første versjon", author: author)
        if (number + 1) % 1000 == 0 {
            FileHandle.standardError.write(Data("generated \(number + 1)/\(count) (\(Int(Date().timeIntervalSince(started))) s)\n".utf8))
        }
    }
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
}

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
}

func searchBenchmark(data: URL, count: Int, queries: Int, content: URL) throws {
    let material = try Material(content: content)
    let file = data.appendingPathComponent("catalogue.sqlite")
    let store = try SQLiteCatalogue(file: file)
    let existing = try store.statistics(curricula: nil).resources
    if existing < count {
        var random = Random(state: 2026)
        let decoder = JSONDecoder()
        let started = Date()
        for number in 0..<count {
            let resource = material.resource(number, random: &random)
            guard number >= existing else { continue }
            let manifest = try decoder.decode(Manifest.self, from: try JSONSerialization.data(withJSONObject: resource.manifest))
            let index = resource.body, tasks = resource.tasks
            let files = [SnapshotFile(path: "index.md", blobID: String(format: "%040x", number * 2), size: index.utf8.count),
                         SnapshotFile(path: "oppgaver.md", blobID: String(format: "%040x", number * 2 + 1), size: tasks.utf8.count),
                         SnapshotFile(path: "resource.yaml", blobID: String(format: "f%039x", number), size: 600)]
            let texts = [files[0].blobID: index, files[1].blobID: tasks]
            let suggested = TagValue.list(resource.suggested.map { aim in
                .object(["code": .text(aim.code), "score": .number(Double(random.below(200))), "text": .text(aim.text(preferring: manifest.language))])
            })
            let inferred: [String: [String: [String: TagValue]]] = [
                "competence-aims": ["": ["aims.suggested": suggested]],
                "accessibility": ["": ["accessibilityFeature": .list([.text("structuralNavigation")])]],
            ]
            var tags = ResourceTags()
            for file in files { tags.count(file.path, size: file.size) { texts[file.blobID] } }
            let record = VersionRecord(
                repository: "/srv/allmenning/\(manifest.id).git", branch: "refs/heads/main", commit: String(format: "%040x", number),
                committedAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(number)), commitSummary: "Første versjon",
                indexedAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(number)), checks: "benchmark", manifest: manifest,
                inferred: inferred, tags: tags, findings: [], files: files, documentTexts: texts, newTexts: texts, curricula: material.curricula)
            try store.publish(record)
            if (number + 1) % 10_000 == 0 {
                let rate = Double(number + 1 - existing) / Date().timeIntervalSince(started)
                FileHandle.standardError.write(Data("catalogue: \(number + 1)/\(count) versions (\(Int(rate))/s)\n".utf8))
            }
        }
    }

    // Mixed queries, the way teachers search: one to three words from the material, an aim
    // code, facet filters alone, and words with filters.
    var random = Random(state: 7)
    let aimCodes = material.aimsByCurriculum.values.flatMap { $0 }.map(\.code).sorted()
    var mixed: [SearchQuery] = []
    for _ in 0..<queries {
        let kind = random.below(100)
        let words = (0..<(1 + random.below(3))).map { _ in random.pick(material.vocabulary) }
        switch kind {
        case 0..<40: mixed.append(SearchQuery(text: words[0], limit: 10))
        case 40..<65: mixed.append(SearchQuery(text: words.prefix(2).joined(separator: " "), limit: 10))
        case 65..<75: mixed.append(SearchQuery(text: words.joined(separator: " "), limit: 10))
        case 75..<85: mixed.append(SearchQuery(text: random.pick(aimCodes), limit: 10))
        case 85..<95: mixed.append(SearchQuery(text: "", filters: [.subject: [random.pick(material.curriculumCodes)], .language: [random.pick(material.languages)]], limit: 10))
        default: mixed.append(SearchQuery(text: words[0], filters: [.licence: ["CC-BY-4.0", "CC-BY-SA-4.0"], .kind: ["teacher"]], limit: 10))
        }
    }
    for query in mixed.prefix(20) { _ = try store.search(query) }  // warm the page cache
    var latencies: [Double] = []
    var hits = 0
    for query in mixed {
        let start = DispatchTime.now().uptimeNanoseconds
        let results = try store.search(query)
        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        hits += results.total > 0 ? 1 : 0
    }
    let sorted = latencies.sorted()
    for (latency, query) in zip(latencies, mixed).sorted(by: { $0.0 > $1.0 }).prefix(3) {
        let filters = query.filters.map { "\($0.key.rawValue)=\($0.value.joined(separator: ","))" }.sorted().joined(separator: " ")
        print(String(format: "  slow: %.2f ms  \"%@\" %@", latency, query.text, filters))
    }
    let total = try store.statistics(curricula: nil).resources
    print(String(format: "search at %d resources, %d mixed queries (%d with results): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms",
                 total, mixed.count, hits, percentile(sorted, 0.5), percentile(sorted, 0.9), percentile(sorted, 0.99),
                 sorted.last ?? 0, latencies.reduce(0, +) / Double(max(latencies.count, 1))))
    printSize(file: file, count: total)
}

func printSize(file: URL, count: Int) {
    let bytes = fileSize(file.path) + fileSize(file.path + "-wal")
    print(String(format: "catalogue file at %d resources: %.1f MB, %.1f kB per resource", count, Double(bytes) / 1_000_000,
                 Double(bytes) / 1000 / Double(max(count, 1))))
}

let arguments = CommandLine.arguments
let content = URL(fileURLWithPath: ProcessInfo.processInfo.environment["ALLMENNING_CONTENT"] ?? "Content")
do {
    switch arguments.dropFirst().first {
    case "generate" where arguments.count == 4:
        try generate(into: URL(fileURLWithPath: arguments[2]), count: Int(arguments[3])!, content: content)
    case "search" where arguments.count == 5:
        try searchBenchmark(data: URL(fileURLWithPath: arguments[2]), count: Int(arguments[3])!, queries: Int(arguments[4])!, content: content)
    case "size" where arguments.count == 4:
        printSize(file: URL(fileURLWithPath: arguments[2]), count: Int(arguments[3])!)
    default:
        FileHandle.standardError.write(Data("usage: allmenning-catalogue-benchmark generate DIR COUNT | search DATA COUNT QUERIES | size FILE COUNT\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("allmenning-catalogue-benchmark: \(error)\n".utf8))
    exit(1)
}
