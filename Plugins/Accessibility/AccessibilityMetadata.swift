import AllmenningCore
import Foundation

/// What one page is made of, for the schema.org accessibility metadata the resource is
/// inferred to have (the per-file tag `page`): its text, its images and whether they have
/// text alternatives, its headings and landmarks, a table of contents, MathML, ARIA.
struct PageFacts: Sendable, Equatable {
    var words = 0
    /// Images with a text alternative (alt, aria-label, a title in an SVG …).
    var namedImages = 0
    /// Images marked as decoration (alt="", role="presentation", aria-hidden).
    var decorativeImages = 0
    /// Images with nothing a screen reader can say.
    var unnamedImages = 0
    var firstUnnamedImageLine: Int?
    /// Canvas, object and embed: seen, with no text alternative a static check can read.
    var otherVisual = 0
    var headings = 0
    var landmarks = 0
    /// The line of a table of contents: a list or navigation of at least three links to the
    /// parts of the page or to the resource's other pages.
    var tableOfContentsLine: Int?
    var math = 0
    var describedMath = 0
    var firstUndescribedMathLine: Int?
    /// Images with a long description (aria-describedby, aria-details, longdesc).
    var longDescriptions = 0
    /// Elements with a role or an ARIA property (aria-hidden alone does not count).
    var aria = 0

    static let tagName = "page"

    init() {}

    init(_ page: Page) {
        let tree = page.tree
        let visibility = page.visibility
        var ids: [String: Int] = [:]
        var names: Set<String> = []
        for index in tree.elements {
            if let id = tree[index].attribute("id"), ids[id] == nil { ids[id] = index }
            if tree[index].name == "a", let name = tree[index].attribute("name") { names.insert(name) }
        }
        // Whether the elements an aria-labelledby or aria-describedby names hold any text.
        func referencesText(_ attribute: String, of node: Int) -> Bool {
            (tree[node].attribute(attribute) ?? "").split(whereSeparator: \.isWhitespace).compactMap { ids[String($0)] }.contains { target in
                tree.firstDescendant(of: target, limit: Self.walkLimit) {
                    tree[$0].kind == .text && !tree[$0].text.isBlank
                } != nil
            }
        }
        func nonEmpty(_ attribute: String, of node: Int) -> Bool {
            !(tree[node].attribute(attribute) ?? "").isBlank
        }
        // Flags that pass from a node to its descendants, set top-down in one pass.
        var noText = Array(repeating: false, count: tree.nodes.count)
        var inSectioning = Array(repeating: false, count: tree.nodes.count)
        var inSVG = Array(repeating: false, count: tree.nodes.count)
        for index in tree.nodes.indices {
            let node = tree[index]
            let parent = node.parent
            noText[index] = (parent.map { noText[$0] } ?? false)
                || (node.kind == .element && Self.textlessContainers.contains(node.name))
            inSectioning[index] = parent.map { inSectioning[$0] || ["article", "aside", "main", "nav", "section"].contains(tree[$0].name) } ?? false
            inSVG[index] = parent.map { inSVG[$0] || tree[$0].name == "svg" } ?? false
            guard !visibility.notRendered[index] else { continue }
            if node.kind == .text {
                if !noText[index] { words += TranscriptMarkers.words(in: node.text) }
                continue
            }
            let name = node.name
            let explicitRole = page.explicitRole(of: index)
            let hidden = visibility.hidden[index]
            if node.has("role") || node.attributes.contains(where: { $0.name.hasPrefix("aria-") && $0.name != "aria-hidden" }) { aria += 1 }
            if !hidden, explicitRole == "heading" || (explicitRole == nil && ["h1", "h2", "h3", "h4", "h5", "h6"].contains(name)) { headings += 1 }
            if !hidden {
                let named = nonEmpty("aria-label", of: index) || referencesText("aria-labelledby", of: index)
                let implicit: String? = switch name {
                case "main": "main"
                case "nav": "navigation"
                case "aside": "complementary"
                case "header": inSectioning[index] ? nil : "banner"
                case "footer": inSectioning[index] ? nil : "contentinfo"
                case "section": named ? "region" : nil
                case "form": named ? "form" : nil
                default: nil
                }
                if let role = explicitRole ?? implicit, Self.landmarkRoles.contains(role), !["region", "form"].contains(role) || named {
                    landmarks += 1
                }
            }
            // Images and their text alternatives.
            var image: ImageText?
            if explicitRole == "presentation" || explicitRole == "none", name == "img" || name == "svg" || name == "input" {
                image = .decorative
            } else if name == "img" || (name == "input" && node.attribute("type")?.lowercased() == "image")
                        || (name == "svg" && !inSVG[index]) || explicitRole == "img" {
                if hidden { image = .decorative }
                else if nonEmpty("aria-label", of: index) || referencesText("aria-labelledby", of: index) { image = .named }
                else if name == "img", let alt = node.attribute("alt") {
                    image = !alt.isBlank || nonEmpty("title", of: index) ? .named : .decorative
                } else if nonEmpty("title", of: index) || (name == "input" && (nonEmpty("alt", of: index) || nonEmpty("value", of: index))) {
                    image = .named
                } else if name == "svg" {
                    let title = node.children.first { tree[$0].name == "title" }.map { tree.textContent(of: $0) } ?? ""
                    if !title.isBlank { image = .named }
                    // An SVG with no role and no title is as often an icon as a drawing:
                    // neither counted nor blamed.
                    else if explicitRole != nil { image = .unnamed }
                } else {
                    image = .unnamed
                }
                if image != nil, image != .decorative,
                   referencesText("aria-describedby", of: index) || node.has("aria-details") || nonEmpty("longdesc", of: index) {
                    longDescriptions += 1
                }
            } else if ["canvas", "object", "embed"].contains(name), !inSVG[index] {
                otherVisual += 1
            }
            switch image {
            case .named: namedImages += 1
            case .decorative: decorativeImages += 1
            case .unnamed:
                unnamedImages += 1
                if firstUnnamedImageLine == nil { firstUnnamedImageLine = node.line }
            case nil: break
            }
            // MathML and what describes it.
            if name == "math" || explicitRole == "math" {
                math += 1
                if nonEmpty("alttext", of: index) || nonEmpty("aria-label", of: index) || referencesText("aria-labelledby", of: index) {
                    describedMath += 1
                } else if firstUndescribedMathLine == nil {
                    firstUndescribedMathLine = node.line
                }
            }
            if tableOfContentsLine == nil, isTableOfContents(index, page: page, explicitRole: explicitRole, ids: ids, names: names) {
                tableOfContentsLine = node.line
            }
        }
    }

