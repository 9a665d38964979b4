import Foundation

/// One licence named in an expression, as the adaptation rules see it.
struct LicenceTerm: Sendable, Equatable {
    /// As written: "CC-BY-SA-4.0", "GPL-2.0+", "LicenseRef-Kommune-1".
    let token: String
    /// The id without "+".
    let id: String
    /// "+": this version or any later one.
    let orLater: Bool
    /// What the id says, for Creative Commons ids; nil for other licences and references.
    let creativeCommons: CreativeCommonsLicence?

    init(id: String, orLater: Bool) {
        self.id = id
        self.orLater = orLater
        token = id + (orLater ? "+" : "")
        creativeCommons = CreativeCommonsLicence(id: id)
    }

    init(reference: String) {
        id = reference
        orLater = false
        token = reference
        creativeCommons = nil
    }

    /// A term for a single-licence expression; nil for AND and OR.
    init?(_ expression: LicenceExpression) {
        switch expression {
        case let .licence(id, orLater): self.init(id: id, orLater: orLater)
        case let .reference(name): self.init(reference: name)
        case .and, .or: return nil
        }
    }
}

/// Why one licence does not allow an adaptation under another.
enum AdaptationRefusal: Sendable, Equatable {
    /// NoDerivatives: adapted versions may not be shared at all.
    case noDerivatives
    /// ShareAlike: the adaptation must carry the same licence (or a later version, or a
    /// licence CC lists as compatible).
    case shareAlike
    /// The adaptation would drop NonCommercial. `chartReason` is the chart's reason when the
    /// chart marks the change yellow (technically permitted, not recommended).
    case nonCommercial(chartReason: String?)
    /// The adaptation would be given away (CC0) although the original must still be credited.
    case attribution(chartReason: String?)
    /// Another Creative Commons licence than the material's own or a 4.0 licence (for example
    /// an older version or a national port).
    case otherCreativeCommons
    /// The material is not under a Creative Commons licence, and the adaptation would change it.
    case notCreativeCommons(reason: String?)
    /// Creative Commons material, and a licence outside Creative Commons that no ruling covers
    /// (or one whose ruling is unverified).
    case unverifiable(reason: String?)
    /// The Public Domain Mark and PDDC mark works free of copyright; an adaptation is not.
    case publicDomainMark

    var code: String {
        switch self {
        case .noDerivatives: AdaptationProblem.Code.noDerivatives
        case .shareAlike: AdaptationProblem.Code.shareAlike
        case .nonCommercial: AdaptationProblem.Code.nonCommercial
        case .attribution: AdaptationProblem.Code.attribution
        case .otherCreativeCommons, .notCreativeCommons: AdaptationProblem.Code.changeNotAllowed
        case .unverifiable: AdaptationProblem.Code.unknownCompatibility
        case .publicDomainMark: AdaptationProblem.Code.notALicence
        }
    }
}

enum AdaptationRuling: Sendable, Equatable {
    /// Allowed; `compatibility` is the ruling that allowed it when that ruling is worth telling
    /// (a licence outside Creative Commons, such as GPL-3.0-only for BY-SA 4.0 material).
    case allowed(compatibility: CreativeCommonsCompatibility.OtherRuling?)
    case refused(AdaptationRefusal)

    var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }
}

