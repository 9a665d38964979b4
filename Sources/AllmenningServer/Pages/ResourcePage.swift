import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import Foundation
import Hummingbird
import Licensing

/// A resource's page: everything a teacher needs to choose it, credit it, adapt it or get it.
struct ResourcePage {
    let setup: ServerSetup
    let templates: Templates

    /// How deep the adaptation tree is drawn: adaptations of adaptations of …
    static let treeDepth = 4

    func response(_ request: Request, id: String, visitor: Visitor) async throws -> Response {
        let language = ReaderLanguage(request).language
        let show = Presentation(language: language, setup: setup)
        let catalogue = setup.catalogue
        let now = setup.now(), viewer = visitor.viewer
        let operations = StewardshipOperations(setup: setup)
        guard id.count <= 100, let loaded = try await blocking({ () -> (StoredResource, [VersionSummary], AdaptationTree, [String: ResourceLink], ReviewStatus,
                                                                          RatingSummary, [Rating], PublicationState?, AuthorisationSubject?)? in
            guard try setup.mayShow(resource: id, to: viewer), let resource = try catalogue.resource(id), let current = resource.current else { return nil }
            let sources = (current.manifest.derivedFrom ?? []).map(\.id)
            return (resource, try catalogue.versions(of: id), try AdaptationTree.load(id, catalogue: catalogue, depth: Self.treeDepth),
                    try catalogue.links(to: sources), try ReviewStatus.load(resource, from: catalogue, at: now),
                    try catalogue.ratingSummary(of: id), try catalogue.ratings(of: id),
                    try (catalogue as? any PublicationStore)?.publicationState(of: id), try operations.subject(of: id))
        }) else {
            throw HTTPError(.notFound, message: show.t("notFoundResource").replacingOccurrences(of: "%@", with: Pages.shortened(id, to: 40)))
        }
        let (resource, versions, tree, sourceLinks, reviewStatus, ratingSummary, ratings, publication, subject) = loaded
        let version = resource.current!
        // A deleted resource's page stays for its links; nothing can be decided on it any more.
        let forms = StewardshipFormValues(show: show, rubric: setup.configuration.reviews.rubric, visitor: visitor,
                                          subject: resource.deletedAt == nil ? subject : nil, resourceID: resource.resourceID, commit: version.commit)
        let manifest = version.manifest
        let title = show.text(manifest.title)
        let description = show.text(manifest.description)
        let resourcePath = show.resourceHref(resource.resourceID)

        var facts: [[String: String]] = []
        func fact(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { facts.append(["label": show.t(key), "value": value]) }
        }
        fact("levels", show.levels(manifest.level ?? []))
        fact("subjects", (manifest.subjects ?? []).map(show.subject).joined(separator: ", "))
        fact("languages", manifest.language.map(show.languageName).joined(separator: ", "))
        fact("types", (manifest.type ?? []).map(show.term).joined(separator: ", "))
        fact("madeBy", show.kind(manifest.kind))
        fact("duration", manifest.didactics?.duration.map(Self.duration))
        fact("grouping", (manifest.didactics?.grouping ?? []).map(show.term).joined(separator: ", "))
        fact("keywords", show.text(manifest.keywords.map { $0.mapValues { $0.joined(separator: ", ") } })?.text)

        func aimEntry(_ code: String) -> [String: Any] {
            let text = show.aimText(code)
            return ["code": code, "href": show.aimHref(code), "text": text?.text ?? "", "textLang": text?.lang as Any,
                    "curriculum": setup.aim(code)?.curriculum as Any]
        }
        let declaredAims = Set(manifest.aims ?? [])
        let suggested: [[String: Any]] = version.inferredFacets.filter { $0.facet == "aim" && !declaredAims.contains($0.value) }.prefix(8).map { facet in
            var entry = aimEntry(facet.value)
            entry["score"] = facet.score.map { String(format: "%.2f", $0) } ?? "–"
            return entry
        }

        var requirements: [[String: String]] = []
        if let requires = manifest.requires {
            for (key, values) in [("devices", requires.devices), ("software", requires.software), ("equipment", requires.equipment)] {
                if let values, !values.isEmpty { requirements.append(["label": show.t(key), "value": values.joined(separator: ", ")]) }
            }
            if let internet = requires.internet { requirements.append(["label": show.t("internet"), "value": show.t(internet ? "yes" : "no")]) }
        }
        if requirements.isEmpty { requirements.append(["label": show.t("requirements"), "value": show.t("nothingNeeded")]) }

        let verified = ResourceAccessibility(version: version)
        let declaredFeatures = Set(manifest.accessibility?.features ?? [])
        let accessibilityRows = declaredFeatures.union(verified.features).sorted().map { feature in
            ["name": show.term(feature), "declared": show.t(declaredFeatures.contains(feature) ? "yes" : "no"),
             "verified": show.t(verified.features.contains(feature) ? "yes" : "no")]
        }
        var accessibilityFacts: [[String: String]] = []
        if let hazards = manifest.accessibility?.hazards, !hazards.isEmpty {
            accessibilityFacts.append(["label": show.t("hazards"), "value": hazards.map(show.term).joined(separator: ", ")])
        }
        let modes = manifest.accessibility?.accessModes ?? verified.modes
        if !modes.isEmpty { accessibilityFacts.append(["label": show.t("accessModes"), "value": modes.map(show.term).joined(separator: ", ")]) }
        if !verified.sufficient.isEmpty {
            accessibilityFacts.append(["label": show.t("accessModeSufficient"),
                                       "value": verified.sufficient.map { $0.map(show.term).joined(separator: " + ") }.joined(separator: "; ")])
        }
        let summary = show.text(manifest.accessibility?.summary)

        let credits = Credits(manifest: manifest, languages: [language.rawValue, "nb", "nn", "en"])
        let attribution = credits.plainText(in: language.messageLanguage).trimmingCharacters(in: .whitespacesAndNewlines)
        let authors: [[String: Any]] = (manifest.authors ?? []).map { author in
            ["name": author.name ?? author.pseudonym ?? "–", "role": author.role as Any, "org": author.org as Any]
        }
        let sources: [[String: Any]] = (manifest.derivedFrom ?? []).map { source in
            let link = sourceLinks[source.id]
            let sourceTitle = show.text(link?.title ?? source.title)
            return ["href": link.map { _ in show.resourceHref(source.id) } as Any, "title": sourceTitle?.text ?? source.id,
                    "titleLang": sourceTitle?.lang as Any, "licence": show.licenceName(source.licence),
                    "commit": source.commit.map { String($0.prefix(10)) } as Any, "notInCatalogue": link == nil]
        }

        let findings = version.findings.sorted { ($0.severity, $0.location.path, $0.location.line ?? 0) > ($1.severity, $1.location.path, $1.location.line ?? 0) }
        let findingRows: [[String: Any]] = findings.map { finding in
            ["severity": show.t(finding.severity.rawValue),
             "place": finding.location.path + (finding.location.line.map { ":\($0)" } ?? ""),
             "code": finding.code, "wcag": (finding.wcag ?? []).joined(separator: ", ").nilIfEmpty as Any,
             "message": finding.message.text(in: language.messageLanguage)]
        }
        let findingsSummary = String(format: show.t("findingsSummary"), version.findings.count(of: .error),
                                     version.findings.count(of: .warning), version.findings.count(of: .info))

        let files: [[String: Any]] = version.files.map { file in
            ["path": file.path, "href": "\(resourcePath)/files/\(file.path.split(separator: "/").map { percentEscaped(String($0)) }.joined(separator: "/"))",
             "size": show.byteCount(file.size)]
        }
        let entry = manifest.entry.flatMap { entry in version.files.contains { $0.path == entry } ? entry : nil }
        let versionRows: [[String: Any]] = versions.map { summary in
            ["short": String(summary.commit.prefix(10)), "href": "/api/resources/\(percentEscaped(resource.resourceID))/versions/\(summary.commit)",
             "current": summary.isCurrent, "isoDate": summary.committedAt.formatted(.iso8601), "date": show.date(summary.committedAt),
             "summary": summary.commitSummary, "counts": "\(summary.errors) / \(summary.warnings)"]
        }

        let jsonLD = ResourceJSONLD(setup: setup).document(resource: resource, version: version, sources: sourceLinks)
        return templates.page("resource", language: language, request: request, title: title?.text ?? resource.resourceID, values: [
            "title": title?.text ?? resource.resourceID, "titleLang": title?.lang as Any,
            "description": description?.text as Any, "descriptionLang": description?.lang as Any,
            "deleted": resource.deletedAt != nil,
            "review": ReviewSection(show: show, rubric: setup.configuration.reviews.rubric, resourceID: resource.resourceID).values(reviewStatus)
                .merging(forms.reviewForms()) { $1 },
            "ratings": RatingSection(show: show).values(ratingSummary, ratings, forms: forms),
            "csrf": visitor.session?.csrfToken ?? "",
            "publication": publication.flatMap { publicationValues($0, findings: version.findings, visitor: visitor, show: show) } as Any,
            "entryHref": entry.map { "\(resourcePath)/files/\($0.split(separator: "/").map { percentEscaped(String($0)) }.joined(separator: "/"))" } as Any,
            "downloadHref": "\(resourcePath)/download.zip", "jsonHref": "/api/resources/\(percentEscaped(resource.resourceID))",
            "facts": facts,
            "hasAims": !(manifest.aims ?? []).isEmpty, "aims": (manifest.aims ?? []).map(aimEntry),
            "hasPrerequisites": !(manifest.prerequisites ?? []).isEmpty, "prerequisites": (manifest.prerequisites ?? []).map(aimEntry),
            "hasSuggestedAims": !suggested.isEmpty, "suggestedAims": suggested,
            "requirements": requirements,
            "accessibilitySummary": summary?.text as Any, "accessibilitySummaryLang": summary?.lang as Any,
            "accessibilityRows": accessibilityRows, "accessibilityFacts": accessibilityFacts,
            "licenceName": show.licenceName(manifest.licence), "licenceURL": show.licenceURL(manifest.licence) as Any,
            "attribution": attribution, "attributionRows": min(12, max(3, attribution.split(separator: "\n").count + 1)),
            "authors": authors,
            "hasSources": !sources.isEmpty, "sources": sources,
            "hasAdaptations": !tree.children.isEmpty, "adaptations": tree.values(show: show),
            "findingsSummary": findingsSummary, "hasFindings": !findingRows.isEmpty, "findingRows": findingRows,
            "files": files, "cloneCommand": cloneCommand(resource) as Any,
            "versions": versionRows,
            "jsonLD": jsonLD, "alternateJSON": "/api/resources/\(percentEscaped(resource.resourceID))",
        ])
    }