    private enum ImageText { case named, decorative, unnamed }

    /// Text in these is not read as the page's text: fallback content of players and
    /// embedded objects, drawings' internals.
    private static let textlessContainers: Set<String> = ["audio", "video", "canvas", "object", "svg", "iframe", "noscript", "template",
                                                          "script", "style", "head", "select"]

    private static let landmarkRoles: Set<String> = ["banner", "complementary", "contentinfo", "form", "main", "navigation", "region", "search"]

    /// A navigation (nav, role navigation or doc-toc) with at least three links to parts of
    /// the page or to the resource's pages, or a list whose every item (at least three)
    /// starts with such a link.
    private func isTableOfContents(_ node: Int, page: Page, explicitRole: String?, ids: [String: Int], names: Set<String>) -> Bool {
        let tree = page.tree
        let name = tree[node].name
        let isNavigation = name == "nav" || explicitRole == "navigation" || tree[node].attribute("role")?.lowercased().contains("doc-toc") == true
        guard isNavigation || name == "ul" || name == "ol" else { return false }
        func isPart(_ link: Int) -> Bool {
            guard let href = tree[link].attribute("href")?.trimmingCharacters(in: .whitespacesAndNewlines), !href.isEmpty else { return false }
            if href.hasPrefix("#") {
                let target = String(href.dropFirst()).removingPercentEncoding ?? String(href.dropFirst())
                return ids[target] != nil || names.contains(target)
            }
            guard case let .inside(path) = ResourcePath.resolve(href, from: page.path) else { return false }
            return ["html", "htm", "xhtml", "md", "markdown"].contains((path as NSString).pathExtension.lowercased())
        }
        if isNavigation {
            var parts = 0
            _ = tree.firstDescendant(of: node, limit: Self.walkLimit) { link in
                if tree[link].name == "a", isPart(link) { parts += 1 }
                return parts >= 3
            }
            return parts >= 3
        }
        let items = tree[node].children.filter { tree[$0].name == "li" }
        guard items.count >= 3 else { return false }
        return items.allSatisfy { item in tree.firstDescendant(of: item, limit: Self.walkLimit) { tree[$0].name == "a" }.map(isPart) ?? false }
    }

