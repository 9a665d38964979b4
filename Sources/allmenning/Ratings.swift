import AllmenningCatalogue
import AllmenningCore
import ArgumentParser
import Foundation

extension CommonOptions {
    /// A resource's id, or the path of its repository (the catalogue's resource from it).
    func resourceID(_ argument: String, in store: SQLiteCatalogue) -> String {
        guard FileManager.default.fileExists(atPath: argument),
              let state = try? store.publishedState(ofRepository: Indexer.location(of: URL(fileURLWithPath: argument))) else { return argument }
        return state.resourceID
    }
}

enum RatingJSON {
    /// A rating as anyone may see it: a hidden text is left out.
    static func object(_ rating: Rating) -> [String: Any] {
        ["rater": rating.raterName, "organisation": rating.organisation, "score": rating.score, "text": rating.shownText ?? NSNull(),
         "textHidden": rating.hidden != nil, "createdAt": AccountJSON.stamp(rating.createdAt), "updatedAt": AccountJSON.stamp(rating.updatedAt)]
    }

    static func summary(_ summary: RatingSummary) -> [String: Any] {
        ["count": summary.count, "average": summary.average.map { ($0 * 100).rounded() / 100 } ?? NSNull()]
    }
}

struct Rate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rate a resource 1–5, with an optional text; rating it again replaces your rating.",
        discussion: """
        For teachers, reviewers and administrators, never on their own resource. One rating per
        user per resource. At most 20 ratings an hour per user (the command line and the server
        count together). Exit code 1 when the policy or the limit refuses, 2 when the input is
        wrong or it could not be stored.
        """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var acting: ActingUserOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "What you think of it (at most 2,000 characters). Without it, your rating has no text.")
    var text: String?

    @Argument(help: "The resource's id, or the path of its repository.")
    var resource: String

    @Argument(help: "1 (poor) to 5 (excellent).")
    var score: Int

    func run() throws {
        let language = common.language
        let store = try common.openCatalogue()
        let who = try acting.acting(AccountAdministration(store: store), language: language)
        let workflow = RatingWorkflow(store: store)
        let rating: Rating
        do { rating = try workflow.rate(common.resourceID(resource, in: store), score: score, text: text, by: who, at: Date()) } catch {
            throw stewardshipExit(error, language: language)
        }
        switch format {
        case .json:
            var object = RatingJSON.object(rating)
            object["resource"] = rating.resourceID
            print(CatalogueJSON.string(object))
        case .text:
            print(LocalizedText(nb: "Du har gitt \(rating.resourceID) \(rating.score) av 5.", en: "You rated \(rating.resourceID) \(rating.score) of 5.").text(in: language))
        }
    }
}

struct Ratings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratings",
        abstract: "Teachers' ratings of a resource: list them, hide an abusive text.",
        subcommands: [List.self, Hide.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A resource's ratings with their average and count, as its page shows them.",
            discussion: "A text a moderator hid is not shown. Exit code 2 when the catalogue has no such resource."
        )
        @OptionGroup var common: CommonOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The resource's id, or the path of its repository.")
        var resource: String

        func run() throws {
            let language = common.language
            let store = try common.openCatalogue()
            let id = common.resourceID(resource, in: store)
            let (summary, ratings): (RatingSummary, [Rating])
            do { (summary, ratings) = try RatingWorkflow(store: store).ratings(of: id) } catch { throw stewardshipExit(error, language: language) }
            switch format {
            case .json:
                print(CatalogueJSON.string(["id": id, "summary": RatingJSON.summary(summary), "ratings": ratings.map(RatingJSON.object)] as [String: Any]))
            case .text:
                let average = summary.average.map { String(format: "%.1f", $0) } ?? "–"
                print(LocalizedText(nb: "\(summary.count) vurderinger, snitt \(average) av 5.", en: "\(summary.count) ratings, average \(average) of 5.").text(in: language))
                for rating in ratings {
                    let text = rating.hidden != nil
                        ? LocalizedText(nb: "(teksten er skjult av en moderator)", en: "(the text was hidden by a moderator)").text(in: language)
                        : rating.text.map { "«\($0)»" } ?? ""
                    print("\(rating.score)/5  \(rating.raterName) (\(rating.organisation))  \(rating.updatedAt.formatted(.iso8601.year().month().day()))  \(text)")
                }
            }
        }
    }

    struct Hide: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hide the text of a user's rating of a resource (reviewers and administrators).",
            discussion: """
            The text is kept in the catalogue and no longer shown; the score still counts. Who hid
            it, when and why go to the audit log (rating.hide). Exit code 1 when the policy
            refuses, 2 when there is no such rating or it could not be stored.
            """
        )
        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "Why (it goes into the audit log).")
        var reason: String

        @Argument(help: "The resource's id, or the path of its repository.")
        var resource: String

        @Argument(help: "The user name of whoever wrote the rating.")
        var user: String

        func run() throws {
            let language = common.language
            let store = try common.openCatalogue()
            let who = try acting.acting(AccountAdministration(store: store), language: language)
            do {
                let rating = try RatingWorkflow(store: store).hideText(of: common.resourceID(resource, in: store), rater: user, reason: reason, by: who, at: Date())
                print(LocalizedText(nb: "Teksten i vurderingen til \(user) av \(rating.resourceID) er skjult.",
                                    en: "The text of \(user)'s rating of \(rating.resourceID) is hidden.").text(in: language))
            } catch {
                throw stewardshipExit(error, language: language)
            }
        }
    }
}
