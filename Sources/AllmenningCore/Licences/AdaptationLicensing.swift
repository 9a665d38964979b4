import Foundation

/// A licence in the provenance chain of the resource to be adapted (`derivedFrom`).
public struct UpstreamLicence: Sendable, Equatable {
    /// The upstream resource's id.
    public var id: String
    /// Its title, in the language the messages should show.
    public var title: String
    /// Its licence expression.
    public var licence: String

    public init(id: String, title: String, licence: String) {
        self.id = id
        self.title = title
        self.licence = licence
    }
}

/// What a teacher asks for when forking a resource to adapt it.
public struct AdaptationRequest: Sendable, Equatable {
    /// The source's `licence` expression.
    public var resourceLicence: String
    /// Path → licence expression, from the source manifest's `files`.
    public var fileLicences: [String: String]
    /// From the source's `derivedFrom`: the licences of what it was adapted from.
    public var upstreamLicences: [UpstreamLicence]
    /// The licence the teacher asks for (`--licence`); nil lets Allmenning choose.
    public var proposedLicence: String?

    public init(resourceLicence: String, fileLicences: [String: String] = [:],
                upstreamLicences: [UpstreamLicence] = [], proposedLicence: String? = nil) {
        self.resourceLicence = resourceLicence
        self.fileLicences = fileLicences
        self.upstreamLicences = upstreamLicences
        self.proposedLicence = proposedLicence
    }

    /// The request for adapting the resource `manifest` describes. Upstream titles are taken in
    /// the first of `languages` they exist in.
    public init(manifest: Manifest, proposedLicence: String? = nil, languages: [String] = ["nb", "nn", "en"]) {
        var files: [String: String] = [:]
        for (path, metadata) in manifest.files ?? [:] {
            if let licence = metadata.licence { files[path] = licence }
        }
        let upstream = (manifest.derivedFrom ?? []).map { source in
            let title = LanguageMaps.text(source.title, preferring: languages) ?? source.id
            return UpstreamLicence(id: source.id, title: title, licence: source.licence)
        }
        self.init(resourceLicence: manifest.licence, fileLicences: files, upstreamLicences: upstream,
                  proposedLicence: proposedLicence)
    }
}

/// Something the licence gate has to say: why a fork is refused, or what an allowed fork must
/// respect.
public struct AdaptationProblem: Sendable, Equatable {
    /// What the problem is about.
    public enum Subject: Sendable, Equatable, Hashable {
        /// The resource's own `licence`.
        case resource
        /// A file's licence from the manifest's `files`.
        case file(String)
        /// A licence in the provenance chain, by the upstream resource's id.
        case upstream(String)
        /// The licence the teacher asked for.
        case proposedLicence
    }

    /// The stable codes. A code names a rule: it is in `refusals` when the rule blocks the fork
    /// and in `notes` when it shapes an allowed one.
    public enum Code {
        /// The expression cannot be parsed (refusal).
        public static let invalidExpression = "licence.invalid-expression"
        /// NoDerivatives: adaptations may not be shared (refusal).
        public static let noDerivatives = "licence.nd-adaptation"
        /// ShareAlike decides the fork's licence (refusal of another licence; note when kept).
        public static let shareAlike = "licence.sharealike-forces"
        /// NonCommercial must be kept (refusal of a licence without it; note when kept).
        public static let nonCommercial = "licence.noncommercial-kept"
        /// The original must still be credited, so not CC0 (refusal).
        public static let attribution = "licence.attribution-kept"
        /// The change of licence is not one Allmenning allows: another CC licence than the
        /// material's own or a 4.0 one, or any change of a licence outside Creative Commons (refusal).
        public static let changeNotAllowed = "licence.change-not-allowed"
        /// A licence outside Creative Commons for CC material, which Allmenning cannot check (refusal).
        public static let unknownCompatibility = "licence.unknown-compatibility"
        /// The licences that apply each allow some licences, but none in common (refusal).
        public static let noCommonLicence = "licence.no-common-licence"
        /// The proposed licence is an expression or "this version or later", not one licence (refusal).
        public static let proposalNotSingle = "licence.proposal-not-single"
        /// The proposed licence is a public domain mark, which cannot go on an adaptation (refusal).
        public static let notALicence = "licence.proposal-not-a-licence"
        /// A licence BY-SA 4.0 material may take outside Creative Commons, such as GPL-3.0-only (note).
        public static let compatibleLicence = "licence.compatible-licence"
        /// An OR let the fork follow one of several licences (note).
        public static let alternativeChosen = "licence.alternative-chosen"
        /// Allmenning chose a licence other than the resource's own (note).
        public static let licenceChosen = "licence.chosen"
    }