    /// How far a search below one element goes: a table of contents or a label is found
    /// near the top, and hostile nesting must not make every element search the whole page.
    static let walkLimit = 1000

    // MARK: Tag

    var tag: TagValue {
        var object: [String: TagValue] = [:]
        let numbers: [(String, Int)] = [
            ("words", words), ("namedImages", namedImages), ("decorativeImages", decorativeImages), ("unnamedImages", unnamedImages),
            ("otherVisual", otherVisual), ("headings", headings), ("landmarks", landmarks), ("math", math),
            ("describedMath", describedMath), ("longDescriptions", longDescriptions), ("aria", aria),
        ]
        for (key, value) in numbers where value > 0 { object[key] = .number(Double(value)) }
        if let line = firstUnnamedImageLine { object["firstUnnamedImageLine"] = .number(Double(line)) }
        if let line = firstUndescribedMathLine { object["firstUndescribedMathLine"] = .number(Double(line)) }
        if let line = tableOfContentsLine { object["tableOfContentsLine"] = .number(Double(line)) }
        return .object(object)
    }

    init?(tag: TagValue) {
        guard case let .object(object) = tag else { return nil }
        func number(_ key: String) -> Int { object[key]?.integer ?? 0 }
        words = number("words")
        namedImages = number("namedImages")
        decorativeImages = number("decorativeImages")
        unnamedImages = number("unnamedImages")
        otherVisual = number("otherVisual")
        headings = number("headings")
        landmarks = number("landmarks")
        math = number("math")
        describedMath = number("describedMath")
        longDescriptions = number("longDescriptions")
        aria = number("aria")
        firstUnnamedImageLine = object["firstUnnamedImageLine"]?.integer
        firstUndescribedMathLine = object["firstUndescribedMathLine"]?.integer
        tableOfContentsLine = object["tableOfContentsLine"]?.integer
    }
}

/// schema.org accessibilityFeature, accessMode and accessModeSufficient as the content shows
/// them, with the evidence a contradicted declaration is explained by.
struct InferredMetadata: Sendable, Equatable {
    var features: [String] = []
    var modes: [String] = []
    /// Sets of access modes that are each enough to take in the whole content.
    var sufficient: [[String]] = []

    // Evidence.
    var pages: [(path: String, facts: PageFacts)] = []
    var media: [MediaVerdict] = []

    static func == (lhs: InferredMetadata, rhs: InferredMetadata) -> Bool {
        lhs.features == rhs.features && lhs.modes == rhs.modes && lhs.sufficient == rhs.sufficient
    }

    /// A page shorter than this is not expected to have headings.
    static let wordsNeedingHeadings = 50

    var videos: [MediaVerdict] { media.filter { $0.kind == .video } }
    var audios: [MediaVerdict] { media.filter { $0.kind == .audio } }
    func total(_ value: (PageFacts) -> Int) -> Int { pages.map { value($0.facts) }.reduce(0, +) }
    var pagesWithoutHeadings: [String] {
        pages.filter { $0.facts.words >= Self.wordsNeedingHeadings && $0.facts.headings == 0 }.map(\.path)
    }
    var unnamedImagePlaces: [String] {
        pages.filter { $0.facts.unnamedImages > 0 }.map { page in page.facts.firstUnnamedImageLine.map { "\(page.path):\($0)" } ?? page.path }
    }

