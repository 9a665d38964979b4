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

    @Test("webhooks: each forge's secret and allowed addresses; an address is allowed only inside a listed prefix")
    func webhooks() throws {
        let configuration = try InstallationConfiguration.parse(Data("""
            webhooks:
              gitea:
                secret: 0123456789abcdef0123
                repositories: [https://gitea.kommune.no/skole/, https://gitea.kommune.no/felles]
              gitlab:
                secret: fedcba9876543210fedcba
                repositories: [file:///srv/forge/, /srv/speil/]
            """.utf8))
        let gitea = try #require(configuration.webhooks["gitea"])
        #expect(gitea.secret == "0123456789abcdef0123")
        #expect(configuration.webhooks["github"] == nil)
        #expect(gitea.allows("https://gitea.kommune.no/skole/brok.git"))
        #expect(gitea.allows("https://gitea.kommune.no/felles/brok.git"))
        #expect(gitea.allows("https://gitea.kommune.no/felles.git"))
        #expect(!gitea.allows("https://gitea.kommune.no/fellesskap/brok.git"), "a prefix ends at a slash")
        #expect(!gitea.allows("https://gitea.kommune.no/skole/../privat/brok.git"))
        #expect(!gitea.allows("https://gitea.kommune.no.evil.example/skole/brok.git"))
        #expect(!gitea.allows("https://user:pass@gitea.kommune.no/skole/brok.git"))
        #expect(!gitea.allows("http://gitea.kommune.no/skole/brok.git"))
        let gitlab = try #require(configuration.webhooks["gitlab"])
        #expect(gitlab.allows("file:///srv/forge/a/b.git") && gitlab.allows("/srv/speil/c.git"))
        #expect(!gitlab.allows("/srv/forge/a/b.git") && !gitlab.allows("file:///srv/speilet/c.git"))
    }

    @Test("catalogue: the name and the administrators' addresses harvesters see; one address alone is a list of one")
    func catalogueSection() throws {
        let configuration = try InstallationConfiguration.parse(Data("""
            catalogue:
              name: Allmenning i Vestby
              adminEmail: [drift@vestby.kommune.no, laering@vestby.kommune.no]
            """.utf8))
        #expect(configuration.catalogueName == "Allmenning i Vestby")
        #expect(configuration.adminEmail == ["drift@vestby.kommune.no", "laering@vestby.kommune.no"])
        let single = try InstallationConfiguration.parse(Data("catalogue:\n  adminEmail: drift@vestby.kommune.no\n".utf8))
        #expect(single.adminEmail == ["drift@vestby.kommune.no"] && single.catalogueName == "Allmenning")
        #expect(InstallationConfiguration().adminEmail.isEmpty)
    }

    @Test("catalogue mistakes are reported with their line", arguments: [
        ("catalogue:\n  adminEmail:\n    - drift@vestby.kommune.no\n    - drift\n", 4),
        ("catalogue:\n  name: \"  \"\n", 2),
        ("catalogue:\n  adminMail: drift@vestby.kommune.no\n", 2),
    ])
    func catalogueMistakes(text: String, line: Int) throws {
        do {
            _ = try InstallationConfiguration.parse(Data(text.utf8))
            Issue.record("\(text) was accepted")
        } catch { #expect(error.line == line, "\(error)") }
    }

    @Test("webhook mistakes are reported with their line", arguments: [
        ("webhooks:\n  bitbucket: { secret: 0123456789abcdef0123, repositories: [] }\n", 2),
        ("webhooks:\n  gitea: { secret: kort, repositories: [https://x.example/] }\n", 2),
        ("webhooks:\n  gitea:\n    secret: 0123456789abcdef0123\n", 3),
        ("webhooks:\n  gitea:\n    secret: 0123456789abcdef0123\n    repositories:\n      - ftp://x.example/\n", 5),
        ("webhooks:\n  gitea:\n    secret: 0123456789abcdef0123\n    repositories:\n      - https://x.example/a/../b/\n", 5),
    ])
    func webhookMistakes(text: String, line: Int) throws {
        #expect(throws: InstallationConfiguration.Problem.self) { try InstallationConfiguration.parse(Data(text.utf8)) }
        do { _ = try InstallationConfiguration.parse(Data(text.utf8)) } catch { #expect(error.line == line, "\(error)") }
    }
}
