import AllmenningCore
import Foundation

/// What the media rules and the metadata inference need to know about a page's `video` and
/// `audio` elements: what they play, their tracks, and whether a transcript goes with them.
extension Page {
    public struct MediaElement: Sendable, Equatable {
        public enum Kind: String, Sendable { case video, audio }
        public var node: Int
        public var kind: Kind
        /// `src` of the element and of its `source` children, as written.
        public var sources: [String]
        public var tracks: [Track]
        /// Within the ACT rules' applicability: there is something to play, and it can be
        /// heard (a video that is rendered and not silenced for good; an audio element that
        /// plays by itself, or whose player is visible and exposed).
        public var isApplicable: Bool
        public var transcript: Transcript?

        /// Tracks a player offers as captions: `captions` or `subtitles` (the default kind)
        /// with a file.
        public var captionTracks: [Track] { tracks.filter { ["captions", "subtitles"].contains($0.kind) && !$0.src.isEmpty } }
    }

    public struct Track: Sendable, Equatable {
        public var node: Int
        /// captions, subtitles, descriptions, chapters or metadata, as HTML reads `kind`.
        public var kind: String
        public var src: String
        public var language: String?
    }

    /// Where the page offers a transcript of a media element.
    public enum Transcript: Sendable, Equatable {
        /// Text on the page that presents itself as the transcript, at this element.
        case onPage(node: Int)
        /// A link to the transcript.
        case link(node: Int, href: String)

        public var node: Int {
            switch self {
            case let .onPage(node), let .link(node, _): node
            }
        }
    }

    /// Every `video` and `audio` element, in document order (`mediaElements()` keeps them).
    func findMediaElements() -> [MediaElement] {
        let media = elements.filter { ["video", "audio"].contains(name(of: $0)) }
        guard !media.isEmpty else { return [] }
        let visibility = self.visibility
        let counts = mediaCounts()
        return media.map { node in
            let kind: MediaElement.Kind = name(of: node) == "video" ? .video : .audio
            let children = tree[node].children.filter { tree[$0].kind == .element }
            var sources: [String] = []
            if let src = attribute("src", of: node)?.trimmingCharacters(in: .whitespacesAndNewlines), !src.isEmpty { sources.append(src) }
            for child in children where name(of: child) == "source" {
                if let src = attribute("src", of: child)?.trimmingCharacters(in: .whitespacesAndNewlines), !src.isEmpty { sources.append(src) }
            }
            let tracks = children.filter { name(of: $0) == "track" }.map { track in
                Track(node: track, kind: Self.trackKind(attribute("kind", of: track)),
                      src: attribute("src", of: track)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "",
                      language: attribute("srclang", of: track))
            }
            let has = { (attribute: String) in tree[node].has(attribute) }
            let applicable: Bool
            if sources.isEmpty {
                applicable = false
            } else if kind == .video {
                applicable = !visibility.notRendered[node] && !(has("muted") && !has("controls"))
            } else {
                let playsByItself = has("autoplay") && !has("muted")
                applicable = playsByItself || (has("controls") && !visibility.hidden[node])
            }
            return MediaElement(node: node, kind: kind, sources: sources, tracks: tracks, isApplicable: applicable,
                                transcript: transcript(for: node, visibility: visibility, mediaCounts: counts))
        }
    }

    /// HTML's `kind` attribute: missing means subtitles, an unknown value metadata.
    static func trackKind(_ value: String?) -> String {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() else { return "subtitles" }
        return ["subtitles", "captions", "descriptions", "chapters", "metadata"].contains(value) ? value : "metadata"
    }

    /// How many media elements each node holds, itself included.
    private func mediaCounts() -> [Int] {
        var counts = tree.nodes.map { $0.kind == .element && ["video", "audio"].contains($0.name) ? 1 : 0 }
        // Children come after their parents in the array: walking backwards, a node's count is
        // complete before it is added to its parent's.
        for index in counts.indices.reversed() {
            if let parent = tree[index].parent { counts[parent] += counts[index] }
        }
        return counts
    }

    // MARK: Transcripts

