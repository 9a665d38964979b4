import AllmenningCatalogue
import AllmenningCore
import ArgumentParser
import Foundation

struct Tokens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Access tokens: how a user pushes to the server over HTTP and acts from the command line.",
        discussion: """
        Each token belongs to a user and acts as them: it is the password of git over HTTP
        (git push http://HOST/git/NAME.git; any user name), and --token or $ALLMENNING_TOKEN
        for the commands. Only a hash of each token is stored in the data folder's catalogue,
        so a token is shown once, when it is made. Everyone manages their own tokens;
        administrators also other people's. Tokens made before accounts belong to no user and
        are refused: make a new one for the user.
        """,
        subcommands: [Add.self, List.self, Revoke.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a token for a user and print it (once).",
            discussion: """
            Text output: the token alone on standard output (so TOKEN=$(allmenning tokens add ci
            --user kari --as admin) works) and what to do with it on standard error.
            """
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "The user the token acts as (default: the acting user).")
        var user: String?

        @Option(name: .customLong("expires-in-days"), help: "Days until the token stops working (default: never).")
        var expiresInDays: Int?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "What the token is for (a laptop, a CI job); shown in lists and logs, one live token of a name per user.")
        var name: String

        func run() throws {
            let language = common.language
            if let days = expiresInDays, !(1...36_500).contains(days) {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "--expires-in-days må være fra 1 til 36500.",
                                                                            en: "--expires-in-days must be from 1 to 36500."), language: language))
            }
            let administration = try common.openAdministration()
            let who = try acting.acting(administration, language: language)
            let holder = try Tokens.holder(user, acting: who, language: language)
            let now = Date()
            let expiry = expiresInDays.map { now.addingTimeInterval(TimeInterval($0) * 86_400) }
            let issued: IssuedToken
            do { issued = try administration.addToken(named: name, for: holder, expiresAt: expiry, by: who, at: now) } catch {
                throw accountExit(error, language: language)
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
                    nb: "Nøkkel \(issued.token.id) («\(issued.token.name)») for \(holder)\(until.nb). Den vises bare denne ene gangen: ta vare på den som et passord. git bruker den som passord (brukernavnet spiller ingen rolle).",
                    en: "Token \(issued.token.id) (\"\(issued.token.name)\") for \(holder)\(until.en). It is shown only this once: keep it like a password. git uses it as the password (any user name).")
                FileHandle.standardError.write(Data((note.text(in: language) + "\n").utf8))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens: id, name, user, state, when made, expires and was last used.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "Whose tokens (default: the acting user's).")
        var user: String?

        @Flag(help: "Every token, of every user and of none (administrators).")
        var all = false

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let language = common.language
            let administration = try common.openAdministration()
            let who = try acting.acting(administration, language: language)
            let tokens: [AccessToken]
            do {
                tokens = try administration.tokens(of: all ? nil : try Tokens.holder(user, acting: who, language: language), by: who)
            } catch let error as AccountFailure {
                throw accountExit(error, language: language)
            }
            let now = Date()
            switch format {
            case .json:
                print(CatalogueJSON.string(["tokens": tokens.map { TokenJSON.object($0, at: now) }]))
            case .text:
                if tokens.isEmpty {
                    print(LocalizedText(nb: "Ingen nøkler. Lag en med: allmenning tokens add NAVN", en: "No tokens. Make one with: allmenning tokens add NAME").text(in: language))
                    return
                }
                for token in tokens {
                    let state: LocalizedText = switch token.state(at: now) {
                    case .active: LocalizedText(nb: "gyldig", en: "active")
                    case .expired: LocalizedText(nb: "utløpt", en: "expired")
                    case .revoked: LocalizedText(nb: "trukket tilbake", en: "revoked")
                    case .withoutUser: LocalizedText(nb: "uten bruker: avvises", en: "without user: refused")
                    }
                    var details = [LocalizedText(nb: "laget \(TokenJSON.day(token.createdAt))", en: "made \(TokenJSON.day(token.createdAt))")]
                    if let expiry = token.expiresAt { details.append(LocalizedText(nb: "utløper \(TokenJSON.day(expiry))", en: "expires \(TokenJSON.day(expiry))")) }
                    if let revoked = token.revokedAt { details.append(LocalizedText(nb: "trukket tilbake \(TokenJSON.day(revoked))", en: "revoked \(TokenJSON.day(revoked))")) }
                    details.append(token.lastUsedAt.map { LocalizedText(nb: "sist brukt \(TokenJSON.day($0))", en: "last used \(TokenJSON.day($0))") }
                                   ?? LocalizedText(nb: "aldri brukt", en: "never used"))
                    print("\(token.id)\t\(token.name)\t\(token.owner ?? "-")\t\(state.text(in: language))\t" + details.map { $0.text(in: language) }.joined(separator: ", "))
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it stops working at once.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "Whose token NAME is (default: the acting user's).")
        var user: String?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The token's name, or its id (from tokens list; the only way to a token of no user).")
        var token: String

        func run() throws {
            let language = common.language
            let administration = try common.openAdministration()
            let who = try acting.acting(administration, language: language)
            let revoked: AccessToken
            do {
                if let id = Int64(token) {
                    revoked = try administration.revokeToken(id: id, by: who, at: Date())
                } else {
                    revoked = try administration.revokeToken(named: token, of: try Tokens.holder(user, acting: who, language: language), by: who, at: Date())
                }
            } catch let error as AccountFailure {
                throw accountExit(error, language: language)
            }
            switch format {
            case .json: print(CatalogueJSON.string(TokenJSON.object(revoked, at: Date())))
            case .text:
                print(LocalizedText(nb: "Nøkkel \(revoked.id) («\(revoked.name)») er trukket tilbake \(TokenJSON.day(revoked.revokedAt ?? Date())).",
                                    en: "Token \(revoked.id) (\"\(revoked.name)\") is revoked as of \(TokenJSON.day(revoked.revokedAt ?? Date())).").text(in: language))
            }
        }
    }

    /// The user whose tokens a command is about: the one given, else the acting user.
    static func holder(_ given: String?, acting: Acting, language: MessageLanguage) throws -> String {
        if let given { return given }
        if case .user(let user) = acting { return user.userName }
        throw accountExit(.refused(LocalizedText(
            nb: "Si hvem du er (--as BRUKER, eller en tilgangsnøkkel i --token eller ALLMENNING_TOKEN), eller hvem nøkkelen gjelder (--user BRUKER).",
            en: "Say who you are (--as USER, or an access token in --token or ALLMENNING_TOKEN), or whose token it is (--user USER).")), language: language)
    }
}

enum TokenJSON {
    static func object(_ token: AccessToken, at date: Date) -> [String: Any] {
        func stamp(_ date: Date?) -> Any { date.map { $0.formatted(.iso8601) } ?? NSNull() }
        return ["id": token.id, "name": token.name, "user": token.owner ?? NSNull(), "state": token.state(at: date).rawValue, "createdAt": stamp(token.createdAt),
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
