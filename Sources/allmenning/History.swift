import AllmenningAuthoring
import AllmenningCore
import ArgumentParser
import Foundation

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show where a resource comes from (its provenance chain, with licences and authors) and its commits."
    )

    @OptionGroup var common: LanguageOption

    @Option(help: "Show at most this many commits.")
    var limit: Int = 20

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Argument(help: "The resource's folder (default: the current folder).")
    var folder: String = "."

    func run() throws {
        let language = common.language
        let history: ResourceHistory
        do { history = try ResourceHistory.read(folder: URL(fileURLWithPath: folder), limit: max(limit, 0)) } catch { throw fail(error, language: language) }
        let dateFormatter = ISO8601DateFormatter()
        switch format {
        case .json:
            try printJSON([
                "provenance": history.chain.map { link -> [String: Any] in
                    var entry: [String: Any] = ["id": link.id, "title": link.title, "licence": link.licence, "authors": authorsJSON(link.authors)]
                    entry["repository"] = link.repository
                    entry["commit"] = link.commit
                    return entry
                },
                "commits": history.commits.map { commit -> [String: Any] in
                    ["id": commit.id.hex, "parents": commit.parents.map(\.hex), "author": commit.author.name, "email": commit.author.email,
                     "date": dateFormatter.string(from: commit.author.date), "summary": commit.summary]
                },
                "totalCommits": history.totalCommits,
            ])
        case .text:
            for (index, link) in history.chain.enumerated() {
                let title = ResourceTitle.text(link.title, language: language)
                let heading = index == 0 ? "«\(title)»" : (language == .nb ? "\(index). avledet fra «\(title)»" : "\(index). derived from \"\(title)\"")
                print("\(String(repeating: "  ", count: min(index, 1)))\(heading)  [\(link.id)]  \(link.licence)")
                let indent = index == 0 ? "  " : "     "
                if !link.authors.isEmpty { print("\(indent)\(language == .nb ? "forfattere" : "authors"): \(authorsText(link.authors))") }
                if let repository = link.repository { print("\(indent)\(repository)\(link.commit.map { " @ \($0.prefix(10))" } ?? "")") }
            }
            guard history.totalCommits > 0 else {
                print(language == .nb ? "\nIngen git-historikk (mappa er ikke et repositorium)." : "\nNo git history (the folder is not a repository).")
                return
            }
            print(language == .nb ? "\nCommits (\(history.totalCommits)):" : "\nCommits (\(history.totalCommits)):")
            let day = DateFormatter()
            day.dateFormat = "yyyy-MM-dd"
            for commit in history.commits {
                print("  \(commit.id.short)  \(day.string(from: commit.author.date))  \(commit.author.name)  \(commit.summary)")
            }
            if history.totalCommits > history.commits.count {
                print(language == .nb ? "  … og \(history.totalCommits - history.commits.count) til (--limit)" : "  … and \(history.totalCommits - history.commits.count) more (--limit)")
            }
        }
    }
}