    init(pages: [(path: String, facts: PageFacts)], media: [MediaVerdict]) {
        self.pages = pages
        self.media = media
        let named = total(\.namedImages), unnamed = total(\.unnamedImages), other = total(\.otherVisual)
        let math = total(\.math)
        var found: [String] = []
        if named > 0, unnamed == 0 { found.append("alternativeText") }
        if !videos.isEmpty, videos.allSatisfy(\.captions) { found.append("captions") }
        let transcribed = audios.isEmpty ? (!videos.isEmpty && videos.allSatisfy(\.transcript)) : audios.allSatisfy(\.transcript)
        if transcribed { found.append("transcript") }
        if total(\.headings) >= 2, pagesWithoutHeadings.isEmpty { found.append("structuralNavigation") }
        if pages.contains(where: { $0.facts.tableOfContentsLine != nil }) { found.append("tableOfContents") }
        if math > 0 { found.append("MathML") }
        if math > 0, total(\.describedMath) == math { found.append("describedMath") }
        if total(\.longDescriptions) > 0 { found.append("longDescription") }
        if total(\.aria) > 0 { found.append("ARIA") }
        features = found

        var modes: [String] = []
        if total(\.words) > 0 { modes.append("textual") }
        if named + unnamed + other > 0 || !videos.isEmpty { modes.append("visual") }
        if !media.isEmpty { modes.append("auditory") }
        self.modes = modes

        // Which senses are enough: text alone when every picture and sound has text; text
        // and sight without hearing when every sound has text (captions do for a video);
        // text and hearing without sight when every picture has text (a video needs a
        // transcript or described video).
        let picturesInText = unnamed == 0 && other == 0 && videos.allSatisfy { $0.transcript || $0.descriptions }
        let soundsInText = audios.allSatisfy(\.transcript) && videos.allSatisfy { $0.captions || $0.transcript }
        var sufficient: [[String]] = []
        if modes.contains("textual") {
            if picturesInText && soundsInText && videos.allSatisfy(\.transcript) { sufficient.append(["textual"]) }
            if modes.contains("visual"), soundsInText { sufficient.append(["textual", "visual"]) }
            if modes.contains("auditory"), picturesInText { sufficient.append(["textual", "auditory"]) }
        }
        if !modes.isEmpty { sufficient.append(modes) }
        var unique: [[String]] = []
        for set in sufficient where !unique.contains(set) { unique.append(set) }
        self.sufficient = unique
    }

    /// The three schema.org properties; one the content gives nothing for is left out.
    var tags: [String: TagValue] {
        let lists: [String: [String]] = [
            "accessibilityFeature": features, "accessMode": modes, "accessModeSufficient": sufficient.map { $0.joined(separator: ",") },
        ]
        return lists.filter { !$0.value.isEmpty }.mapValues { .list($0.map(TagValue.text)) }
    }
}

/// The manifest's `accessibility` against what the content shows.
struct MetadataComparison {
    let inferred: InferredMetadata
    let declared: Manifest.Accessibility?
    let manifestText: String?

    /// Declared features this check can hold against the content; the others (braille,
    /// signLanguage, highContrastDisplay, …) it cannot see.
    static let checkedFeatures: Set<String> = ["alternativeText", "captions", "closedCaptions", "transcript", "structuralNavigation",
                                               "tableOfContents", "MathML", "describedMath", "longDescription", "ARIA"]

    /// Declared modes that say the content is visual.
    static let visualModes: Set<String> = ["visual", "textOnVisual", "chartOnVisual", "chemOnVisual", "colorDependent", "diagramOnVisual",
                                           "mathOnVisual", "musicOnVisual"]