    /// A transcript of the media element `media` on the page or linked from it: it must be
    /// rendered and exposed to assistive technology, and near the player — in its part of the
    /// page between the media elements before and after it. Recognised by what it says it
    /// is (a link "Transcript", a heading or summary "Transkripsjon", a paragraph that says
    /// "the audio contains the following speech"), or by the player's aria-describedby or
    /// aria-details pointing at text.
    func transcript(for media: Int, visibility: Visibility, mediaCounts: [Int]) -> Transcript? {
        for reference in ["aria-describedby", "aria-details"] {
            for id in (attribute(reference, of: media) ?? "").split(whereSeparator: \.isWhitespace) {
                if let target = tree.element(id: String(id)), !visibility.hidden[target],
                   TranscriptMarkers.words(in: tree.textContent(of: target)) >= TranscriptMarkers.minimumWords {
                    return .onPage(node: target)
                }
            }
        }
        let excluded = Set([media] + tree.descendants(of: media))
        // Nearest first, what follows the player before what precedes it at the same distance:
        // where several players share a section, each one's transcript link is the one next to it.
        let near = neighbourhood(of: media, mediaCounts: mediaCounts)
            .filter { tree[$0].kind == .element && !excluded.contains($0) && !visibility.hidden[$0] }
        for node in Self.nearestFirst(near, around: media, limit: Self.transcriptSearchLimit) {
            if name(of: node) == "a" {
                guard let href = attribute("href", of: node)?.trimmingCharacters(in: .whitespacesAndNewlines), !href.isEmpty, href != "#" else { continue }
                if TranscriptMarkers.marks(linkText(node)) || TranscriptMarkers.marks(Self.fileName(of: href)) {
                    return .link(node: node, href: href)
                }
            } else if let body = transcriptBody(labelledBy: node, excluding: excluded, visibility: visibility) {
                return .onPage(node: body)
            }
        }
        return nil
    }

    /// `nodes` (in document order) nearest `center` first, a node after it before one as far
    /// before it; at most `limit`.
    static func nearestFirst(_ nodes: [Int], around center: Int, limit: Int) -> [Int] {
        let split = nodes.firstIndex { $0 > center } ?? nodes.count
        var before = split - 1, after = split
        var result: [Int] = []
        while result.count < limit, before >= 0 || after < nodes.count {
            if after < nodes.count, before < 0 || nodes[after] - center <= center - nodes[before] {
                result.append(nodes[after])
                after += 1
            } else {
                result.append(nodes[before])
                before -= 1
            }
        }
        return result
    }

    /// The nodes near a media element, in document order: everything in the largest part of
    /// the page that holds no other media element. Where players share a parent, the
    /// siblings between two players are split between them by distance, a sibling halfway
    /// going to the player above it (a transcript link usually follows its player).
    private func neighbourhood(of media: Int, mediaCounts: [Int]) -> [Int] {
        var current = media
        while let parent = tree[current].parent, mediaCounts[parent] == mediaCounts[media] { current = parent }
        guard let shared = tree[current].parent else { return [current] + tree.descendants(of: current) }
        let siblings = tree[shared].children
        guard let position = siblings.firstIndex(of: current) else { return [] }
        let previous = siblings[..<position].lastIndex { mediaCounts[$0] > 0 }
        let next = siblings[(position + 1)...].firstIndex { mediaCounts[$0] > 0 }
        let lower = previous.map { ($0 + position) / 2 + 1 } ?? 0
        let upper = next.map { (position + $0) / 2 + 1 } ?? siblings.count
        return siblings[lower..<upper].flatMap { [$0] + tree.descendants(of: $0) }
    }

    /// The element that holds the transcript when `node` introduces one: a heading, summary,
    /// term or caption that names it labels what follows it; a block of text that names it
    /// and goes on is the transcript itself.
    private func transcriptBody(labelledBy node: Int, excluding: Set<Int>, visibility: Visibility) -> Int? {
        let element = name(of: node)
        let ownText = directText(of: node)
        guard TranscriptMarkers.marks(ownText) else { return nil }
        if Self.labelElements.contains(element) || role(of: node) == "heading" {
            let label = TranscriptMarkers.words(in: ownText)
            let following: [Int]
            switch element {
            case "summary": following = tree[node].parent.map { tree[$0].children.filter { $0 != node } } ?? []
            default: following = followingSiblings(of: node)
            }
            let visible = following.filter { !excluding.contains($0) && !visibility.hidden[$0] }
            let words = visible.map { TranscriptMarkers.words(in: tree.textContent(of: $0)) }.reduce(0, +)
            // A label over the text of a whole section counts when it says what it labels.
            return words >= TranscriptMarkers.minimumWords && label <= 8 ? (visible.first ?? node) : nil
        }
        return TranscriptMarkers.words(in: ownText) >= TranscriptMarkers.minimumWords + TranscriptMarkers.markerWords(in: ownText) ? node : nil
    }