    public var code: String
    public var subject: Subject
    /// The licence (an id, or the expression as written) the problem is about.
    public var licence: String
    public var message: LocalizedText

    public init(code: String, subject: Subject, licence: String, message: LocalizedText) {
        self.code = code
        self.subject = subject
        self.licence = licence
        self.message = message
    }
}

/// The licence gate's answer.
public struct AdaptationDecision: Sendable, Equatable {
    /// The fork's licence when forking is allowed; nil when refused.
    public var licence: String?
    /// Licences the fork could carry, the most recommended first: the ids of the resource's own
    /// expression, then the common CC 4.0 licences, LAL-1.3 and GPL-3.0-only where they apply. A
    /// short list to offer, not every possible id (but always including `licence`). Empty when no
    /// licence is possible.
    public var allowedLicences: [String]
    /// Non-empty when forking is refused; each names where (resource, file, upstream, the
    /// proposed licence), why, and what the teacher can do.
    public var refusals: [AdaptationProblem]
    /// Allowed, but worth telling the teacher: ShareAlike forces the licence, NonCommercial is
    /// kept, an OR alternative was followed, a licence outside CC was accepted.
    public var notes: [AdaptationProblem]

    public var isAllowed: Bool { licence != nil }

    public init(licence: String?, allowedLicences: [String], refusals: [AdaptationProblem], notes: [AdaptationProblem]) {
        self.licence = licence
        self.allowedLicences = allowedLicences
        self.refusals = refusals
        self.notes = notes
    }
}

/// Decides whether a resource may be forked for adaptation, and under which licence.
///
/// The reading is strict and protects the teacher rather than stretching what a licence allows:
///
/// - Every licence that applies is a constraint the fork's licence must satisfy: the resource's
///   own expression, each file's expression, and each licence in the provenance chain (the
///   original's NonCommercial or ShareAlike still binds an adaptation of an adaptation).
/// - Inside an expression, AND means every part applies (the allowed licences are the
///   intersection); OR means the forker may follow either alternative (the union). So
///   `CC-BY-ND-4.0 OR CC-BY-4.0` can be adapted by following CC-BY-4.0.
/// - Pairs of licences are judged by `AdaptationRules`: NoDerivatives never; the official chart
///   for the seven 4.0/CC0 licences, green cells only (yellow ones such as BY-NC → BY would drop
///   NonCommercial); the facts sheet's rulings (BY-SA 4.0 → LAL-1.3 or GPL-3.0-only); older,
///   ported and IGO CC licences by their elements; any licence outside Creative Commons must be
///   kept exactly.
/// - The fork carries one licence: a single SPDX id (or the resource's own `LicenseRef-…`).
/// - Without a proposal: the resource's own licence if it is a single licence and allowed;
///   else the first allowed of the ids in the resource's expression, then CC-BY-SA-4.0,
///   CC-BY-4.0, CC-BY-NC-SA-4.0, CC-BY-NC-4.0, CC0-1.0; else the first allowed CC licence.
///   Never a NoDerivatives licence, though a teacher may ask for one where it is allowed.
/// - A proposal that is not allowed is refused with the reasons and the licences that are.
/// - Refusals about licences that cannot be adapted at all (NoDerivatives, an unreadable
///   expression) name every file and upstream resource concerned; refusals of a proposed licence
///   and notes say each reason once (for the first place it applies).
public enum AdaptationLicensing {
    /// The licences chosen for the teacher, in order, when the resource's own cannot be kept.
    public static let preferredLicences = ["CC-BY-SA-4.0", "CC-BY-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0"]