    /// Without an `accessibility` block nothing is declared: each feature found is
    /// undeclared, and there are no access modes to compare.
    func findings() -> (findings: [Finding], undeclared: [String]) {
        var findings: [Finding] = []
        let features = Set(declared?.features ?? [])
        let featuresLine = ManifestLines.nestedKey("features", in: "accessibility", text: manifestText)
        for feature in (declared?.features ?? []) where Self.checkedFeatures.contains(feature) {
            if let (message, wcag) = contradiction(feature) {
                findings.append(finding(MetadataRules.featureContradicted, line: featuresLine, wcag: wcag, message))
            } else if !inferred.features.contains(feature == "closedCaptions" ? "captions" : feature) {
                findings.append(finding(MetadataRules.featureNotFound, line: featuresLine, wcag: [], notFound(feature)))
            }
        }
        let undeclared = inferred.features.filter { feature in
            !(features.contains(feature) || (feature == "captions" && !features.isDisjoint(with: ["closedCaptions", "openCaptions"])))
        }
        for feature in undeclared {
            findings.append(finding(MetadataRules.featureUndeclared, line: featuresLine, wcag: [], LocalizedText(
                nb: "Innholdet har «\(feature)» (\(Self.explanation(feature).nb)), men accessibility.features nevner det ikke. Legg det til, så elever og lærere kan finne ressursen på det.",
                en: "The content has \"\(feature)\" (\(Self.explanation(feature).en)), but accessibility.features does not list it. Add it, so that pupils and teachers can find the resource by it.")))
        }
        if let modes = declared?.accessModes {
            let modesLine = ManifestLines.nestedKey("accessModes", in: "accessibility", text: manifestText)
            let base = Set(modes.map { Self.visualModes.contains($0) ? "visual" : $0 })
            for mode in ["textual", "visual", "auditory"] where base.contains(mode) && !inferred.modes.contains(mode) {
                findings.append(finding(MetadataRules.accessModeContradicted, line: modesLine, wcag: [], LocalizedText(
                    nb: "accessModes sier «\(mode)», men innholdet har \(Self.absence(mode).nb). Ta det bort fra accessModes.",
                    en: "accessModes says \"\(mode)\", but the content has \(Self.absence(mode).en). Remove it from accessModes.")))
            }
            for mode in inferred.modes where !base.contains(mode) {
                findings.append(finding(MetadataRules.accessModeUndeclared, line: modesLine, wcag: [], LocalizedText(
                    nb: "Innholdet er også «\(mode)» (\(Self.presence(mode).nb)), men accessModes sier det ikke. Legg det til, så elever som ikke kan bruke den sansen, vet det.",
                    en: "The content is also \"\(mode)\" (\(Self.presence(mode).en)), but accessModes does not say so. Add it, so that pupils who cannot use that sense know.")))
            }
        }
        return (findings, undeclared)
    }

    private func finding(_ rule: PluginRule, line: Int?, wcag: [String], _ message: LocalizedText) -> Finding {
        Finding(plugin: "", code: rule.id, severity: rule.severity,
                location: SourceLocation(path: ResourceValidator.manifestFileName, line: line), message: message, wcag: wcag)
    }

    /// What in the content contradicts a declared feature, with the WCAG criterion it fails.
    private func contradiction(_ feature: String) -> (LocalizedText, [String])? {
        switch feature {
        case "alternativeText":
            let count = inferred.total(\.unnamedImages)
            guard count > 0 else { return nil }
            return (LocalizedText(
                nb: "features sier «alternativeText», men \(count) bilde(r) mangler alternativ tekst (\(places(inferred.unnamedImagePlaces))). Skriv alt-tekst, eller ta bort alternativeText.",
                en: "features says \"alternativeText\", but \(count) image(s) have no text alternative (\(places(inferred.unnamedImagePlaces))). Write alt text, or remove alternativeText."), ["1.1.1"])
        case "captions", "closedCaptions":
            let missing = inferred.videos.filter { !$0.captions }
            guard !missing.isEmpty else { return nil }
            return (LocalizedText(
                nb: "features sier «\(feature)», men \(missing.count) video(er) har ikke teksting som virker (\(places(missing.map(\.place)))). Legg til teksting, eller ta bort \(feature).",
                en: "features says \"\(feature)\", but \(missing.count) video(s) have no working captions (\(places(missing.map(\.place)))). Add captions, or remove \(feature)."), ["1.2.2"])
        case "transcript":
            let missing = inferred.audios.filter { !$0.transcript }
            guard !missing.isEmpty else { return nil }
            return (LocalizedText(
                nb: "features sier «transcript», men \(missing.count) lydklipp har ingen transkripsjon (\(places(missing.map(\.place)))). Skriv transkripsjon og lenk til den fra avspilleren, eller ta bort transcript.",
                en: "features says \"transcript\", but \(missing.count) audio clip(s) have no transcript (\(places(missing.map(\.place)))). Write a transcript and link to it from the player, or remove transcript."), ["1.2.1"])
        case "structuralNavigation":
            let pages = inferred.pagesWithoutHeadings
            guard !pages.isEmpty else { return nil }
            return (LocalizedText(
                nb: "features sier «structuralNavigation», men \(places(pages)) har ingen overskrifter. Del teksten med overskrifter (# i Markdown, <h2> i HTML), eller ta bort structuralNavigation.",
                en: "features says \"structuralNavigation\", but \(places(pages)) has no headings. Divide the text with headings (# in Markdown, <h2> in HTML), or remove structuralNavigation."), ["1.3.1"])
        case "MathML":
            guard inferred.total(\.math) == 0 else { return nil }
            return (LocalizedText(
                nb: "features sier «MathML», men ingen side har MathML (<math>). Ta bort MathML, eller skriv formlene i MathML.",
                en: "features says \"MathML\", but no page has MathML (<math>). Remove MathML, or write the formulas in MathML."), [])
        case "describedMath":
            let math = inferred.total(\.math), described = inferred.total(\.describedMath)
            guard math > described else { return nil }
            let where_ = places(inferred.pages.compactMap { page in page.facts.firstUndescribedMathLine.map { "\(page.path):\($0)" } })
            return (LocalizedText(
                nb: "features sier «describedMath», men \(math - described) formel(er) i MathML har ingen beskrivelse (\(where_)). Gi <math> en alttext eller aria-label, eller ta bort describedMath.",
                en: "features says \"describedMath\", but \(math - described) MathML formula(s) have no description (\(where_)). Give <math> an alttext or aria-label, or remove describedMath."), ["1.1.1"])
        default:
            return nil
        }
    }

