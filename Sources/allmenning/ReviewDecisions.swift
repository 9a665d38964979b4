import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import ArgumentParser
import Foundation

/// What `review submit`, `review approve` and `review request-changes` share: which version,
/// who acts, the assessment and the comment. The work is `ReviewWorkflow`'s.
struct ReviewDecisionOptions: ParsableArguments {
    @OptionGroup var common: CommonOptions
    @OptionGroup var acting: ActingUserOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("A YAML file of scores and comments per criterion of the rubric.",
                               discussion: "For example: subject-quality: { score: 4, comment: … }. An approval scores every criterion.",
                               valueName: "FILE"))
    var rubric: String?

    @Option(help: "The overall comment.")
    var comment: String?

    @Argument(help: ArgumentHelp("The resource's id (or its repository's path), and after @ a version (commit id, 7 characters or more).",
                                 discussion: "Without @COMMIT: the resource's current version.", valueName: "RESOURCE[@COMMIT]"))
    var resource: String

    func run(_ decision: Attestation.Decision) throws {
        let language = common.language
        let store = try common.openCatalogue()
        let configuration = try common.loadConfiguration()
        let who = try acting.acting(AccountAdministration(store: store), language: language)
        let workflow: ReviewWorkflow
        do {
            workflow = ReviewWorkflow(store: store, recorder: try ReviewRecorder(data: DataFolder(explicit: common.data), configuration: configuration),
                                      checks: try common.indexingChecks())
        } catch let error as ReviewError {
            throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
        }
        var (id, commit) = Self.split(resource)
        if FileManager.default.fileExists(atPath: id),
           let state = try? store.publishedState(ofRepository: Indexer.location(of: URL(fileURLWithPath: id))) {
            id = state.resourceID
        }
        var assessment = ReviewAssessment(entries: [])
        if let rubric {
            do { assessment = try ReviewAssessment.load(from: URL(fileURLWithPath: rubric), rubric: workflow.rubric) } catch {
                throw stewardshipExit(StewardshipFailure(.invalid, error.message, file: error.file, line: error.line), language: language)
            }
        }
        let outcome: ReviewOutcome
        do {
            outcome = try workflow.decide(ReviewDecisionRequest(resourceID: id, commit: commit, decision: decision, assessment: assessment,
                                                                comment: comment?.trimmingCharacters(in: .whitespacesAndNewlines)),
                                          by: who, at: Date())
        } catch {
            throw stewardshipExit(error, language: language)
        }
        let attestation = outcome.signed.attestation
        switch format {
        case .json:
            print(CatalogueJSON.string([
                "resource": attestation.resource, "commit": attestation.commit, "decision": attestation.decision.rawValue,
                "date": Attestation.timestamp(attestation.date), "expires": attestation.expires.map { Attestation.timestamp($0) as Any } ?? NSNull(),
                "key": outcome.signed.key, "signature": outcome.signed.signature,
                "status": CatalogueJSON.object(outcome.status, language: language),
            ] as [String: Any]))
        case .text:
            let text = ReviewStatusText(language: language)
            let version = String(attestation.commit.prefix(10))
            let said: LocalizedText = switch decision {
            case .submittedForReview: LocalizedText(nb: "Versjon \(version) av \(attestation.resource) er sendt til vurdering.",
                                                    en: "Version \(version) of \(attestation.resource) is submitted for review.")
            case .approved: LocalizedText(nb: "Versjon \(version) av \(attestation.resource) er godkjent til \(attestation.expires.map(text.day) ?? "–").",
                                          en: "Version \(version) of \(attestation.resource) is approved until \(attestation.expires.map(text.day) ?? "–").")
            case .changesRequested: LocalizedText(nb: "Endringer er bedt om i versjon \(version) av \(attestation.resource).",
                                                  en: "Changes are requested in version \(version) of \(attestation.resource).")
            }
            print(said.text(in: language))
            print(text.lines(outcome.status, title: nil).joined(separator: "\n"))
        }
    }

    /// `RESOURCE@COMMIT` into its two parts; an `@` not followed by hexadecimal characters is
    /// part of the resource (a path may hold one).
    static func split(_ argument: String) -> (resource: String, commit: String?) {
        guard let at = argument.lastIndex(of: "@") else { return (argument, nil) }
        let commit = String(argument[argument.index(after: at)...])
        guard !commit.isEmpty, commit.allSatisfy(\.isHexDigit) else { return (argument, nil) }
        return (String(argument[..<at]), commit)
    }
}

/// A stewardship failure as the command line reports it: refused and too many exit 1 (the
/// request was understood and said no to), everything else 2 (could not run).
func stewardshipExit(_ failure: StewardshipFailure, language: MessageLanguage) -> ExitCode {
    FileHandle.standardError.write(Data("allmenning: \(failure.text(in: language))\n".utf8))
    return ExitCode(failure.kind == .refused || failure.kind == .tooMany ? 1 : 2)
}

extension Review {
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a version of a resource for review.",
            discussion: """
            For the resource's owner (a teacher or reviewer) and administrators. Records a signed
            submission in the repository's review notes, and the catalogue and the audit log take
            it in. Exit code 1 when the policy refuses, 2 when it could not be recorded.
            """
        )
        @OptionGroup var options: ReviewDecisionOptions
        func run() throws { try options.run(.submittedForReview) }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a version of a resource, with a score for every criterion of the rubric.",
            discussion: """
            For reviewers, never on their own resource. The approval holds for that exact version
            only and expires after reviews.validForDays. --rubric FILE gives the scores and
            comments per criterion (YAML; every criterion needs a score). Exit code 1 when the
            policy refuses, 2 when the input is wrong or it could not be recorded.
            """
        )
        @OptionGroup var options: ReviewDecisionOptions
        func run() throws { try options.run(.approved) }
    }

    struct RequestChanges: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "request-changes",
            abstract: "Request changes to a version of a resource: what to change, overall or per criterion.",
            discussion: """
            For reviewers, never on their own resource. Needs --comment or a comment on a criterion
            in --rubric FILE. A request for changes takes back an earlier approval of the same
            version. Exit code 1 when the policy refuses, 2 when the input is wrong or it could not
            be recorded.
            """
        )
        @OptionGroup var options: ReviewDecisionOptions
        func run() throws { try options.run(.changesRequested) }
    }
}
