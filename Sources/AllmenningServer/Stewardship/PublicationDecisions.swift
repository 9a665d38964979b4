import AllmenningCatalogue
import AllmenningCore
import Foundation
import HTTPTypes
import Hummingbird

/// Students' publishing on the web: a teacher approves a pupil's resource for publication, the
/// pupil (or an administrator) withdraws it, by a form on the resource's page or through the
/// API. Thin over the catalogue's `Publication`, which asks the policy and writes the decision
/// with its audit entry, as the command line's `publish-approve` and `withdraw` do.
struct PublicationDecisions: Sendable {
    let setup: ServerSetup
    let templates: Templates

    static let approvalSuffix = "/publication-approval"
    static let withdrawalSuffix = "/withdrawal"

    /// The methods the API's publication addresses take, for `ReadOnlyAPIMiddleware`; nil for
    /// other addresses.
    static func methods(_ path: String) -> [HTTPRequest.Method]? {
        guard path.hasPrefix("/api/resources/"), path.hasSuffix(approvalSuffix) || path.hasSuffix(withdrawalSuffix) else { return nil }
        return [.post]
    }

    func register(on router: Router<ServerRequestContext>) {
        router.post("/resources/:id/publication/approve") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                let id = try context.parameters.require("id")
                _ = try await decide(id, by: visitor, .approve)
                return AccountPages.redirect(Self.pageHref(id))
            }
        }
        router.post("/resources/:id/withdraw") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                let id = try context.parameters.require("id")
                _ = try await decide(id, by: visitor, .withdraw)
                return AccountPages.redirect(Self.pageHref(id))
            }
        }
        router.post("/api/resources/:id\(Self.approvalSuffix)") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                Self.answer(try await decide(try context.parameters.require("id"), by: visitor, .approve))
            }
        }
        router.post("/api/resources/:id\(Self.withdrawalSuffix)") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                Self.answer(try await decide(try context.parameters.require("id"), by: visitor, .withdraw))
            }
        }
    }

    static func pageHref(_ id: String) -> String { "/resources/\(percentEscaped(id))" }

    static func answer(_ outcome: PublicationOutcome) -> Response {
        var object = CatalogueJSON.object(outcome.state)
        object["changed"] = outcome.changed
        return json(object)
    }

    enum Decision: Sendable {
        case approve, withdraw
    }

    /// One decision, made off the cooperative threads (it writes the catalogue).
    func decide(_ id: String, by visitor: Visitor, _ decision: Decision) async throws -> PublicationOutcome {
        guard let store = setup.catalogue as? any PublicationStore else {
            throw WriteRefusal(.unavailable, LocalizedText(nb: "Denne katalogen har ikke elevpublisering.", en: "This catalogue has no student publishing."))
        }
        guard id.count <= 100 else { throw PublicationFailure(.notFound, Self.noSuchResource) }
        let acting = visitor.acting, now = setup.now()
        return try await blocking { () throws -> PublicationOutcome in
            let publication = Publication(store: store)
            switch decision {
            case .approve: return try publication.approve(id, by: acting, at: now)
            case .withdraw: return try publication.withdraw(id, by: acting, at: now)
            }
        }
    }

    static let noSuchResource = LocalizedText(nb: "Katalogen har ingen slik ressurs som du kan se.", en: "The catalogue has no such resource that you may see.")
}

extension PublicationFailure: WriteRefusalConvertible {
    /// Nobody logged in is sent to log in whatever the resource, so that the answer tells them
    /// nothing about a pupil's resource; a privacy finding that stops approval is listed with
    /// its file and line.
    func refusal(for acting: Acting) -> WriteRefusal {
        switch kind {
        case .refused: WriteRefusal(acting == .nobody ? .needsLogin : .forbidden, message)
        case .notFound: WriteRefusal(acting == .nobody ? .needsLogin : .notFound, message)
        case .blockedByPrivacy(let findings):
            WriteRefusal(.invalid(field: nil), LocalizedText(nb: Self.listing(message.nb, findings, in: .nb), en: Self.listing(message.en, findings, in: .en)))
        case .failed: WriteRefusal(.unavailable, message)
        }
    }

    static func listing(_ message: String, _ findings: [Finding], in language: MessageLanguage) -> String {
        ([message] + findings.map { finding in
            "\(finding.location.path)\(finding.location.line.map { ":\($0)" } ?? "") [\(finding.code)] \(finding.message.text(in: language))"
        }).joined(separator: "\n")
    }
}