    public static func decide(_ request: AdaptationRequest) -> AdaptationDecision {
        var names = AdaptationMessages.Names()
        var refusals: [AdaptationProblem] = []
        var constraints: [AdaptationConstraint] = []

        var sources: [(AdaptationProblem.Subject, String)] = [(.resource, request.resourceLicence)]
        sources += request.fileLicences.sorted { $0.key < $1.key }.map { (.file($0.key), $0.value) }
        for upstream in request.upstreamLicences {
            sources.append((.upstream(upstream.id), upstream.licence))
            names.titles[upstream.id] = names.titles[upstream.id] ?? (upstream.title.isEmpty ? upstream.id : upstream.title)
        }
        for (subject, text) in sources {
            let written = text.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                constraints.append(AdaptationConstraint(subject: subject, written: written, expression: try LicenceExpression.parse(written)))
            } catch {
                refusals.append(AdaptationProblem(code: AdaptationProblem.Code.invalidExpression, subject: subject, licence: written,
                                                  message: names.unreadable(subject, written, error)))
            }
        }

        let universe = AdaptationCandidates(resource: constraints.first { $0.subject == .resource }, constraints: constraints)
        var allowedByExpression: [String: Set<String>] = [:]
        for index in constraints.indices {
            let written = constraints[index].written
            let allowed = allowedByExpression[written] ?? Set(universe.all.filter { constraints[index].allows($0) }.map(\.token))
            allowedByExpression[written] = allowed
            constraints[index].allowedTokens = allowed
        }
        for constraint in constraints where constraint.allowedTokens.isEmpty {
            refusals.append(cannotBeAdapted(constraint, names: names))
        }
        let allowed = refusals.isEmpty ? universe.all.filter { candidate in constraints.allSatisfy { $0.allowedTokens.contains(candidate.token) } } : []
        let offered = universe.offered(from: allowed)
        if refusals.isEmpty, allowed.isEmpty {
            refusals.append(noCommonLicence(constraints, universe: universe, names: names))
        }

        var proposal: LicenceTerm?
        if let proposed = request.proposedLicence {
            switch validateProposal(proposed, names: names) {
            case let .licence(term): proposal = term
            case let .problem(problem): refusals.append(problem.appending(names.possibleLicences(offered)))
            }
        }
        guard refusals.isEmpty, let resource = constraints.first(where: { $0.subject == .resource }) else {
            return AdaptationDecision(licence: nil, allowedLicences: offered, refusals: refusals, notes: [])
        }

        let licence: LicenceTerm
        if let proposal {
            for constraint in constraints {
                for (term, refusal) in constraint.failures(for: proposal) {
                    let problem = AdaptationProblem(code: refusal.code, subject: constraint.subject, licence: term.token,
                                                    message: names.refusal(refusal, subject: constraint.subject, material: term, proposed: proposal.token))
                    if !refusals.contains(where: { $0.code == problem.code && $0.licence == problem.licence }) {
                        refusals.append(problem)
                    }
                }
            }
            if !refusals.isEmpty {
                let possible = names.possibleLicences(offered)
                return AdaptationDecision(licence: nil, allowedLicences: offered,
                                          refusals: refusals.map { $0.appending(possible) }, notes: [])
            }
            licence = proposal
        } else {
            licence = choose(from: allowed, resource: resource)
        }