    private static let labelElements: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6", "summary", "dt", "caption", "figcaption",
                                                     "legend", "label", "th"]

    /// The text directly inside `node` and its inline children, links left out (a link
    /// speaks for itself): a paragraph's own words, not those of a list or section nested in
    /// it. At most `directTextLimit` nodes and about `directTextCharacters` are read, so that
    /// deeply nested inline markup costs no more than a paragraph.
    private func directText(of node: Int) -> String {
        var parts: [String] = []
        var stack = tree[node].children.reversed() as [Int]
        var visited = 0
        var characters = 0
        while let next = stack.popLast(), visited < Self.directTextLimit, characters < Self.directTextCharacters {
            visited += 1
            let child = tree[next]
            if child.kind == .text {
                parts.append(child.text)
                characters += child.text.utf8.count
                continue
            }
            if child.name != "a", Self.inlineElements.contains(child.name) { stack.append(contentsOf: child.children.reversed()) }
        }
        return parts.joined()
    }

    private static let directTextLimit = 200
    /// A label or the opening of a transcript says what it is within its first sentences.
    private static let directTextCharacters = 2000
    /// A transcript is looked for among this many elements nearest the player: far more than
    /// a lesson page puts between a player and its transcript, and a bound for hostile pages.
    private static let transcriptSearchLimit = 500

    private static let inlineElements: Set<String> = ["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd",
                                                      "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
                                                      "br", "wbr"]

    /// The element siblings after `node` up to the next heading of the same or a higher
    /// level (for a heading) or the next sibling of the same kind (a term's definitions).
    private func followingSiblings(of node: Int) -> [Int] {
        guard let parent = tree[node].parent else { return [] }
        let siblings = tree[parent].children
        guard let position = siblings.firstIndex(of: node) else { return [] }
        let level = Self.headingLevel(name(of: node))
        var result: [Int] = []
        for sibling in siblings[(position + 1)...] {
            if tree[sibling].kind == .element {
                let siblingName = name(of: sibling)
                if let level, let other = Self.headingLevel(siblingName), other <= level { break }
                if level == nil, siblingName == name(of: node) { break }
            }
            result.append(sibling)
        }
        return result
    }

    private static func headingLevel(_ name: String) -> Int? {
        guard name.count == 2, name.first == "h", let level = Int(String(name.last!)), (1...6).contains(level) else { return nil }
        return level
    }

    /// What a link says: its text, its images' alt, its aria-label and title.
    private func linkText(_ node: Int) -> String {
        var parts = [tree.textContent(of: node)]
        parts += tree.descendants(of: node).filter { name(of: $0) == "img" }.compactMap { attribute("alt", of: $0) }
        parts += ["aria-label", "title"].compactMap { attribute($0, of: node) }
        return parts.joined(separator: " ")
    }

    /// The last part of a link's path, with separators as spaces: "moon-speech-transcript".
    static func fileName(of href: String) -> String {
        let path = href.split(whereSeparator: { $0 == "?" || $0 == "#" }).first.map(String.init) ?? ""
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        let decoded = last.removingPercentEncoding ?? last
        return (decoded as NSString).deletingPathExtension.map { $0.isLetter || $0.isNumber ? $0 : " " }.map(String.init).joined()
    }
}

/// Rendering and exposure of every node of a page, worked out top-down in one pass (a page
/// nested 100,000 levels deep must not cost a walk to the root per node); what
/// `Page.isNotRendered` and `Page.isHiddenFromAssistiveTechnology` answer.
struct Visibility {
    /// Not rendered: hidden, display:none, visibility:hidden, or inside head, template, …
    var notRendered: [Bool]
    /// Not rendered, or aria-hidden="true" on it or an ancestor.
    var hidden: [Bool]

