import AllmenningCatalogue
import AllmenningCore
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Accounts: add, list and revoke users, set their passwords.",
        discussion: """
        Each user has a role (student, teacher, reviewer, administrator) and belongs to an
        organisation (allmenning organisations add). A student has a pseudonym, which is all
        that public pages and OAI-PMH show of them. Users are never deleted: revoking one ends
        their tokens and sessions at once. Only administrators manage users; while the
        installation has none, `users add` works without --as, to make the first.
        """,
        subcommands: [Add.self, List.self, Revoke.self, Passwd.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "student, teacher, reviewer or administrator.")
        var role: Role

        @Option(help: "The short name of their organisation (allmenning organisations list).")
        var organisation: String

        @Option(help: "Their name (required for a student; default: the user name).")
        var name: String?

        @Option(help: "What public pages show instead of a student's name (required for a student), e.g. \"Elev 9B-3\".")
        var pseudonym: String?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The user name: lower-case letters a–z, digits and . _ - @ (kari.nordmann).")
        var userName: String

        func run() throws {
            let language = common.language
            let administration = try common.openAdministration()
            let who = try acting.acting(administration, language: language)
            let user: User
            do {
                user = try administration.addUser(NewUser(userName: userName, displayName: name, role: role, organisation: organisation, pseudonym: pseudonym),
                                                  by: who, at: Date())
            } catch { throw accountExit(error, language: language) }
            switch format {
            case .json: print(CatalogueJSON.string(AccountJSON.user(user)))
            case .text:
                print(LocalizedText(nb: "La til \(user.userName) («\(user.displayName)»), \(user.role.localizedName.nb) i \(user.organisation.name).",
                                    en: "Added \(user.userName) (\"\(user.displayName)\"), \(user.role.localizedName.en) at \(user.organisation.name).").text(in: language))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users: user name, name, role, organisation, pseudonym, state.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let language = common.language
            let administration = try common.openAdministration()
            let users: [User]
            do { users = try administration.users(by: try acting.acting(administration, language: language)) } catch let error as AccountFailure {
                throw accountExit(error, language: language)
            }
            switch format {
            case .json: print(CatalogueJSON.string(["users": users.map(AccountJSON.user)]))
            case .text:
                if users.isEmpty {
                    print(LocalizedText(nb: "Ingen brukere ennå. Legg til en med: allmenning users add BRUKER --role ROLLE --organisation ORG",
                                        en: "No users yet. Add one with: allmenning users add USER --role ROLE --organisation ORG").text(in: language))
                }
                for user in users {
                    let state = user.isRevoked ? LocalizedText(nb: "tilbakekalt", en: "revoked") : LocalizedText(nb: "aktiv", en: "active")
                    print([user.userName, user.displayName, user.role.localizedName.text(in: language), user.organisation.name,
                           user.pseudonym ?? "-", state.text(in: language)].joined(separator: "\t"))
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a user: their tokens and sessions end at once.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The user name.")
        var userName: String

        func run() throws {
            let language = common.language
            let administration = try common.openAdministration()
            let revoked: RevokedUser
            do { revoked = try administration.revokeUser(named: userName, by: try acting.acting(administration, language: language), at: Date()) } catch let error as AccountFailure {
                throw accountExit(error, language: language)
            }
            switch format {
            case .json:
                var object = AccountJSON.user(revoked.user)
                object["tokensRevoked"] = revoked.tokensRevoked
                object["sessionsEnded"] = revoked.sessionsEnded
                print(CatalogueJSON.string(object))
            case .text:
                print(LocalizedText(nb: "\(userName) er tilbakekalt (nøkler trukket tilbake: \(revoked.tokensRevoked), økter avsluttet: \(revoked.sessionsEnded)).",
                                    en: "\(userName) is revoked (tokens revoked: \(revoked.tokensRevoked), sessions ended: \(revoked.sessionsEnded)).").text(in: language))
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password for logging in (your own, or anyone's as an administrator).",
            discussion: """
            On a terminal it asks twice without showing what you type; from a pipe it reads the
            first line (printf '%s\\n' "$PASSWORD" | allmenning users passwd kari --as admin).
            At least 10 characters. Only a scrypt hash is kept, and the user's sessions end.
            """
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var acting: ActingUserOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The user name.")
        var userName: String

        func run() throws {
            let language = common.language
            let administration = try common.openAdministration()
            let who = try acting.acting(administration, language: language)
            // Asked before the password is typed, so nobody types one only to be refused.
            do { try administration.authorise(.setPassword, by: who, on: try subject(administration)) } catch let error as AccountFailure {
                throw accountExit(error, language: language)
            }
            let password = try readPassword(language: language)
            do { try administration.setPassword(password, ofUser: userName, by: who, at: Date()) } catch {
                throw accountExit(error, language: language)
            }
            switch format {
            case .json: print(CatalogueJSON.string(["userName": userName, "password": "set"]))
            case .text:
                print(LocalizedText(nb: "Passordet til \(userName) er satt; øktene deres er avsluttet.",
                                    en: "The password of \(userName) is set; their sessions have ended.").text(in: language))
            }
        }

        private func subject(_ administration: AccountAdministration) throws -> AuthorisationSubject {
            let user: User?
            do { user = try administration.store.user(named: userName) } catch {
                throw exitCouldNotRun(CommandFailure(message: error.message, language: common.language))
            }
            // An unknown user name is refused as another's; setPassword says it does not exist
            // to those who may know.
            return AuthorisationSubject(owner: user?.member ?? Member(user: -1, userName: userName, role: .student, organisation: -1))
        }

        private func readPassword(language: MessageLanguage) throws -> String {
            if isatty(STDIN_FILENO) == 1 {
                let first = try Terminal.readHidden(prompt: LocalizedText(nb: "Nytt passord for \(userName): ", en: "New password for \(userName): ").text(in: language))
                let second = try Terminal.readHidden(prompt: LocalizedText(nb: "En gang til: ", en: "Once more: ").text(in: language))
                guard first == second else {
                    throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "Passordene var ikke like; ingenting er endret.",
                                                                                en: "The passwords differed; nothing was changed."), language: language))
                }
                return first
            }
            let input = FileHandle.standardInput.readDataToEndOfFile()
            let text = String(decoding: input.prefix(PasswordRules.maximumBytes + 2), as: UTF8.self)
            var line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if line.hasSuffix("\r") { line.removeLast() }
            guard !line.isEmpty else {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "Ingen passord på standard inn: send det som første linje.",
                                                                            en: "No password on standard input: send it as the first line."), language: language))
            }
            return line
        }
    }
}

/// Reading a line from the terminal without echoing it.
enum Terminal {
    /// The terminal's settings while echo is off, to put back if the user presses Ctrl-C.
    nonisolated(unsafe) private static var saved = termios()

    static func readHidden(prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return readLine(strippingNewline: true) ?? "" }
        saved = settings
        var hidden = settings
        hidden.c_lflag &= ~tcflag_t(ECHO)
        signal(SIGINT) { _ in
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &Terminal.saved)
            _exit(130)
        }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            signal(SIGINT, SIG_DFL)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
