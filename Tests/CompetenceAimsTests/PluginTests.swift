import AllmenningCore
@testable import CompetenceAims
import Foundation
import Testing

@Suite("CompetenceAims plugin")
struct CompetenceAimsPluginTests {
    let plugin = CompetenceAimsPlugin()

    /// A resource of Content/ as the plugin sees it: every file, and the manifest as read.
    func contentResource(_ name: String) throws -> (PluginResource, PluginContext) {
        let folder = packageRoot.appendingPathComponent("Content").appendingPathComponent(name)
        var contents: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            contents[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        let manifestText = String(decoding: contents["resource.yaml"]!, as: UTF8.self)
        let manifest: Manifest = try #require(
            ManifestValidator(curricula: sharedCatalogue).validate(data: Data(manifestText.utf8), path: "resource.yaml").manifest)
        return (PluginResource(snapshot: InMemorySnapshot(contents: contents), manifestText: manifestText),
                PluginContext(manifest: manifest, curricula: sharedCatalogue))
    }

    func contentResourceNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Content").path)
            .filter { FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Content/\($0)/resource.yaml").path) }
            .sorted()
    }

    @Test("every rule's examples trigger it or not, as the rule says")
    func ruleExamples() {
        #expect(RuleExamples.failures(of: plugin, curricula: sharedCatalogue) == [])
        #expect(plugin.rules.count == 6)
    }

    @Test("the five best aims for a Content/ resource are its tag, best first, in the resource's language")
    func suggestionsAsTags() throws {
        let (resource, context) = try contentResource("brok-med-pizza")
        let check = plugin.checkResource(resource, context: context)
        guard case let .list(items)? = check.tags[CompetenceAimsPlugin.suggestedTag] else {
            Issue.record("no \(CompetenceAimsPlugin.suggestedTag) tag: \(check.tags)")
            return
        }
        #expect(items.count == 5)
        var scores: [Double] = []
        var codes: [String] = []
        for case let .object(object) in items {
            if case let .number(score)? = object["score"] { scores.append(score) }
            if case let .text(code)? = object["code"] { codes.append(code) }
            #expect(object["curriculum"] == .text("MAT01-06"))
            if case let .text(code)? = object["code"] {
                #expect(object["text"] == .text(sharedCatalogue.aim(code)!.text["nb"]!))
            }
        }
        #expect(scores == scores.sorted(by: >) && scores.count == 5)
        #expect(codes.contains("KM13277"), "the declared aim is among the suggestions: \(codes)")
        #expect(check.findings.isEmpty, "\(check.findings)")
    }

    @Test("Content/ declares aims that fit: no warnings or errors in any resource")
    func contentIsClean() throws {
        let names = try contentResourceNames()
        #expect(names.count >= 18)
        for name in names {
            let (resource, context) = try contentResource(name)
            let findings = plugin.checkResource(resource, context: context).findings
            #expect(findings.filter { $0.severity != .info }.isEmpty, "\(name): \(findings.map(\.message.en))")
        }
    }

    @Test("a finding points at the aim's line in resource.yaml")
    func findingLines() throws {
        let manifest = AimRules.manifest("level: [3]\nsubjects: [MAT01-06]\naims:\n  - KM13243\n  - KM13328\n")
        let findings = RuleExamples.findings(of: plugin, on: RuleExample(files: AimRules.lesson.files, manifest: manifest),
                                             curricula: sharedCatalogue)
        let later = try #require(findings.first { $0.code == "aims.later-stage" })
        let expectedLine = manifest.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("KM13328") }! + 1
        #expect(later.location == SourceLocation(path: "resource.yaml", line: expectedLine))
        #expect(later.plugin == "competence-aims")
        #expect(later.message.en.contains("after year 10"))
        #expect(!findings.contains { $0.code == "aims.later-stage" && $0.message.en.contains("KM13243") })
    }

    @Test("without curriculum packs or a manifest there is nothing to check or suggest")
    func nothingWithoutCurricula() throws {
        let (resource, context) = try contentResource("brok-med-pizza")
        var withoutCurricula = context
        withoutCurricula.curricula = nil
        #expect(plugin.checkResource(resource, context: withoutCurricula) == FileCheck())
        var withoutManifest = context
        withoutManifest.manifest = nil
        #expect(plugin.checkResource(resource, context: withoutManifest) == FileCheck())
    }

    @Test("the installation's setting `suggestions` sets how many aims are suggested, and is part of the cache key")
    func suggestionsSetting() throws {
        var (resource, context) = try contentResource("brok-med-pizza")
        let defaultKey = plugin.cacheKey(for: context)
        context.settings = ["suggestions": "3"]
        guard case let .list(items)? = plugin.checkResource(resource, context: context).tags[CompetenceAimsPlugin.suggestedTag] else {
            Issue.record("no suggestions")
            return
        }
        #expect(items.count == 3)
        #expect(plugin.cacheKey(for: context) != defaultKey)
    }

    @Test("the cache key changes with the curriculum packs")
    func cacheKeyFollowsCurricula() {
        let key = plugin.cacheKey(for: PluginContext(manifest: nil, curricula: sharedCatalogue))
        var changed = sharedCatalogue.packs[0]
        changed.aims[0].text["nb"] = (changed.aims[0].text["nb"] ?? "") + " (endret)"
        let other = plugin.cacheKey(for: PluginContext(manifest: nil, curricula: CurriculumCatalogue(packs: [changed])))
        #expect(!key.isEmpty && key != other)
        #expect(key == plugin.cacheKey(for: PluginContext(manifest: nil, curricula: CurriculumCatalogue(packs: sharedCatalogue.packs))))
    }
}
