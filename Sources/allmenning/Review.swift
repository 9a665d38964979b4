import AllmenningCatalogue
import AllmenningCore
import AllmenningGit
import AllmenningReviews
import ArgumentParser
import Foundation

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Reviews: which version of a resource is approved, and the key that signs them.",
        discussion: """
        A review decision (submitted for review, changes requested, approved) is an attestation
        about one exact version (commit), signed with the installation's Ed25519 key and kept
        as a git note under refs/notes/allmenning/reviews in the resource's repository; the
        catalogue indexes the notes whose signature checks out. An approval holds for the
        version it was given for only, and expires after reviews.validForDays (config.yaml).
        submit, approve and request-changes record a decision as the acting user (--token,
        ALLMENNING_TOKEN, or --as USER on the data folder), after the authorisation policy.
        """,
        subcommands: [Submit.self, Approve.self, RequestChanges.self, Status.self, Key.self, Verify.self]
    )

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Which version of a resource is approved, by whom and until when, and what changed since.",
            discussion: """
            Shows the approved version (the latest approval that holds), who approved it and when,
            when it expires or that the review is due, the versions published after it with the
            files each changed, and the submissions and requests for changes that wait. Reads the
            catalogue and the resource's repository; changes nothing. Exit code 2 when the
            catalogue has no such resource.
            """
        )

        @OptionGroup var common: CommonOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The resource's id, or the path of its repository.")
        var resource: String

        func run() throws {
            let language = common.language
            let store = try common.openCatalogue()
            let status: ReviewStatus?
            let title: String?
            do {
                var id = resource
                if FileManager.default.fileExists(atPath: resource), let state = try store.publishedState(ofRepository: Indexer.location(of: URL(fileURLWithPath: resource))) {
                    id = state.resourceID
                }
                status = try ReviewStatus.load(id, from: store, at: Date())
                title = try store.resource(id)?.current.flatMap { LanguageMaps.text($0.manifest.title, preferring: language == .nb ? ["nb", "nn", "en"] : ["en", "nb", "nn"]) }
            } catch {
                throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
            }
            guard let status else {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                    nb: "Katalogen har ingen ressurs «\(resource)». Oppgi ressursens id (allmenning search viser den) eller stien til repositoriet.",
                    en: "The catalogue has no resource \"\(resource)\". Give the resource's id (allmenning search shows it) or the path of its repository."), language: language))
            }
            switch format {
            case .json: print(CatalogueJSON.string(CatalogueJSON.object(status, language: language)))
            case .text: print(ReviewStatusText(language: language).lines(status, title: title).joined(separator: "\n"))
            }
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the public key that checks this installation's reviews (made on first use).",
            discussion: """
            Anyone who holds a resource's repository (with its notes: git fetch origin
            'refs/notes/allmenning/*:refs/notes/allmenning/*') can check its reviews with this key:
            allmenning review verify REPOSITORY --key KEY. Another installation that mirrors your
            repositories adds it to reviews.trustedKeys. The private key is DATA/keys/reviews.ed25519.
            """
        )

        @OptionGroup var common: CommonOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let data = DataFolder(explicit: common.data)
            let configuration = try common.loadConfiguration()
            let key: ReviewSigningKey
            do { key = try ReviewSigningKey.loadOrCreate(in: data) } catch {
                throw exitCouldNotRun(CommandFailure(message: error.message, language: common.language))
            }
            switch format {
            case .json:
                print(CatalogueJSON.string(["key": key.publicKey, "file": ReviewSigningKey.publicFile(in: data).path,
                                            "trustedKeys": configuration.reviews.trustedKeys]))
            case .text:
                print(key.publicKey)
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every review note in a repository: signature, key, commit and resource.",
            discussion: """
            Lists each attestation under refs/notes/allmenning/reviews with its decision, or why it
            is not believed: changed after signing, signed by a key not trusted, attached to
            another commit than it is about, or about another resource than the version's
            resource.yaml. The trusted keys are those given with --key, else this installation's
            own and reviews.trustedKeys. Changes nothing. Exit code 1 when any is not believed.
            """
        )

        @OptionGroup var common: CommonOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Option(help: "A public key (ed25519:…) to trust instead of the installation's keys. Repeatable.")
        var key: [String] = []

        @Argument(help: "The resource's repository.")
        var repository: String

        func run() throws {
            let language = common.language
            if let bad = key.first(where: { ReviewSigningKey.publicKey($0) == nil }) {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                    nb: "«\(bad)» er ikke en offentlig nøkkel: skriv den slik allmenning review key viser den (ed25519: og 44 tegn base64).",
                    en: "\"\(bad)\" is not a public key: write it as allmenning review key shows it (ed25519: and 44 base64 characters)."), language: language))
            }
            let verifier = key.isEmpty ? try common.reviewVerifier(configuration: common.loadConfiguration()) : ReviewVerifier(trustedKeys: key)
            do {
                let reading = try ReviewNotes.read(Repository.open(at: URL(fileURLWithPath: repository)), verifier: verifier, resource: nil)
                try output(reading, language: language)
                if !reading.rejected.isEmpty { throw ExitCode(1) }
            } catch let error as GitError {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "\(repository) kan ikke leses: git: \(error.message)",
                                                                            en: "\(repository) cannot be read: git: \(error.message)"), language: language))
            }
        }

        private func output(_ reading: ReviewNotes.Reading, language: MessageLanguage) throws {
            switch format {
            case .json:
                let object: [String: Any] = [
                    "repository": repository,
                    "verified": reading.verified.map { verified in
                        let attestation = verified.signed.attestation
                        return ["commit": verified.commit.hex, "line": verified.position + 1, "decision": attestation.decision.rawValue,
                                "resource": attestation.resource, "reviewer": attestation.reviewer.name, "date": Attestation.timestamp(attestation.date),
                                "key": verified.signed.key] as [String: Any]
                    },
                    "rejected": reading.rejected.map { rejected in
                        ["commit": rejected.commit.hex, "line": rejected.position + 1, "problem": rejected.problem.code,
                         "message": rejected.problem.message.text(in: language)] as [String: Any]
                    },
                ]
                print(CatalogueJSON.string(object))
            case .text:
                let text = ReviewStatusText(language: language)
                for verified in reading.verified {
                    let attestation = verified.signed.attestation
                    print("OK    \(verified.commit.short):\(verified.position + 1)  \(text.decision(attestation.decision))  \(attestation.reviewer.name)  \(text.day(attestation.date))")
                }
                for rejected in reading.rejected {
                    print(LocalizedText(nb: "AVVIST", en: "REFUSED").text(in: language) + " \(rejected.commit.short):\(rejected.position + 1)  \(rejected.problem.message.text(in: language))")
                }
                print(LocalizedText(nb: "\(reading.verified.count) vurderinger stemmer, \(reading.rejected.count) avvist.",
                                    en: "\(reading.verified.count) reviews check out, \(reading.rejected.count) refused.").text(in: language))
            }
        }
    }
}