    private func places(_ list: [String]) -> String {
        list.prefix(3).joined(separator: ", ") + (list.count > 3 ? " …" : "")
    }

    private func notFound(_ feature: String) -> LocalizedText {
        LocalizedText(
            nb: "features sier «\(feature)» (\(Self.explanation(feature).nb)), men sjekken fant det ikke i innholdet. Stemmer det likevel, kan du se bort fra dette; ellers ta det bort.",
            en: "features says \"\(feature)\" (\(Self.explanation(feature).en)), but the check did not find it in the content. If it is there all the same, you can disregard this; otherwise remove it.")
    }

    static func explanation(_ feature: String) -> LocalizedText {
        switch feature {
        case "alternativeText": LocalizedText(nb: "alle bilder har alternativ tekst", en: "every image has a text alternative")
        case "captions", "closedCaptions": LocalizedText(nb: "alle videoer har teksting i WebVTT", en: "every video has WebVTT captions")
        case "transcript": LocalizedText(nb: "lyden har transkripsjon", en: "the audio has a transcript")
        case "structuralNavigation": LocalizedText(nb: "sidene er delt med overskrifter", en: "the pages are divided by headings")
        case "tableOfContents": LocalizedText(nb: "en innholdsfortegnelse med lenker til delene", en: "a table of contents linking to the parts")
        case "MathML": LocalizedText(nb: "formler i MathML", en: "formulas in MathML")
        case "describedMath": LocalizedText(nb: "formlene har tekstbeskrivelse", en: "the formulas have a text description")
        case "longDescription": LocalizedText(nb: "bilder med lang beskrivelse via aria-describedby", en: "images with a long description through aria-describedby")
        case "ARIA": LocalizedText(nb: "ARIA-roller eller -egenskaper", en: "ARIA roles or properties")
        default: LocalizedText(nb: feature, en: feature)
        }
    }

    static func absence(_ mode: String) -> LocalizedText {
        switch mode {
        case "textual": LocalizedText(nb: "ingen tekst", en: "no text")
        case "visual": LocalizedText(nb: "ingen bilder eller video", en: "no images or video")
        default: LocalizedText(nb: "ingen lyd eller video", en: "no audio or video")
        }
    }

    static func presence(_ mode: String) -> LocalizedText {
        switch mode {
        case "textual": LocalizedText(nb: "det har tekst", en: "it has text")
        case "visual": LocalizedText(nb: "det har bilder eller video", en: "it has images or video")
        default: LocalizedText(nb: "det har lyd eller video", en: "it has audio or video")
        }
    }
}

