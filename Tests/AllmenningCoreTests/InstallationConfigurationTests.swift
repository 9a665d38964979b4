import AllmenningCore
import Foundation
import Testing

@Suite("Installation configuration: which plugins run and which findings block publishing")
struct InstallationConfigurationTests {
    func finding(_ plugin: String, _ severity: Severity) -> Finding {
        Finding(plugin: plugin, code: "\(plugin).x", severity: severity, location: SourceLocation(path: "a.md"),
                message: LocalizedText(nb: "x", en: "x"))
    }

    @Test("without a file, or with an empty one: every error blocks, no warning does, every plugin runs")
    func defaults() throws {
        let missing = try InstallationConfiguration.load(from: URL(fileURLWithPath: "/nonexistent/config.yaml"))
        #expect(missing == InstallationConfiguration())
        #expect(try InstallationConfiguration.parse(Data("# nothing yet\n".utf8)) == InstallationConfiguration())
        #expect(missing.blocksPublishing(finding("privacy", .error), resourceIsNew: false))
        #expect(!missing.blocksPublishing(finding("privacy", .warning), resourceIsNew: true))
        #expect(missing.disabledPlugins.isEmpty && missing.externalPlugins.isEmpty)
    }

    @Test("a full configuration is read, and its blocking rules apply as written")
    func full() throws {
        let configuration = try InstallationConfiguration.parse(Data("""
            plugins:
              disabled: [competence-aims]
              settings:
                privacy: { phoneNumbers: "off" }
              external:
                - { name: spelling, command: [/usr/local/bin/spelling, --json], timeLimit: 12 }
            publishing:
              block:
                - { plugin: privacy, severity: warning }
                - { plugin: accessibility, severity: error, newResourcesOnly: true }
                - { plugin: licensing }
            """.utf8))
        #expect(configuration.disabledPlugins == ["competence-aims"])
        #expect(configuration.settings["privacy"] == ["phoneNumbers": "off"])
        #expect(configuration.externalPlugins == [.init(name: "spelling", command: ["/usr/local/bin/spelling", "--json"], timeLimit: 12)])
        #expect(configuration.blocksPublishing(finding("privacy", .warning), resourceIsNew: false))
        #expect(!configuration.blocksPublishing(finding("privacy", .info), resourceIsNew: false))
        #expect(configuration.blocksPublishing(finding("accessibility", .error), resourceIsNew: true))
        #expect(!configuration.blocksPublishing(finding("accessibility", .error), resourceIsNew: false))
        #expect(configuration.blocksPublishing(finding("licensing", .error), resourceIsNew: false))
        #expect(!configuration.blocksPublishing(finding("competence-aims", .error), resourceIsNew: false),
                "only the listed rules block once publishing.block is given")
    }

    @Test("mistakes name the line and the fix", arguments: [
        ("plugins:\n  disabeld: [x]\n", 2, "disabled?"),
        ("plugins:\n  external:\n    - { name: x, command: [spelling] }\n", 3, "absolute path"),
        ("plugins:\n  external:\n    - { name: x }\n", 3, "name and command"),
        ("publishing:\n  block:\n    - { severity: fatal }\n", 3, "error, warning or info"),
        ("publishing:\n  block: error\n", 2, "a list"),
        ("plugins:\n  external:\n    - { name: x, command: [/bin/x], timeLimit: 9000 }\n", 3, "1 to 600"),
        ("plugins: [\n", 2, "YAML"),
    ])
    func mistakes(text: String, line: Int, hint: String) {
        let problem = #expect(throws: InstallationConfiguration.Problem.self) { try InstallationConfiguration.parse(Data(text.utf8)) }
        #expect(problem?.line == line, "\(String(describing: problem))")
        #expect(problem?.message.en.contains(hint) == true, "\(String(describing: problem))")
    }
}
