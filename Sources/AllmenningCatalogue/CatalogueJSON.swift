import AllmenningCore
import Foundation

/// The catalogue's answers as JSON objects (JSONSerialization's types), the same for the
/// command line and, later, the server's API. Keys are never dropped: a missing value is null.
public enum CatalogueJSON {
    /// For machines reading it over the network: no indentation and the keys in no particular
    /// order (sorting them costs a tenth of a search answer's time on Linux's Foundation).
    public static func compactData(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    public static func string(_ object: Any, pretty: Bool = true) -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `repositoryAddress` turns where the catalogue keeps a repository into what the reader may
    /// see: the path itself on the command line; on the server, its public clone address (a path
    /// on the server's disk is nobody's business over the network), or nil.
    public static func object(_ results: SearchResults, query: SearchQuery, language: MessageLanguage,
                              repositoryAddress: (String) -> String? = { $0 }) -> [String: Any] {
        [
            "query": query.text,
            "filters": Dictionary(uniqueKeysWithValues: query.filters.map { ($0.key.rawValue, $0.value) }),
            "total": results.total,
            "offset": query.offset,
            "limit": query.limit,
            "notes": results.notes.map { $0.text(in: language) },
            "facetsEstimated": results.facetsEstimated,
            "facets": Dictionary(uniqueKeysWithValues: results.facets.map { facet, counts in
                (facet.rawValue, counts.map { ["value": $0.value, "count": $0.count] })
            }),
            "results": results.hits.map { object($0, repositoryAddress: repositoryAddress) },
        ]
    }

    public static func object(_ hit: SearchHit, repositoryAddress: (String) -> String? = { $0 }) -> [String: Any] {
        [
            "id": hit.resourceID,
            "repository": repositoryAddress(hit.repository) as Any? ?? NSNull(),
            "commit": hit.commit,
            "title": hit.title,
            "description": hit.description as Any? ?? NSNull(),
            "languages": hit.languages,
            "levels": hit.levels,
            "subjects": hit.subjects,
            "licence": hit.licence,
            "kind": hit.kind,
            "approved": hit.approved,
            "rank": hit.rank as Any? ?? NSNull(),
            "matched": hit.reasons.map { ["field": $0.field, "words": $0.words, "detail": $0.detail as Any? ?? NSNull()] },
            "snippet": hit.snippet as Any? ?? NSNull(),
        ]
    }

    /// Where a resource stands with publication, as the command line and the API give it. The
    /// repository's path on the server is left out: the command line adds it.
    public static func object(_ state: PublicationState) -> [String: Any] {
        func decision(_ decision: PublicationState.Decision?) -> Any {
            guard let decision else { return NSNull() }
            return ["by": decision.by, "at": decision.at.formatted(.iso8601), "commit": decision.commit as Any? ?? NSNull()] as [String: Any]
        }
        return ["id": state.resourceID as Any? ?? NSNull(), "needsApproval": state.needsApproval,
                "public": state.isPublic, "deleted": state.deleted, "pseudonym": state.pseudonym as Any? ?? NSNull(),
                "currentCommit": state.currentCommit as Any? ?? NSNull(),
                "approved": decision(state.approval), "withdrawn": decision(state.withdrawal)]
    }

    public static func object(_ statistics: CatalogueStatistics) -> [String: Any] {
        [
            "resources": statistics.resources,
            "deleted": statistics.deleted,
            "versions": statistics.versions,
            "declared": statistics.declared.mapValues { $0.map { ["value": $0.value, "count": $0.count] } },
            "verifiedFeatures": statistics.verifiedFeatures.map { ["value": $0.value, "count": $0.count] },
            "curricula": statistics.curricula.map { coverage in
                [
                    "curriculum": coverage.curriculum,
                    "subject": coverage.subject,
                    "aims": coverage.aims,
                    "declared": coverage.declared,
                    "onlySuggested": coverage.onlySuggested,
                    "gaps": coverage.gaps,
                ] as [String: Any]
            },
        ]
    }

    public static func object(_ result: IndexResult, done: Int, total: Int, language: MessageLanguage) -> [String: Any] {
        [
            "event": "repository",
            "done": done,
            "total": total,
            "repository": result.repository,
            "status": result.status.rawValue,
            "resource": result.resourceID as Any? ?? NSNull(),
            "title": result.title as Any? ?? NSNull(),
            "commit": result.commit as Any? ?? NSNull(),
            "message": result.message?.text(in: language) as Any? ?? NSNull(),
            "findings": result.status == .refused ? result.findings.map { ReportRendering.jsonObject($0, language: language) } : [],
            "documentsRead": result.documentsRead,
            "documentsKnown": result.documentsKnown,
            "pluginFilesChecked": result.pluginFilesChecked,
            "pluginFilesFromCache": result.pluginFilesFromCache,
            "reviews": result.reviews.map { reviews -> [String: Any] in
                [
                    "stored": reviews.stored,
                    "changed": reviews.changed,
                    "rejected": reviews.rejected.map { rejected in
                        ["commit": rejected.commit.hex, "line": rejected.position + 1, "problem": rejected.problem.code,
                         "message": rejected.problem.message.text(in: language)] as [String: Any]
                    },
                    "failure": reviews.failure?.text(in: language) as Any? ?? NSNull(),
                ]
            } as Any? ?? NSNull(),
        ]
    }

    public static func object(_ result: SeedResult, done: Int, language: MessageLanguage) -> [String: Any] {
        [
            "event": "resource",
            "done": done,
            "folder": result.folder,
            "status": result.status.rawValue,
            "resource": result.resourceID as Any? ?? NSNull(),
            "title": result.title as Any? ?? NSNull(),
            "repository": result.repository as Any? ?? NSNull(),
            "commit": result.commit as Any? ?? NSNull(),
            "upstream": result.upstream.map { upstream -> [String: Any] in
                ["resource": upstream.resourceID, "repository": upstream.repository, "commit": upstream.commit as Any? ?? NSNull()]
            } as Any? ?? NSNull(),
            "published": result.isPublished,
            "hooksInstalled": result.hooksInstalled,
            "message": result.message?.text(in: language) as Any? ?? NSNull(),
            "findings": result.findings.map { ReportRendering.jsonObject($0, language: language) },
            "index": result.index.map { index in
                object(index, done: done, total: 1, language: language).filter { !["event", "done", "total"].contains($0.key) }
            } as Any? ?? NSNull(),
        ]
    }
}