    /// A pupil's resource: whether it waits for approval (with what stops it), when it was
    /// approved or withdrawn, and the forms the visitor may use: approving for a teacher at the
    /// pupil's school, withdrawing for the pupil. Nil for everyone else's resources.
    func publicationValues(_ state: PublicationState, findings: [Finding], visitor: Visitor, show: Presentation) -> [String: Any]? {
        guard state.needsApproval else { return nil }
        let waiting = !state.isPublic && state.approval == nil && state.withdrawal == nil && !state.deleted
        let blocking = waiting ? Publication.blockingFindings(findings) : []
        func form(_ action: AuthorisedAction, _ path: String) -> Any {
            guard let csrf = visitor.session?.csrfToken, let id = state.resourceID,
                  Authorisation.decide(action, by: visitor.viewer, on: state.subject).isAllowed else { return false }
            return ["action": "\(PublicationDecisions.pageHref(id))\(path)?lang=\(show.language.rawValue)", "csrf": csrf]
        }
        let approval = state.withdrawal == nil ? state.approval : nil
        return [
            "waiting": waiting,
            "approvedDate": approval.map { show.date($0.at) } as Any,
            "isoApproved": approval.map { $0.at.formatted(.iso8601) } as Any,
            "withdrawnDate": state.withdrawal.map { show.date($0.at) } as Any,
            "isoWithdrawn": state.withdrawal.map { $0.at.formatted(.iso8601) } as Any,
            "hasBlocking": !blocking.isEmpty,
            "blocking": blocking.map { finding in
                ["place": finding.location.path + (finding.location.line.map { ":\($0)" } ?? ""),
                 "message": finding.message.text(in: show.language.messageLanguage)]
            },
            "approveForm": waiting && blocking.isEmpty ? form(.approvePublication, "/publication/approve") : false,
            "withdrawForm": state.withdrawal == nil && !state.deleted ? form(.withdraw, "/withdraw") : false,
        ]
    }