/// May material under one licence be adapted with another licence on the adaptation? The strict
/// reading Allmenning applies (see `AdaptationLicensing` for how expressions combine):
///
/// - NoDerivatives, any version, port or IGO: never.
/// - The seven 4.0/CC0 licences among themselves: the official chart, but only its green cells;
///   yellow cells (BY-NC → BY, BY → CC0, …) are refused, because the original's NonCommercial and
///   attribution still bind the whole adaptation.
/// - The facts sheet's rulings for other pairs (BY-SA 4.0 → LAL-1.3 and → GPL-3.0-only allowed,
///   "unverified" refused, ShareAlike version changes).
/// - Other CC licences by their elements: BY and BY-NC (1.0 to 3.0, ports, IGO) → the identical
///   licence, or a 4.0 licence that is green for the 4.0 licence with the same elements;
///   ShareAlike → the same elements at the same or a later version (never into an IGO licence);
///   1.0 ShareAlike → the identical licence only; IGO ShareAlike → the identical licence or a
///   later international version only, since the IGO clause was not verified.
/// - CC0, the Public Domain Mark and PDDC material → any licence.
/// - Any other licence (MIT, GPL, LicenseRef-…) → exactly the same licence.
/// - The Public Domain Mark and PDDC are never allowed on an adaptation: they mark works free
///   of copyright, and an adaptation contains the adapter's own work.
enum AdaptationRules {
    static func ruling(material: LicenceTerm, adaptation: LicenceTerm) -> AdaptationRuling {
        let materialCC = material.creativeCommons
        if materialCC?.noDerivatives == true { return .refused(.noDerivatives) }
        if adaptation.creativeCommons?.kind == .publicDomainMark { return .refused(.publicDomainMark) }

        // "CC-BY-SA-3.0+": the adapter may take the material under any of the versions.
        if material.orLater, let materialCC {
            let base = ruling(material: LicenceTerm(id: material.id, orLater: false), adaptation: adaptation)
            if base.isAllowed { return base }
            for later in materialCC.laterInternationalVersions {
                let laterRuling = ruling(material: LicenceTerm(id: later, orLater: false), adaptation: adaptation)
                if laterRuling.isAllowed { return laterRuling }
            }
            return base
        }

        if !material.orLater, !adaptation.orLater,
           let ruling = CreativeCommonsCompatibility.ruling(material: material.id, proposed: adaptation.id) {
            switch ruling.verdict {
            case .allowed:
                let outsideCC = materialCC == nil || adaptation.creativeCommons == nil
                return .allowed(compatibility: outsideCC ? ruling : nil)
            case .unverified:
                return .refused(.unverifiable(reason: ruling.reason))
            case .forbidden:
                return .refused(materialCC?.shareAlike == true ? .shareAlike : .notCreativeCommons(reason: ruling.reason))
            }
        }

        guard let materialCC else {
            return material.token == adaptation.token ? .allowed(compatibility: nil) : .refused(.notCreativeCommons(reason: nil))
        }
        guard let adaptationCC = adaptation.creativeCommons, !adaptation.orLater else {
            return materialCC.isPublicDomain ? .allowed(compatibility: nil) : .refused(.unverifiable(reason: nil))
        }
        if let cell = CreativeCommonsCompatibility.cell(material: material.id, proposed: adaptation.id) {
            return verdict(of: cell, material: materialCC, adaptation: adaptationCC)
        }
        if materialCC.isPublicDomain || material.id == adaptation.id { return .allowed(compatibility: nil) }

        if materialCC.shareAlike {
            guard adaptationCC.hasSameElements(as: materialCC) else {
                return .refused(refusal(material: materialCC, adaptation: adaptationCC, chartReason: nil))
            }
            let allowed = if materialCC.version == [1, 0] {
                false
            } else if materialCC.isIGO {
                adaptationCC.port == nil && adaptationCC.isLaterVersion(than: materialCC)
            } else {
                !adaptationCC.isIGO && adaptationCC.isSameOrLaterVersion(than: materialCC)
            }
            return allowed ? .allowed(compatibility: nil) : .refused(.shareAlike)
        }

        // BY and BY-NC before 4.0, ported or IGO: as the chart allows for the same elements in 4.0.
        if let equivalent = materialCC.fourPointZeroEquivalent,
           let cell = CreativeCommonsCompatibility.cell(material: equivalent, proposed: adaptation.id) {
            return verdict(of: cell, material: materialCC, adaptation: adaptationCC)
        }
        return .refused(refusal(material: materialCC, adaptation: adaptationCC, chartReason: nil))
    }

    private static func verdict(of cell: CreativeCommonsCompatibility.AdaptationCell,
                                material: CreativeCommonsLicence, adaptation: CreativeCommonsLicence) -> AdaptationRuling {
        if cell.verdict == .allowed && cell.recommended { return .allowed(compatibility: nil) }
        return .refused(refusal(material: material, adaptation: adaptation, chartReason: cell.chart == .yellow ? cell.reason : nil))
    }

    private static func refusal(material: CreativeCommonsLicence, adaptation: CreativeCommonsLicence, chartReason: String?) -> AdaptationRefusal {
        if material.noDerivatives { return .noDerivatives }
        if material.nonCommercial && !adaptation.nonCommercial { return .nonCommercial(chartReason: chartReason) }
        if material.shareAlike { return .shareAlike }
        if material.attribution && adaptation.isPublicDomain { return .attribution(chartReason: chartReason) }
        return .otherCreativeCommons
    }
}