        var notes: [AdaptationProblem] = []
        if request.proposedLicence == nil, !resource.expression.identifiers.contains(licence.token) {
            let own = LicenceTerm(resource.expression)
            let cannotKeep = own.map { !$0.orLater && !allowed.contains($0) } ?? false
            var message = names.chosen(licence.token, resourceLicence: resource.written, cannotKeep: cannotKeep,
                                       others: offered.filter { $0 != licence.token })
            if let own, own.creativeCommons?.kind == .publicDomainMark {
                message = message.appending(AdaptationMessages.publicDomainMark(own.token))
            }
            notes.append(AdaptationProblem(code: AdaptationProblem.Code.licenceChosen, subject: .resource, licence: licence.token, message: message))
        }
        for constraint in constraints {
            for note in constraint.notes(for: licence, names: names)
            where !notes.contains(where: { $0.code == note.code && $0.licence == note.licence }) {
                notes.append(note)
            }
        }
        let listed = offered.contains(licence.token) ? offered : [licence.token] + offered
        return AdaptationDecision(licence: licence.token, allowedLicences: listed, refusals: [], notes: notes)
    }

    /// Never a NoDerivatives licence: the teacher may ask for one, but Allmenning does not put
    /// one on a fork by itself (`CC-BY-ND-4.0 OR CC-BY-4.0` gives CC-BY-4.0).
    private static func choose(from allowed: [LicenceTerm], resource: AdaptationConstraint) -> LicenceTerm {
        if let own = LicenceTerm(resource.expression), allowed.contains(own) { return own }
        let choices = allowed.filter { $0.creativeCommons?.noDerivatives != true }
        let tokens = choices.map(\.token)
        for token in resource.expression.identifiers + preferredLicences {
            if let index = tokens.firstIndex(of: token) { return choices[index] }
        }
        return choices.first ?? allowed[0]
    }

    private enum ProposalCheck {
        case licence(LicenceTerm)
        case problem(AdaptationProblem)
    }

    private static func validateProposal(_ text: String, names: AdaptationMessages.Names) -> ProposalCheck {
        let written = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let expression: LicenceExpression
        do {
            expression = try LicenceExpression.parse(written)
        } catch {
            return .problem(AdaptationProblem(code: AdaptationProblem.Code.invalidExpression, subject: .proposedLicence, licence: written,
                                              message: names.unreadable(.proposedLicence, written, error)))
        }
        guard let term = LicenceTerm(expression), !(term.orLater && term.creativeCommons != nil) else {
            return .problem(AdaptationProblem(code: AdaptationProblem.Code.proposalNotSingle, subject: .proposedLicence, licence: written,
                                              message: AdaptationMessages.notSingle(written, expression: expression)))
        }
        if term.creativeCommons?.kind == .publicDomainMark {
            return .problem(AdaptationProblem(code: AdaptationProblem.Code.notALicence, subject: .proposedLicence, licence: written,
                                              message: AdaptationMessages.publicDomainMark(term.token)))
        }
        return .licence(term)
    }

    /// A constraint that no licence satisfies on its own: NoDerivatives, or parts joined by AND
    /// that exclude each other.
    private static func cannotBeAdapted(_ constraint: AdaptationConstraint, names: AdaptationMessages.Names) -> AdaptationProblem {
        if constraint.expression.isBlockedByNoDerivatives {
            let blocking = constraint.expression.terms.filter { $0.creativeCommons?.noDerivatives == true }.map(\.token)
            return AdaptationProblem(code: AdaptationProblem.Code.noDerivatives, subject: constraint.subject, licence: constraint.written,
                                     message: names.noDerivatives(constraint.subject, constraint.written, blocking: unique(blocking)))
        }
        let parts = constraint.expression.terms.map(\.token)
        return AdaptationProblem(code: AdaptationProblem.Code.noCommonLicence, subject: constraint.subject, licence: constraint.written,
                                 message: names.partsExcludeEachOther(constraint.subject, constraint.written, parts: unique(parts)))
    }

    /// Every constraint can be met alone, but not all together: name the first pair that
    /// cannot (or all of them, when only the combination fails).
    private static func noCommonLicence(_ constraints: [AdaptationConstraint], universe: AdaptationCandidates, names: AdaptationMessages.Names) -> AdaptationProblem {
        var remaining = Set(universe.all.map(\.token))
        var conflict = constraints
        for (index, constraint) in constraints.enumerated() {
            remaining.formIntersection(constraint.allowedTokens)
            guard remaining.isEmpty else { continue }
            conflict = Array(constraints[...index])
            if let partner = constraints[..<index].first(where: { $0.allowedTokens.isDisjoint(with: constraint.allowedTokens) }) {
                conflict = [partner, constraint]
            }
            break
        }
        let last = conflict[conflict.count - 1]
        return AdaptationProblem(code: AdaptationProblem.Code.noCommonLicence, subject: last.subject, licence: last.written,
                                 message: names.noCommonLicence(conflict.map { ($0.subject, $0.written) }))
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}