    /// `git clone` of the repository through this server, when the server serves it (it is in
    /// the data folder's repositories).
    func cloneCommand(_ resource: StoredResource) -> String? {
        guard let name = GitRepositories.publicName(of: resource.repository, in: setup.data) else { return nil }
        return "git clone \(setup.publicURL)/git/\(name)"
    }

    /// PT90M → 90 min, PT1H30M → 1 h 30 min.
    static func duration(_ iso: String) -> String {
        guard let parsed = ISO8601Duration(iso), parsed.years == 0, parsed.months == 0, parsed.weeks == 0, parsed.days == 0 else { return iso }
        let hours = parsed.hours + parsed.minutes / 60, minutes = parsed.minutes % 60
        return [hours > 0 ? "\(hours) h" : nil, minutes > 0 ? "\(minutes) min" : nil].compactMap { $0 }.joined(separator: " ")
    }
}

/// The adaptation tree below a resource, drawn as nested lists.
struct AdaptationTree {
    var link: ResourceLink?
    var children: [AdaptationTree]

    static func load(_ id: String, catalogue: any CatalogueStore, depth: Int) throws -> AdaptationTree {
        var visited: Set<String> = [id]
        func children(of id: String, depth: Int) throws -> [AdaptationTree] {
            guard depth > 0 else { return [] }
            return try catalogue.adaptations(of: id).filter { visited.insert($0.resourceID).inserted }.map { link in
                AdaptationTree(link: link, children: try children(of: link.resourceID, depth: depth - 1))
            }
        }
        return AdaptationTree(link: nil, children: try children(of: id, depth: depth))
    }

