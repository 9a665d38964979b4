import AllmenningCatalogue
import AllmenningCore
import ArgumentParser
import Foundation

/// The command line of students' publishing: thin over `Publication` in the catalogue library.
struct PublishApprove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish-approve",
        abstract: "Approve the publication of a student's resource (a teacher at the student's school, or an administrator).",
        discussion: """
        Until a teacher approves it, a resource in a student's repository is seen only by the
        student, the teachers at their school and administrators: it is in no search, page,
        download, clone or OAI-PMH answer. Approval makes it public, credited by the student's
        pseudonym only, and holds for later versions, which each pass the push checks. Refused
        while the current version has privacy findings (errors or warnings), which are listed.
        """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var acting: ActingUserOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Argument(help: "The resource's id (from its resource.yaml), or its repository's name in DATA/repositories.")
    var resource: String

    func run() throws {
        try PublicationCommandRunner(common: common, acting: acting, format: format).run(resource) { publication, id, who in
            try publication.approve(id, by: who, at: Date())
        }
    }
}

struct Withdraw: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Withdraw a student's resource for good (the student themself, or an administrator).",
        discussion: """
        The resource leaves search, its page, downloads and git clone at once, and harvesters get
        a deleted record (when it had been public). Final: pushing it again or approving it does
        not bring it back; to publish anew, give it a new id.
        """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var acting: ActingUserOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Argument(help: "The resource's id (from its resource.yaml), or its repository's name in DATA/repositories.")
    var resource: String

    func run() throws {
        try PublicationCommandRunner(common: common, acting: acting, format: format).run(resource) { publication, id, who in
            try publication.withdraw(id, by: who, at: Date())
        }
    }
}

struct PublicationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publication",
        abstract: "Where a resource stands with publication.",
        subcommands: [Status.self]
    )

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Whose a resource is, whether it waits for approval, who approved or withdrew it and when, and the privacy findings that stop approval.",
            discussion: "A student's resource that is not public is shown only to the student, teachers at their school and administrators (say who you are with --as or a token)."
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The resource's id (from its resource.yaml), or its repository's name in DATA/repositories.")
        var resource: String

        func run() throws {
            let runner = PublicationCommandRunner(common: common, acting: acting, format: format)
            let (publication, id, who) = try runner.prepare(resource)
            let status: PublicationStatus
            do { status = try publication.status(of: id, by: who) } catch { throw runner.exit(error) }
            switch format {
            case .json:
                var object = PublicationCommandRunner.json(status.state)
                object["title"] = status.title ?? NSNull()
                object["blockingFindings"] = status.blockingFindings.map { ReportRendering.jsonObject($0, language: common.language) }
                print(CatalogueJSON.string(object))
            case .text:
                if let title = status.title { print(LanguageMaps.text(title, preferring: [common.language.rawValue, "nb", "nn", "en"]) ?? id) }
                print(runner.describe(status.state))
                if !status.blockingFindings.isEmpty {
                    print(LocalizedText(nb: "Funn om personopplysninger som stopper godkjenning:", en: "Findings about personal data that stop approval:").text(in: common.language))
                    runner.list(status.blockingFindings, to: FileHandle.standardOutput)
                }
            }
        }
    }
}

/// What the three commands share: opening the catalogue, finding the resource, who acts, and
/// saying what came of it.
struct PublicationCommandRunner {
    var common: CommonOptions
    var acting: ActingUserOptions
    var format: OutputFormat

    var language: MessageLanguage { common.language }

    func prepare(_ resource: String) throws -> (Publication, String, Acting) {
        let catalogue = try common.openCatalogue()
        let who = try acting.acting(AccountAdministration(store: catalogue), language: language)
        return (Publication(store: catalogue), resolve(resource, in: catalogue), who)
    }

    func run(_ resource: String, decide: (Publication, String, Acting) throws -> PublicationOutcome) throws {
        let (publication, id, who) = try prepare(resource)
        let outcome: PublicationOutcome
        do { outcome = try decide(publication, id, who) } catch let failure as PublicationFailure { throw exit(failure) }
        switch format {
        case .json:
            var object = Self.json(outcome.state)
            object["changed"] = outcome.changed
            print(CatalogueJSON.string(object))
        case .text:
            if !outcome.changed {
                print(LocalizedText(nb: "Ingenting å endre.", en: "Nothing to change.").text(in: language))
            }
            print(describe(outcome.state))
        }
    }