    init(_ page: Page) {
        let nodes = page.tree.nodes
        notRendered = Array(repeating: false, count: nodes.count)
        hidden = Array(repeating: false, count: nodes.count)
        for index in nodes.indices {
            let node = nodes[index]
            var own = false, ownHidden = false
            if node.kind == .element {
                own = Page.hidesRendering(node)
                ownHidden = Page.setsAriaHidden(node)
            }
            let parent = node.parent
            notRendered[index] = own || parent.map { notRendered[$0] } ?? false
            hidden[index] = notRendered[index] || ownHidden || parent.map { hidden[$0] } ?? false
        }
    }
}

/// Words and phrases by which a text or a link says that it is a transcript, in the languages
/// of the resources (nb, nn, sv, da, en). Static checking cannot compare a transcript with the
/// sound; it can see whether the page presents one, the way a pupil would find it.
enum TranscriptMarkers {
    /// A transcript says more than its label: at least this many words besides it.
    static let minimumWords = 5

    /// Beginnings of words: "transcript" covers transcripts and transcription,
    /// "lydbeskriv" lydbeskrivelse and lydbeskrivelsen.
    static let stems = [
        "transcript", "transkrip", "transskrip", "avskrift", "lydbeskriv", "lydskildr", "ljudbeskriv",
        "tekstversjon", "tekstversion", "textversion", "tekstutgåv", "textutgåv",
    ]

    /// Phrases that introduce the spoken content itself.
    static let phrases = [
        "text version", "written version", "following speech", "the audio contains", "audio contains the",
        "recording contains", "what is said", "følgende tale", "følgjande tale", "följande tal",
        "lydfila inneheld", "lydfilen inneholder", "lydfila inneholder", "lydfilen indeholder", "ljudfilen innehåller",
        "det som blir sagt", "det som bliver sagt", "det som sägs",
    ]

    /// The text's words in lower case: runs of letters and digits, with the marks that
    /// combine with them (a decomposed "å" stays one word).
    static func tokens(_ text: String) -> [Substring] {
        let lower = text.lowercased()
        let scalars = lower.unicodeScalars
        var result: [Substring] = []
        var start: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if isWordPart(scalars[index], continuing: start != nil) {
                if start == nil { start = index }
            } else if let begun = start {
                result.append(lower[begun..<index])
                start = nil
            }
            scalars.formIndex(after: &index)
        }
        if let begun = start { result.append(lower[begun...]) }
        return result
    }

    /// How many words `tokens` finds, without making them.
    static func words(in text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let part = isWordPart(scalar, continuing: inWord)
            if part, !inWord { count += 1 }
            inWord = part
        }
        return count
    }

    /// A letter or digit (as `Character.isLetter` and `isNumber` read a character's first
    /// scalar), or a combining mark inside a word.
    private static func isWordPart(_ scalar: Unicode.Scalar, continuing: Bool) -> Bool {
        if scalar.isASCII {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
            default: return false
            }
        }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        guard continuing else { return false }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func marks(_ text: String) -> Bool { markerWords(in: text) > 0 }

    private static let stemBytes = stems.map { Array($0.utf8) }
    /// The phrases by their first word, for one lookup a word.
    private static let phrasesByFirstWord = Dictionary(grouping: phrases.map(tokens), by: { $0[0] })

    /// How many of the text's words belong to the markers it contains (0: none).
    static func markerWords(in text: String) -> Int {
        let words = tokens(text)
        var count = 0
        var phrasesFound: [[Substring]] = []
        for (position, word) in words.enumerated() {
            if stemBytes.contains(where: { word.utf8.starts(with: $0) }) { count += 1 }
            // A phrase counts once, where it first occurs.
            for phrase in phrasesByFirstWord[word] ?? [] where position + phrase.count <= words.count {
                if words[position..<(position + phrase.count)].elementsEqual(phrase), !phrasesFound.contains(phrase) {
                    phrasesFound.append(phrase)
                    count += phrase.count
                }
            }
        }
        return count
    }
}
