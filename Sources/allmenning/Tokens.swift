import AllmenningCatalogue
import AllmenningCore
import ArgumentParser
import Foundation

struct Tokens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Access tokens for pushing to the server over HTTP.",
        discussion: """
        A token is the password of git over HTTP (any user name): git push
        http://HOST/git/NAME.git asks for it. Only a hash of each token is stored in the data
        folder's catalogue, so a token is shown once, when it is made.
        """,
        subcommands: [Add.self, List.self, Revoke.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a token and print it (once).",
            discussion: """
            Text output: the token alone on standard output (so TOKEN=$(allmenning tokens add ci)
            works) and what to do with it on standard error.
            """
        )

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("expires-in-days"), help: "Days until the token stops working (default: never).")
        var expiresInDays: Int?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "Who or what holds the token (a person, a CI job); shown in lists and logs.")
        var name: String

        func run() throws {
            let language = common.language
            if let days = expiresInDays, !(1...36_500).contains(days) {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "--expires-in-days må være fra 1 til 36500.",
                                                                            en: "--expires-in-days must be from 1 to 36500."), language: language))
            }
            let now = Date()
            let expiry = expiresInDays.map { now.addingTimeInterval(TimeInterval($0) * 86_400) }
            let issued: IssuedToken
            do { issued = try common.openCatalogue().addToken(named: name, expiresAt: expiry, at: now) } catch let error as CatalogueError {
                throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
            }
            switch format {
            case .json:
                var object = TokenJSON.object(issued.token, at: now)
                object["token"] = issued.secret
                print(CatalogueJSON.string(object))
            case .text:
                print(issued.secret)
                let until = issued.token.expiresAt.map { LocalizedText(nb: ", gyldig til \(TokenJSON.day($0))", en: ", valid until \(TokenJSON.day($0))") }
                    ?? LocalizedText(nb: ", uten utløpsdato", en: ", without expiry")
                let note = LocalizedText(
                    nb: "Nøkkel \(issued.token.id) for «\(issued.token.name)»\(until.nb). Den vises bare denne ene gangen: ta vare på den som et passord. git bruker den som passord (brukernavnet spiller ingen rolle).",
                    en: "Token \(issued.token.id) for \"\(issued.token.name)\"\(until.en). It is shown only this once: keep it like a password. git uses it as the password (any user name).")
                FileHandle.standardError.write(Data((note.text(in: language) + "\n").utf8))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens: name, id, state, when made, expires and was last used.")

        @OptionGroup var common: CommonOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let language = common.language
            let tokens: [AccessToken]
            do { tokens = try common.openCatalogue().tokens() } catch let error as CatalogueError {
                throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
            }
            let now = Date()
            switch format {
            case .json:
                print(CatalogueJSON.string(["tokens": tokens.map { TokenJSON.object($0, at: now) }]))
            case .text:
                if tokens.isEmpty {
                    print(LocalizedText(nb: "Ingen nøkler ennå. Lag en med: allmenning tokens add NAVN", en: "No tokens yet. Make one with: allmenning tokens add NAME").text(in: language))
                    return
                }
                for token in tokens {
                    let state: LocalizedText = switch token.state(at: now) {
                    case .active: LocalizedText(nb: "gyldig", en: "active")
                    case .expired: LocalizedText(nb: "utløpt", en: "expired")
                    case .revoked: LocalizedText(nb: "trukket tilbake", en: "revoked")
                    }
                    var details = [LocalizedText(nb: "laget \(TokenJSON.day(token.createdAt))", en: "made \(TokenJSON.day(token.createdAt))")]
                    if let expiry = token.expiresAt { details.append(LocalizedText(nb: "utløper \(TokenJSON.day(expiry))", en: "expires \(TokenJSON.day(expiry))")) }
                    if let revoked = token.revokedAt { details.append(LocalizedText(nb: "trukket tilbake \(TokenJSON.day(revoked))", en: "revoked \(TokenJSON.day(revoked))")) }
                    details.append(token.lastUsedAt.map { LocalizedText(nb: "sist brukt \(TokenJSON.day($0))", en: "last used \(TokenJSON.day($0))") }
                                   ?? LocalizedText(nb: "aldri brukt", en: "never used"))
                    print("\(token.id)\t\(token.name)\t\(state.text(in: language))\t" + details.map { $0.text(in: language) }.joined(separator: ", "))
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it stops working at once.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The token's name, or its id (from tokens list).")
        var token: String

        func run() throws {
            let language = common.language
            let revoked: AccessToken?
            do { revoked = try common.openCatalogue().revokeToken(token, at: Date()) } catch let error as CatalogueError {
                throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
            }
            guard let revoked else {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                    nb: "Ingen nøkkel heter «\(token)» eller har den id-en. Se nøklene med: allmenning tokens list",
                    en: "No token is named \"\(token)\" or has that id. See the tokens with: allmenning tokens list"), language: language))
            }
            print(LocalizedText(nb: "Nøkkel \(revoked.id) («\(revoked.name)») er trukket tilbake \(TokenJSON.day(revoked.revokedAt ?? Date())).",
                                en: "Token \(revoked.id) (\"\(revoked.name)\") is revoked as of \(TokenJSON.day(revoked.revokedAt ?? Date())).").text(in: language))
        }
    }
}

enum TokenJSON {
    static func object(_ token: AccessToken, at date: Date) -> [String: Any] {
        func stamp(_ date: Date?) -> Any { date.map { $0.formatted(.iso8601) } ?? NSNull() }
        return ["id": token.id, "name": token.name, "state": token.state(at: date).rawValue, "createdAt": stamp(token.createdAt),
                "expiresAt": stamp(token.expiresAt), "revokedAt": stamp(token.revokedAt), "lastUsedAt": stamp(token.lastUsedAt)]
    }

    /// A time people read in a terminal: UTC, to the minute.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