    /// The tree as the `adaptation-tree` partial draws it (itself, for each level).
    func values(show: Presentation) -> [[String: Any]] {
        children.compactMap { child in
            guard let link = child.link else { return nil }
            let title = show.text(link.title)
            let details = [show.levels(link.levels), link.languages.map(show.languageName).joined(separator: ", ")].filter { !$0.isEmpty }
            return ["href": show.resourceHref(link.resourceID), "title": title?.text ?? link.resourceID, "titleLang": title?.lang as Any,
                    "details": (details.isEmpty ? nil : details.joined(separator: " · ")) as Any,
                    "hasAdaptations": !child.children.isEmpty, "adaptations": child.values(show: show)]
        }
    }
}

/// What the accessibility plugin verified about the version as a whole (schema.org terms).
struct ResourceAccessibility {
    var features: Set<String> = []
    var modes: [String] = []
    var sufficient: [[String]] = []

    init(version: StoredVersion) {
        for (_, paths) in version.inferred {
            guard let tags = paths[""] else { continue }
            if case let .list(values)? = tags["accessibilityFeature"] { features.formUnion(values.compactMap(\.textValue)) }
            if case let .list(values)? = tags["accessMode"] { modes = values.compactMap(\.textValue) }
            if case let .list(values)? = tags["accessModeSufficient"] {
                sufficient = values.compactMap(\.textValue).map { $0.split(separator: ",").map(String.init) }
            }
        }
    }
}