/// One licence expression that applies to the fork, and where it comes from.
struct AdaptationConstraint {
    let subject: AdaptationProblem.Subject
    let written: String
    let expression: LicenceExpression
    /// The candidate licences (tokens) the expression allows, once the candidates are known.
    var allowedTokens: Set<String> = []

    func allows(_ candidate: LicenceTerm) -> Bool { expression.allows(candidate) }

    /// Why the expression does not allow `candidate`: for AND the parts that refuse, for OR
    /// every alternative (none allows it).
    func failures(for candidate: LicenceTerm) -> [(LicenceTerm, AdaptationRefusal)] {
        expression.failures(for: candidate)
    }

    func notes(for licence: LicenceTerm, names: AdaptationMessages.Names) -> [AdaptationProblem] {
        var followed: [(LicenceTerm, AdaptationRuling)] = []
        var notes: [AdaptationProblem] = []
        expression.follow(licence) { term, ruling in
            followed.append((term, ruling))
        } choice: { alternatives, chosen in
            let blocking = alternatives.flatMap(\.terms).filter { $0.creativeCommons?.noDerivatives == true }.map(\.token)
            notes.append(AdaptationProblem(code: AdaptationProblem.Code.alternativeChosen, subject: subject, licence: written,
                                           message: names.alternativeChosen(subject, written, followed: chosen.written, blocking: blocking)))
        }
        for (term, ruling) in followed {
            if let cc = term.creativeCommons, cc.shareAlike {
                notes.append(AdaptationProblem(code: AdaptationProblem.Code.shareAlike, subject: subject, licence: term.token,
                                               message: names.shareAlikeNote(subject, term)))
            }
            if let cc = term.creativeCommons, cc.nonCommercial {
                notes.append(AdaptationProblem(code: AdaptationProblem.Code.nonCommercial, subject: subject, licence: term.token,
                                               message: names.nonCommercialNote(subject, term)))
            }
            if case let .allowed(compatibility?) = ruling {
                notes.append(AdaptationProblem(code: AdaptationProblem.Code.compatibleLicence, subject: subject, licence: term.token,
                                               message: names.compatibleLicenceNote(subject, term, licence: licence.token, ruling: compatibility)))
            }
        }
        return notes
    }
}

/// The licences the gate tries: the ones it offers to teachers first, then every other CC licence.
struct AdaptationCandidates {
    /// Offered to the teacher, in order of preference.
    let shortlist: [LicenceTerm]
    let all: [LicenceTerm]

    init(resource: AdaptationConstraint?, constraints: [AdaptationConstraint]) {
        var seen = Set<String>()
        func terms(_ tokens: [String]) -> [LicenceTerm] {
            tokens.compactMap { token -> LicenceTerm? in
                guard !seen.contains(token), let expression = try? LicenceExpression.parse(token),
                      let term = LicenceTerm(expression), !(term.orLater && term.creativeCommons != nil) else { return nil }
                seen.insert(token)
                return term
            }
        }
        // NoDerivatives licences are offered last: allowed for some material, but they end the
        // chain of adaptations.
        let withoutND = { (tokens: [String]) in tokens.filter { CreativeCommonsLicence(id: $0)?.noDerivatives != true } }
        let ownTokens = withoutND(resource?.expression.identifiers ?? [])
        let otherTokens = withoutND(constraints.flatMap(\.expression.identifiers))
        shortlist = terms(ownTokens + AdaptationLicensing.preferredLicences + ["LAL-1.3", "GPL-3.0-only"] + otherTokens
            + ["CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"])
        all = shortlist + terms(CreativeCommonsLicence.allIDs + ["GPL-3.0-or-later"])
    }

