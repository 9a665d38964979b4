import AllmenningCore
import Foundation
import Privacy
import Testing

@Suite("Privacy as a validator plugin")
struct PrivacyPluginTests {
    func manifest(kind: String) -> Manifest? {
        ManifestValidator().validate(data: Data("""
            manifest: 1
            id: 01M82FGXV1GADSC78Z5PVSGCYE
            title: { nb: Min presentasjon }
            language: [nb]
            kind: \(kind)
            licence: CC-BY-4.0
            """.utf8), path: "resource.yaml").manifest
    }

    @Test("every rule's examples behave as the rule says when run through the plugin host")
    func ruleExamplesThroughTheHost() {
        let failures = RuleExamples.failures(of: PrivacyPlugin())
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test("the same e-mail is an error in a pupil's resource and a warning in a teacher's")
    func severityByKind() throws {
        let resource = PluginResource(snapshot: InMemorySnapshot(contents: ["om-meg.md": Data("Skriv til meg på kari.hansen@gmail.com\n".utf8)]),
                                      manifestText: nil)
        for (kind, severity) in [("student", Severity.error), ("teacher", .warning)] {
            let report = PluginHost(plugins: [PrivacyPlugin()], cache: nil).run(resource, context: PluginContext(manifest: manifest(kind: kind)))
            #expect(report[0].findings.map(\.code) == ["privacy.email"])
            #expect(report[0].findings.first?.severity == severity, "\(kind)")
            #expect(report[0].findings.first?.location == SourceLocation(path: "om-meg.md", line: 1, column: 18))
        }
        #expect(PrivacyPlugin().cacheKey(for: PluginContext(manifest: manifest(kind: "student")))
                != PrivacyPlugin().cacheKey(for: PluginContext(manifest: manifest(kind: "teacher"))))
    }
}