/// The whole-resource part of the plugin: media that need other files, and the metadata.
enum AccessibilityResourceCheck {
    static func check(_ resource: PluginResource, context: PluginContext) -> FileCheck {
        var media = MediaResourceCheck(snapshot: resource.snapshot, manifest: context.manifest, manifestText: resource.manifestText)
        media.run(fileTags: resource.fileTags)
        var check = FileCheck(findings: media.findings)
        let pages = resource.fileTags.keys.sorted().compactMap { path -> (path: String, facts: PageFacts)? in
            guard let tag = resource.fileTags[path]?[PageFacts.tagName], let facts = PageFacts(tag: tag) else { return nil }
            return (path, facts)
        }
        // Nothing to infer from: no page and no media file (a resource of PDFs, say).
        guard !pages.isEmpty || !media.verdicts.isEmpty else { return check }
        let inferred = InferredMetadata(pages: pages, media: media.verdicts)
        check.tags = inferred.tags
        // A folder without resource.yaml is a draft: nothing is declared yet.
        guard resource.manifestText != nil, context.manifest != nil else { return check }
        let comparison = MetadataComparison(inferred: inferred, declared: context.manifest?.accessibility, manifestText: resource.manifestText)
        let (findings, undeclared) = comparison.findings()
        check.findings += findings
        if !undeclared.isEmpty { check.tags["accessibilityFeature.undeclared"] = .list(undeclared.map(TagValue.text)) }
        return check
    }
}

/// The findings about the manifest's accessibility metadata, as rules with examples.
enum MetadataRules {
    static let all: [PluginRule] = [featureContradicted, featureNotFound, featureUndeclared, accessModeContradicted,
                                    accessModeUndeclared]

    /// A valid manifest around an `accessibility` block (YAML lines, or "" for none).
    static func manifest(_ accessibility: String) -> String {
        """
        manifest: 1
        id: 01J52X3CS7G1EY00EQTF7CK0GF
        title: { nb: Brøk med pizza }
        language: [nb]
        kind: teacher
        licence: CC-BY-SA-4.0

        """ + accessibility
    }

    static func page(_ body: String) -> String {
        "<html lang=\"nb\"><head><title>Brøk</title></head><body>\(body)</body></html>"
    }

    static func example(_ body: String, _ accessibility: String) -> RuleExample {
        RuleExample(path: "index.html", content: page(body), manifest: manifest(accessibility))
    }

    static let featureContradicted = PluginRule(
        id: "accessibility.feature-contradicted",
        title: LocalizedText(nb: "Innholdet motsier en oppgitt tilgjengelighetsfunksjon", en: "The content contradicts a declared accessibility feature"),
        description: LocalizedText(
            nb: "accessibility.features i resource.yaml lover noe innholdet ikke holder: alternativeText når et bilde mangler alt-tekst, captions når en video mangler teksting, transcript når lyd mangler transkripsjon, structuralNavigation når en side mangler overskrifter, MathML uten <math>. Elever som søker etter ressurser med funksjonen, får en de ikke kan bruke. Rett innholdet eller ta bort funksjonen.",
            en: "accessibility.features in resource.yaml promises something the content does not keep: alternativeText while an image has no alt text, captions while a video has none, transcript while audio has none, structuralNavigation while a page has no headings, MathML without <math>. Pupils searching for resources with the feature get one they cannot use. Correct the content or remove the feature."),
        publicRule: nil, severity: .error,
        triggering: [example("<h1>Brøk</h1><h2>Pizza</h2><img src=\"pizza.png\">", "accessibility: { features: [alternativeText, structuralNavigation] }\n"),
                     example("<p>Regn ut 3/4 av 12.</p>", "accessibility:\n  features: [MathML]\n")],
        nonTriggering: [example("<h1>Brøk</h1><h2>Pizza</h2><img src=\"pizza.png\" alt=\"En pizza delt i fire\">",
                                "accessibility: { features: [alternativeText, structuralNavigation] }\n")])

    static let featureNotFound = PluginRule(
        id: "accessibility.feature-not-found",
        title: LocalizedText(nb: "En oppgitt tilgjengelighetsfunksjon ble ikke funnet", en: "A declared accessibility feature was not found"),
        description: LocalizedText(
            nb: "accessibility.features nevner noe sjekken ikke finner i innholdet, for eksempel en innholdsfortegnelse (tableOfContents) eller teksting (captions) i en ressurs uten video. Stemmer oppgaven, kan du se bort fra advarselen; ellers ta funksjonen bort.",
            en: "accessibility.features lists something the check does not find in the content, for example a table of contents (tableOfContents), or captions in a resource without video. If the declaration is right, you can disregard the warning; otherwise remove the feature."),
        publicRule: nil, severity: .warning,
        triggering: [example("<p>Brøk med pizza.</p>", "accessibility: { features: [tableOfContents] }\n"),
                     example("<p>Brøk med pizza.</p>", "accessibility: { features: [captions] }\n")],
        nonTriggering: [example("<nav><ul><li><a href=\"#a\">Deler</a></li><li><a href=\"#b\">Brøk</a></li><li><a href=\"#c\">Oppgaver</a></li></ul></nav><h2 id=\"a\">Deler</h2><h2 id=\"b\">Brøk</h2><h2 id=\"c\">Oppgaver</h2>",
                                "accessibility: { features: [tableOfContents] }\n")])

