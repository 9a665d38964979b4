import AllmenningCatalogue
import AllmenningCore
import ArgumentParser
import Foundation

/// Who a command acts as: the user of an access token, or a user named with `--as` on the
/// data folder directly (local administration: whoever can write the data folder can do
/// anything to it anyway, so `--as` is about whose name the audit log records and which rules
/// apply, not a defence).
struct ActingUserOptions: ParsableArguments {
    @Option(name: .customLong("token"), help: ArgumentHelp(
        "Act as the user of this access token.",
        discussion: "Default: $ALLMENNING_TOKEN. Other users of the machine can see a command line; prefer the variable."))
    var token: String?

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Act as this user, on the data folder directly (local administration).",
        discussion: "Without --as and a token, commands that add organisations and users work while the installation has no administrator, to make the first one."))
    var userName: String?

    /// The acting user, the installation while it has no administrator, or nobody. A token
    /// that does not work or a user that does not exist stops the command (exit 2).
    func acting(_ administration: AccountAdministration, language: MessageLanguage,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Acting {
        if token != nil, userName != nil {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "Gi enten --token eller --as, ikke begge.", en: "Give either --token or --as, not both."),
                                                 language: language))
        }
        if let userName {
            let user: User?
            do { user = try administration.store.user(named: userName) } catch {
                throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
            }
            guard let user, !user.isRevoked else {
                throw exitCouldNotRun(CommandFailure(message: user == nil
                    ? LocalizedText(nb: "--as: brukeren «\(userName)» finnes ikke (se allmenning users list).",
                                    en: "--as: the user \"\(userName)\" does not exist (see allmenning users list).")
                    : LocalizedText(nb: "--as: brukeren «\(userName)» er tilbakekalt.", en: "--as: the user \"\(userName)\" is revoked."),
                    language: language))
            }
            return .user(user)
        }
        if let secret = token ?? environment["ALLMENNING_TOKEN"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let check: TokenCheck
            do { check = try administration.store.checkToken(secret, at: Date()) } catch {
                throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
            }
            let source = token == nil ? "ALLMENNING_TOKEN" : "--token"
            let problem: LocalizedText
            switch check {
            case .valid(_, let user): return .user(user)
            case .expired: problem = LocalizedText(nb: "tilgangsnøkkelen er utløpt. Be om en ny.", en: "the access token has expired. Ask for a new one.")
            case .revoked: problem = LocalizedText(nb: "tilgangsnøkkelen er trukket tilbake. Be om en ny.", en: "the access token has been revoked. Ask for a new one.")
            case .withoutUser:
                problem = LocalizedText(nb: "tilgangsnøkkelen ble laget før Allmenning fikk brukere og hører ikke til noen. Be en administrator om en ny for brukeren din.",
                                        en: "the access token was made before Allmenning had users and belongs to no one. Ask an administrator for a new one for your user.")
            case .unknown: problem = LocalizedText(nb: "tilgangsnøkkelen er ikke gyldig her.", en: "the access token is not valid here.")
            }
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "\(source): \(problem.nb)", en: "\(source): \(problem.en)"), language: language))
        }
        do { return try administration.localActing(nil) } catch { throw accountExit(error, language: language) }
    }
}

/// A refusal by the policy exits 1 (refused), any other failure 2 (could not run).
func accountExit(_ failure: AccountFailure, language: MessageLanguage) -> ExitCode {
    FileHandle.standardError.write(Data("allmenning: \(failure.message.text(in: language))\n".utf8))
    return ExitCode(failure.kind == .refused ? 1 : 2)
}

extension CommonOptions {
    func openAdministration() throws -> AccountAdministration {
        AccountAdministration(store: try openCatalogue())
    }
}

extension Role: ExpressibleByArgument {}
extension Organisation.Kind: ExpressibleByArgument {}

enum AccountJSON {
    static func stamp(_ date: Date?) -> Any { date.map { $0.formatted(.iso8601) } ?? NSNull() }

    static func user(_ user: User) -> [String: Any] {
        ["userName": user.userName, "name": user.displayName, "role": user.role.rawValue, "organisation": user.organisation.name,
         "pseudonym": user.pseudonym ?? NSNull(), "state": user.isRevoked ? "revoked" : "active", "hasPassword": user.hasPassword,
         "createdAt": stamp(user.createdAt), "revokedAt": stamp(user.revokedAt)]
    }

    static func organisation(_ organisation: Organisation) -> [String: Any] {
        ["name": organisation.name, "displayName": organisation.displayName, "kind": organisation.kind.rawValue,
         "municipality": organisation.municipality ?? NSNull(), "createdAt": stamp(organisation.createdAt)]
    }
}