/// A review status in words, for the terminal.
struct ReviewStatusText {
    let language: MessageLanguage

    func say(_ nb: String, _ en: String) -> String { LocalizedText(nb: nb, en: en).text(in: language) }

    func day(_ date: Date) -> String { date.formatted(.iso8601.year().month().day()) }

    func decision(_ decision: Attestation.Decision) -> String {
        switch decision {
        case .approved: say("godkjent", "approved")
        case .changesRequested: say("endringer bedt om", "changes requested")
        case .submittedForReview: say("sendt til vurdering", "submitted for review")
        }
    }

    func person(_ person: Attestation.Person) -> String {
        person.name + (person.organisation.map { " (\($0))" } ?? "")
    }

    func change(_ status: PathChange.Status) -> String {
        switch status {
        case .added: say("ny", "added")
        case .deleted: say("slettet", "deleted")
        case .modified: say("endret", "modified")
        case .typeChanged: say("ny type", "type changed")
        }
    }

    func lines(_ status: ReviewStatus, title: String?) -> [String] {
        var lines = [(title.map { "\($0) " } ?? "") + "(\(status.resourceID))"]
        let current = status.currentCommit.map { String($0.prefix(10)) } ?? "–"
        if let approval = status.approval ?? status.expiredApproval {
            let attestation = approval.attestation
            let version = String(approval.commit.prefix(10))
            if status.reviewDue {
                lines.append(say("Vurdering må fornyes: godkjenningen av versjon \(version) (\(person(attestation.reviewer)), \(day(attestation.date))) gikk ut \(attestation.expires.map(day) ?? "–").",
                                 "Review due: the approval of version \(version) (\(person(attestation.reviewer)), \(day(attestation.date))) expired \(attestation.expires.map(day) ?? "–")."))
            } else {
                lines.append(say("Godkjent versjon \(version) av \(person(attestation.reviewer)), \(day(attestation.date)); gyldig til \(attestation.expires.map(day) ?? "–").",
                                 "Approved version \(version) by \(person(attestation.reviewer)), \(day(attestation.date)); valid until \(attestation.expires.map(day) ?? "–")."))
            }
            if let comment = attestation.comment { lines.append("  «\(comment)»") }
            for score in attestation.scores {
                let value = score.score.map { "\($0)" } ?? "–"
                let scale = attestation.rubric.criteria.first { $0.id == score.criterion }.map { "/\($0.maximum)" } ?? ""
                lines.append("  \(score.criterion): \(value)\(scale)" + (score.comment.map { " – \($0)" } ?? ""))
            }
            if approval.commit == status.currentCommit {
                lines.append(say("Gjeldende versjon \(current) er den godkjente.", "The current version \(current) is the approved one."))
            } else {
                lines.append(say("Gjeldende versjon \(current) er ikke vurdert. \(status.newerCommitsTotal) nyere versjoner etter den godkjente:",
                                 "The current version \(current) is not reviewed. \(status.newerCommitsTotal) newer versions after the approved one:"))
                for commit in status.newerCommits {
                    lines.append("  \(commit.commit.prefix(10)) \(day(commit.committedAt)) \(commit.summary)")
                    for file in commit.files { lines.append("      \(change(file.status).padding(toLength: 10, withPad: " ", startingAt: 0)) \(file.path)") }
                }
                if status.newerCommitsTotal > status.newerCommits.count {
                    lines.append(say("  … og \(status.newerCommitsTotal - status.newerCommits.count) til.", "  … and \(status.newerCommitsTotal - status.newerCommits.count) more."))
                }
                if !status.changedFiles.isEmpty {
                    lines.append(say("Endret siden den godkjente versjonen: ", "Changed since the approved version: ")
                                 + status.changedFiles.map(\.path).joined(separator: ", "))
                }
            }
            if let problem = status.historyProblem { lines.append(problem.text(in: language)) }
        } else {
            lines.append(say("Ingen versjon er godkjent. Gjeldende versjon: \(current).", "No version is approved. Current version: \(current)."))
        }
        for review in status.changesRequested {
            let attestation = review.attestation
            lines.append(say("Endringer bedt om i versjon \(review.commit.prefix(10)) av \(person(attestation.reviewer)), \(day(attestation.date))",
                             "Changes requested in version \(review.commit.prefix(10)) by \(person(attestation.reviewer)), \(day(attestation.date))")
                         + (attestation.comment.map { ": «\($0)»" } ?? "."))
            for score in attestation.scores where score.comment != nil {
                lines.append("  \(score.criterion): \(score.comment!)")
            }
        }
        for review in status.pendingSubmissions {
            lines.append(say("Versjon \(review.commit.prefix(10)) er sendt til vurdering \(day(review.attestation.date)) og venter på en fagfellevurderer.",
                             "Version \(review.commit.prefix(10)) was submitted for review \(day(review.attestation.date)) and waits for a reviewer."))
        }
        return lines
    }
}