    static let featureUndeclared = PluginRule(
        id: "accessibility.feature-undeclared",
        title: LocalizedText(nb: "Innholdet har en tilgjengelighetsfunksjon som ikke er oppgitt", en: "The content has an accessibility feature that is not declared"),
        description: LocalizedText(
            nb: "Sjekken fant en funksjon i innholdet (alternativ tekst, teksting, transkripsjon, overskrifter, innholdsfortegnelse, MathML …) som accessibility.features ikke nevner. Legg den til, så elever og lærere som trenger den, finner ressursen.",
            en: "The check found a feature in the content (text alternatives, captions, transcripts, headings, a table of contents, MathML …) that accessibility.features does not list. Add it, so that pupils and teachers who need it find the resource."),
        publicRule: nil, severity: .info,
        triggering: [example("<img src=\"pizza.png\" alt=\"En pizza delt i fire\">", "accessibility: { features: [none] }\n"),
                     example("<img src=\"pizza.png\" alt=\"En pizza delt i fire\">", "")],
        nonTriggering: [example("<img src=\"pizza.png\" alt=\"En pizza delt i fire\">", "accessibility: { features: [alternativeText] }\n")])

    static let accessModeContradicted = PluginRule(
        id: "accessibility.access-mode-contradicted",
        title: LocalizedText(nb: "En oppgitt tilgangsmåte finnes ikke i innholdet", en: "A declared access mode is not in the content"),
        description: LocalizedText(
            nb: "accessibility.accessModes sier hvilke sanser innholdet krever: textual (tekst), visual (bilder, video), auditory (lyd, video). Står det auditory uten at ressursen har lyd eller video, eller visual uten bilder eller video, stemmer det ikke. Ta den bort.",
            en: "accessibility.accessModes says which senses the content needs: textual (text), visual (images, video), auditory (audio, video). Saying auditory when the resource has no audio or video, or visual without images or video, is not true. Remove it."),
        publicRule: nil, severity: .error,
        triggering: [example("<p>Brøk med pizza.</p>", "accessibility: { accessModes: [textual, auditory] }\n")],
        nonTriggering: [example("<p>Brøk med pizza.</p>", "accessibility: { accessModes: [textual] }\n")])

    static let accessModeUndeclared = PluginRule(
        id: "accessibility.access-mode-undeclared",
        title: LocalizedText(nb: "Innholdet krever en sans accessModes ikke nevner", en: "The content needs a sense accessModes does not list"),
        description: LocalizedText(
            nb: "Ressursen har bilder eller video (visual) eller lyd (auditory), men accessibility.accessModes nevner det ikke. En elev som er blind eller døv, og som velger ressurser etter accessModes, blir da villedet. Legg tilgangsmåten til.",
            en: "The resource has images or video (visual) or audio (auditory), but accessibility.accessModes does not list it. A blind or deaf pupil choosing resources by accessModes is misled. Add the access mode."),
        publicRule: nil, severity: .warning,
        triggering: [example("<p>Brøk.</p><img src=\"pizza.png\" alt=\"En pizza delt i fire\">", "accessibility: { accessModes: [textual] }\n")],
        nonTriggering: [example("<p>Brøk.</p><img src=\"pizza.png\" alt=\"En pizza delt i fire\">", "accessibility: { accessModes: [textual, visual] }\n")])
}

extension HTMLTree {
    /// The first descendant of `index` in document order that `match` accepts, looking at
    /// no more than `limit` nodes.
    func firstDescendant(of index: Int, limit: Int, where match: (Int) -> Bool) -> Int? {
        var stack = self[index].children.reversed() as [Int]
        var visited = 0
        while let next = stack.popLast(), visited < limit {
            visited += 1
            if match(next) { return next }
            stack.append(contentsOf: self[next].children.reversed())
        }
        return nil
    }
}