    /// A resource id as given, or the id of what the named repository holds.
    func resolve(_ resource: String, in catalogue: SQLiteCatalogue) -> String {
        if (try? catalogue.publicationState(of: resource)) ?? nil != nil { return resource }
        let hosted = DataFolder(explicit: common.data).repositories
        var candidates = [URL(fileURLWithPath: resource)]
        if !resource.contains("/") {
            candidates.insert(hosted.appendingPathComponent(resource.hasSuffix(".git") ? resource : resource + ".git"), at: 0)
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.path) {
            if let id = (try? catalogue.publicationState(ofRepository: Indexer.location(of: candidate)))??.resourceID { return id }
        }
        return resource
    }

    /// Says why (and for privacy findings, where), and exits: 1 refused, not found or blocked;
    /// 2 could not run.
    func exit(_ failure: PublicationFailure) -> ExitCode {
        let kind: String
        var findings: [Finding] = []
        switch failure.kind {
        case .refused: kind = "refused"
        case .notFound: kind = "not-found"
        case .blockedByPrivacy(let blocking): kind = "blocked-by-privacy"; findings = blocking
        case .failed: kind = "failed"
        }
        switch format {
        case .json:
            print(CatalogueJSON.string(["error": kind, "message": failure.message.text(in: language),
                                        "findings": findings.map { ReportRendering.jsonObject($0, language: language) }]))
        case .text:
            FileHandle.standardError.write(Data("allmenning: \(failure.message.text(in: language))\n".utf8))
            list(findings, to: FileHandle.standardError)
        }
        return ExitCode(failure.kind == .failed ? 2 : 1)
    }

    func list(_ findings: [Finding], to handle: FileHandle) {
        for finding in findings {
            var place = finding.location.path
            if let line = finding.location.line { place += ":\(line)" }
            handle.write(Data("  \(finding.severity.rawValue) \(place) [\(finding.code)] \(finding.message.text(in: language))\n".utf8))
        }
    }

    func describe(_ state: PublicationState) -> String {
        let id = state.resourceID ?? "?"
        func say(_ nb: String, _ en: String) -> String { LocalizedText(nb: nb, en: en).text(in: language) }
        var lines: [String] = []
        if let withdrawal = state.withdrawal {
            lines.append(say("\(id): trukket tilbake av \(withdrawal.by) \(Self.stamp(withdrawal.at)); borte fra søk og sider for godt.",
                             "\(id): withdrawn by \(withdrawal.by) \(Self.stamp(withdrawal.at)); gone from search and pages for good."))
        } else if state.isPublic {
            lines.append(say("\(id): publisert.", "\(id): published."))
        } else if state.deleted {
            lines.append(say("\(id): slettet (grenen eller repositoriet er borte).", "\(id): deleted (its branch or repository is gone)."))
        } else {
            lines.append(say("\(id): venter på at en lærer ved elevens skole godkjenner publiseringen; bare eleven, lærerne ved skolen og administratorer ser den.",
                             "\(id): waiting for a teacher at the student's school to approve its publication; only the student, the school's teachers and administrators see it."))
        }
        if let pseudonym = state.pseudonym {
            lines.append(say("  elevens ressurs, vist som «\(pseudonym)»", "  a student's resource, shown as \"\(pseudonym)\""))
        }
        if let approval = state.approval {
            lines.append(say("  godkjent av \(approval.by) \(Self.stamp(approval.at)), versjon \(approval.commit?.prefix(7) ?? "?")",
                             "  approved by \(approval.by) \(Self.stamp(approval.at)), version \(approval.commit?.prefix(7) ?? "?")"))
        }
        if let commit = state.currentCommit {
            lines.append(say("  gjeldende versjon \(commit.prefix(7))", "  current version \(commit.prefix(7))"))
        }
        return lines.joined(separator: "\n")
    }

    static func stamp(_ date: Date) -> String { date.formatted(.iso8601) }

    static func json(_ state: PublicationState) -> [String: Any] {
        var object = CatalogueJSON.object(state)
        object["repository"] = state.repository
        return object
    }
}