    /// What to show of the allowed licences: those on the shortlist, or (rarely) the first few
    /// others.
    func offered(from allowed: [LicenceTerm]) -> [String] {
        let listed = shortlist.filter { allowed.contains($0) }.map(\.token)
        return listed.isEmpty ? Array(allowed.prefix(6).map(\.token)) : listed
    }
}

extension LicenceExpression {
    /// The licences named, as terms, in order.
    var terms: [LicenceTerm] {
        switch self {
        case .licence, .reference: [LicenceTerm(self)!]
        case let .and(left, right), let .or(left, right): left.terms + right.terms
        }
    }

    /// The alternatives of an OR (flattened: A OR B OR C gives three); [self] otherwise.
    var alternatives: [LicenceExpression] {
        if case let .or(left, right) = self { return left.alternatives + right.alternatives }
        return [self]
    }

    /// The expression as a person writes it, without the outermost parentheses.
    var written: String {
        switch self {
        case .licence, .reference: description
        case let .and(left, right): "\(left) AND \(right)"
        case let .or(left, right): "\(left) OR \(right)"
        }
    }

    /// True when NoDerivatives blocks every way of following the expression.
    var isBlockedByNoDerivatives: Bool {
        switch self {
        case .licence, .reference: LicenceTerm(self)?.creativeCommons?.noDerivatives == true
        case let .and(left, right): left.isBlockedByNoDerivatives || right.isBlockedByNoDerivatives
        case let .or(left, right): left.isBlockedByNoDerivatives && right.isBlockedByNoDerivatives
        }
    }

    func allows(_ candidate: LicenceTerm) -> Bool {
        switch self {
        case .licence, .reference: AdaptationRules.ruling(material: LicenceTerm(self)!, adaptation: candidate).isAllowed
        case let .and(left, right): left.allows(candidate) && right.allows(candidate)
        case let .or(left, right): left.allows(candidate) || right.allows(candidate)
        }
    }

    func failures(for candidate: LicenceTerm) -> [(LicenceTerm, AdaptationRefusal)] {
        switch self {
        case .licence, .reference:
            let term = LicenceTerm(self)!
            if case let .refused(refusal) = AdaptationRules.ruling(material: term, adaptation: candidate) { return [(term, refusal)] }
            return []
        case let .and(left, right):
            return left.failures(for: candidate) + right.failures(for: candidate)
        case .or:
            return allows(candidate) ? [] : alternatives.flatMap { $0.failures(for: candidate) }
        }
    }

    /// Walks the parts the fork follows when it carries `licence` (which the expression allows):
    /// every part of an AND, the first alternative of an OR that allows it.
    func follow(_ licence: LicenceTerm, term: (LicenceTerm, AdaptationRuling) -> Void,
                choice: (_ alternatives: [LicenceExpression], _ chosen: LicenceExpression) -> Void) {
        switch self {
        case .licence, .reference:
            let material = LicenceTerm(self)!
            term(material, AdaptationRules.ruling(material: material, adaptation: licence))
        case let .and(left, right):
            left.follow(licence, term: term, choice: choice)
            right.follow(licence, term: term, choice: choice)
        case .or:
            let alternatives = alternatives
            guard let chosen = alternatives.first(where: { $0.allows(licence) }) else { return }
            choice(alternatives, chosen)
            chosen.follow(licence, term: term, choice: choice)
        }
    }
}

extension AdaptationProblem {
    func appending(_ text: LocalizedText) -> AdaptationProblem {
        var problem = self
        problem.message = message.appending(text)
        return problem
    }
}
