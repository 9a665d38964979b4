import AllmenningAuthoring
import AllmenningCore
import ArgumentParser
import Foundation

/// Who is doing the work: for commits and the manifest's authors.
struct AuthorOptions: ParsableArguments {
    @Option(help: "Your name, as it should appear in the credits (default: git's user.name).")
    var name: String?

    @Option(help: "Your e-mail for the commits; public once published (default: git's user.email).")
    var email: String?

    @Option(help: "Your school or organisation, for the credits.")
    var org: String?

    func author(language: MessageLanguage) throws -> Author {
        guard let author = Author.resolve(name: name, email: email, organisation: org) else {
            throw fail(Author.missing, language: language)
        }
        return author
    }
}

/// Prints an authoring failure with its details and exits 1 (refused) or 2 (could not run).
func fail(_ failure: AuthoringFailure, language: MessageLanguage) -> ExitCode {
    var lines = ["allmenning: " + failure.message.text(in: language)]
    lines += failure.details.map { "  " + $0.text(in: language) }
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    return ExitCode(failure.kind == .refused ? 1 : 2)
}

func printJSON(_ object: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}

func messages(_ problems: [AdaptationProblem], language: MessageLanguage) -> [[String: Any]] {
    problems.map { ["code": $0.code, "licence": $0.licence, "message": $0.message.text(in: language)] }
}

func authorsText(_ authors: [Manifest.Author]) -> String {
    authors.map { author in
        let who = author.name ?? author.pseudonym ?? "?"
        return author.org.map { "\(who) (\($0))" } ?? who
    }.joined(separator: ", ")
}

func authorsJSON(_ authors: [Manifest.Author]) -> [[String: String]] {
    authors.map { author in
        var entry: [String: String] = [:]
        entry["name"] = author.name
        entry["pseudonym"] = author.pseudonym
        entry["role"] = author.role
        entry["org"] = author.org
        return entry
    }
}