extension TagValue {
    var textValue: String? {
        if case let .text(text) = self { return text }
        return nil
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// The review part of a resource's page: the approved version, by whom, when and until when;
/// that the review is due; the versions published since, unreviewed, with the files they
/// changed; and what waits for a reviewer. Who submitted a version is never named.
struct ReviewSection {
    let show: Presentation
    /// The installation's rubric, for the criteria's names (an approval records only their ids).
    let rubric: ReviewRubric
    let resourceID: String

    func values(_ status: ReviewStatus) -> [String: Any] {
        let approval = status.approval ?? status.expiredApproval
        return [
            "approved": status.state == .approved,
            "newerUnreviewed": status.state == .newerVersionUnreviewed,
            "due": status.state == .reviewDue,
            "notReviewed": status.state == .notReviewed,
            "approval": approval.map(decision) as Any,
            "current": status.currentCommit.map(version) as Any,
            "hasNewerCommits": !status.newerCommits.isEmpty,
            "newerCommits": status.newerCommits.map { commit in
                version(commit.commit).merging([
                    "isoDate": commit.committedAt.formatted(.iso8601), "date": show.date(commit.committedAt), "summary": commit.summary,
                    "files": commit.files.map { ["path": $0.path, "change": show.t("change.\($0.status.rawValue)")] },
                ]) { $1 }
            },
            "moreCommits": status.newerCommitsTotal > status.newerCommits.count
                ? String(format: show.t("moreCommits"), status.newerCommitsTotal - status.newerCommits.count) : false,
            "changesRequested": status.changesRequested.map(decision),
            "pendingSubmissions": status.pendingSubmissions.map { review in
                version(review.commit).merging(["isoDate": review.attestation.date.formatted(.iso8601), "date": show.date(review.attestation.date)]) { $1 }
            },
            "historyProblem": status.historyProblem?.text(in: show.language.messageLanguage) as Any,
        ]
    }

    func version(_ commit: String) -> [String: Any] {
        ["short": String(commit.prefix(10)), "commit": commit,
         "href": "/api/resources/\(percentEscaped(resourceID))/versions/\(commit)"]
    }

    func decision(_ review: IndexedReview) -> [String: Any] {
        let attestation = review.attestation
        let scores: [[String: Any]] = attestation.scores.map { score in
            let criterion = rubric.criterion(score.criterion)
            let label = show.text(criterion?.label)
            let scale = attestation.rubric.criteria.first { $0.id == score.criterion }
            let meaning = score.score.flatMap { value in criterion.flatMap { show.text($0.scale.labels[value]) } }
            return ["criterion": label?.text ?? score.criterion, "criterionLang": label?.lang as Any,
                    "score": score.score.map { value in scale.map { "\(value) / \($0.maximum)" } ?? "\(value)" } as Any,
                    "meaning": meaning?.text as Any, "comment": score.comment as Any]
        }
        return version(review.commit).merging([
            "reviewer": attestation.reviewer.name, "organisation": attestation.reviewer.organisation as Any,
            "isoDate": attestation.date.formatted(.iso8601), "date": show.date(attestation.date),
            "isoExpires": attestation.expires.map { $0.formatted(.iso8601) } as Any, "expires": attestation.expires.map(show.date) as Any,
            "comment": attestation.comment as Any, "hasScores": !scores.isEmpty, "scores": scores,
        ]) { $1 }
    }
}

/// Teachers' ratings on a resource's page: the average and count, and each rating with its
/// text, or, where a moderator hid the text, a note saying so (the text itself never reaches
/// the page).
struct RatingSection {
    let show: Presentation

    func values(_ summary: RatingSummary, _ ratings: [Rating], forms: StewardshipFormValues) -> [String: Any] {
        let average = summary.average.map { show.decimal($0) } ?? ""
        let said = summary.count == 1 ? show.t("ratingsAverageOne").replacingOccurrences(of: "%@", with: average)
            : show.t("ratingsAverage").replacingOccurrences(of: "%@", with: average).replacingOccurrences(of: "%d", with: String(summary.count))
        return [
            "hasRatings": summary.count > 0,
            "summary": said,
            "items": ratings.map { rating -> [String: Any] in
                ["score": rating.score, "rater": rating.raterName, "organisation": rating.organisation,
                 "isoDate": rating.updatedAt.formatted(.iso8601), "date": show.date(rating.updatedAt),
                 "text": rating.shownText as Any, "hidden": rating.hidden != nil,
                 "hideAction": forms.hideAction(rating) as Any, "raterUserName": rating.rater]
            },
            "ratingForm": forms.ratingForm(ratings) as Any,
        ]
    }
}
