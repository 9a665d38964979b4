import AllmenningCore
import Foundation

/// A media element as a page's check records it (the per-file tag `media`), for the checks
/// that need the rest of the resource: the caption files its tracks name, the transcript its
/// link points to.
struct MediaRecord: Sendable, Equatable {
    var kind: Page.MediaElement.Kind
    var line: Int
    var sources: [String]
    var applicable: Bool
    var tracks: [TrackRecord]
    var transcript: TranscriptRecord?

    struct TrackRecord: Sendable, Equatable {
        var kind: String
        var src: String
        var line: Int
        var language: String?
    }

    struct TranscriptRecord: Sendable, Equatable {
        var line: Int
        /// The link's target, nil for a transcript on the page itself.
        var href: String?
    }

    var captionTracks: [TrackRecord] { tracks.filter { ["captions", "subtitles"].contains($0.kind) && !$0.src.isEmpty } }

    init(kind: Page.MediaElement.Kind, line: Int, sources: [String], applicable: Bool, tracks: [TrackRecord], transcript: TranscriptRecord?) {
        self.kind = kind
        self.line = line
        self.sources = sources
        self.applicable = applicable
        self.tracks = tracks
        self.transcript = transcript
    }

    init(_ media: Page.MediaElement, in page: Page) {
        let transcript: TranscriptRecord? = switch media.transcript {
        case let .onPage(node): TranscriptRecord(line: page.tree[node].line, href: nil)
        case let .link(node, href): TranscriptRecord(line: page.tree[node].line, href: href)
        case nil: nil
        }
        self.init(kind: media.kind, line: page.tree[media.node].line, sources: media.sources, applicable: media.isApplicable,
                  tracks: media.tracks.map { TrackRecord(kind: $0.kind, src: $0.src, line: page.tree[$0.node].line, language: $0.language) },
                  transcript: transcript)
    }

    static let tagName = "media"

    var tag: TagValue {
        var object: [String: TagValue] = [
            "kind": .text(kind.rawValue), "line": .number(Double(line)), "sources": .list(sources.map(TagValue.text)),
            "applicable": .text(applicable ? "yes" : "no"),
        ]
        if !tracks.isEmpty {
            object["tracks"] = .list(tracks.map { track in
                var object: [String: TagValue] = ["kind": .text(track.kind), "src": .text(track.src), "line": .number(Double(track.line))]
                if let language = track.language { object["language"] = .text(language) }
                return .object(object)
            })
        }
        if let transcript {
            var entry: [String: TagValue] = ["line": .number(Double(transcript.line)), "where": .text(transcript.href == nil ? "page" : "link")]
            if let href = transcript.href { entry["href"] = .text(href) }
            object["transcript"] = .object(entry)
        }
        return .object(object)
    }

    init?(tag: TagValue) {
        guard case let .object(object) = tag, case let .text(kindText)? = object["kind"],
              let kind = Page.MediaElement.Kind(rawValue: kindText) else { return nil }
        self.kind = kind
        line = object["line"]?.integer ?? 1
        sources = object["sources"]?.texts ?? []
        applicable = object["applicable"] == .text("yes")
        tracks = (object["tracks"]?.items ?? []).compactMap { item in
            guard case let .object(track) = item, case let .text(kind)? = track["kind"], case let .text(src)? = track["src"] else { return nil }
            var language: String?
            if case let .text(text)? = track["language"] { language = text }
            return TrackRecord(kind: kind, src: src, line: track["line"]?.integer ?? 1, language: language)
        }
        if case let .object(transcript)? = object["transcript"] {
            var href: String?
            if case let .text(text)? = transcript["href"] { href = text }
            self.transcript = TranscriptRecord(line: transcript["line"]?.integer ?? 1, href: href)
        } else {
            transcript = nil
        }
    }

    /// The media records of every page, by page path, in path order.
    static func all(in fileTags: [String: [String: TagValue]]) -> [(path: String, media: [MediaRecord])] {
        fileTags.keys.sorted().compactMap { path in
            guard let list = fileTags[path]?[tagName]?.items else { return nil }
            return (path, list.compactMap(MediaRecord.init(tag:)))
        }
    }
}

extension TagValue {
    var integer: Int? {
        if case let .number(number) = self { return Int(number) }
        return nil
    }

    var items: [TagValue]? {
        if case let .list(list) = self { return list }
        return nil
    }

    var texts: [String]? {
        items?.compactMap { if case let .text(text) = $0 { text } else { nil } }
    }
}

/// Where a link or `src` in a page points, seen from the resource.
enum ResourcePath: Equatable {
    /// Another site, the site's root (`/test-assets/…`) or a `data:` URL: not in the
    /// resource, so not checked.
    case external
    /// A path inside the resource, relative to its root.
    case inside(String)
    /// A relative path that climbs out of the resource (`../x.vtt`): it will not be there
    /// when the resource is published.
    case outside

    static func resolve(_ reference: String, from page: String) -> ResourcePath {
        let reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if reference.hasPrefix("/") || reference.hasPrefix("\\") { return .external }
        if let colon = reference.firstIndex(of: ":"),
           reference[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
           reference.first?.isLetter == true {
            return .external
        }
        let path = reference.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: { $0 == "?" || $0 == "#" }).first.map(String.init) ?? ""
        guard !path.isEmpty else { return .inside(page) }
        let decoded = path.removingPercentEncoding ?? path
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return .outside }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.isEmpty ? .outside : .inside(parts.joined(separator: "/"))
    }
}

/// The checks of time-based media that need the whole resource: that the caption files
/// tracks and the manifest name are in the resource and are WebVTT, that a linked transcript
/// is there, and that media files no page plays have their captions or transcript named in
/// the manifest. What it learns about each media element feeds the metadata inference.
struct MediaResourceCheck {
    let snapshot: any ResourceSnapshot
    let manifest: Manifest?
    let manifestText: String?
    let paths: Set<String>
    private var parsed: [String: Result<WebVTT, CaptionFileProblem>] = [:]
    private(set) var findings: [Finding] = []
    /// Every media element and media file, with what it offers.
    private(set) var verdicts: [MediaVerdict] = []

    static let videoExtensions: Set<String> = ["mp4", "m4v", "webm", "ogv", "mov", "mkv", "avi", "mpg", "mpeg"]
    static let audioExtensions: Set<String> = ["mp3", "m4a", "aac", "oga", "ogg", "opus", "wav", "flac", "weba"]
    /// A caption file larger than this is not read whole; an hour of captions is about 100 kB.
    static let maximumCaptionBytes = 8 << 20

    init(snapshot: any ResourceSnapshot, manifest: Manifest?, manifestText: String?) {
        self.snapshot = snapshot
        self.manifest = manifest
        self.manifestText = manifestText
        paths = Set(snapshot.files.map(\.path))
    }

    enum CaptionFileProblem: Error, Equatable {
        case missing(String)
        case outside
        case unreadable
        case notWebVTT(WebVTT.ParseError)
        case noCues
    }

    mutating func run(fileTags: [String: [String: TagValue]]) {
        var played: Set<String> = []
        for (page, media) in MediaRecord.all(in: fileTags) {
            for record in media {
                let sources = record.sources.compactMap { source -> String? in
                    if case let .inside(path) = ResourcePath.resolve(source, from: page) { return path }
                    return nil
                }
                played.formUnion(sources)
                guard record.applicable else { continue }
                switch record.kind {
                case .video: checkVideo(record, page: page, sources: sources)
                case .audio: checkAudio(record, page: page, sources: sources)
                }
            }
        }
        checkManifestCaptions()
        checkMediaFiles(notPlayedBy: played)
    }

    // MARK: Videos

    private mutating func checkVideo(_ video: MediaRecord, page: String, sources: [String]) {
        var working = 0
        var broken: [(MediaRecord.TrackRecord, CaptionFileProblem)] = []
        for track in video.captionTracks {
            switch ResourcePath.resolve(track.src, from: page) {
            case .external: working += 1
            case .outside: broken.append((track, .outside))
            case let .inside(path):
                switch captionFile(path) {
                case .success: working += 1
                case let .failure(problem): broken.append((track, problem))
                }
            }
        }
        let transcript = video.transcript != nil || manifestTranscript(for: sources) != nil
        verdicts.append(MediaVerdict(kind: .video, path: page, line: video.line, captions: working > 0, transcript: transcript,
                                     descriptions: video.tracks.contains { $0.kind == "descriptions" && !$0.src.isEmpty }))
        if working == 0, let (track, problem) = broken.first {
            // No caption the player can show: the video fails the ACT rule after all.
            let rule = MediaRules.videoCaptions
            var message = Self.noWorkingCaptions(track.src, problem)
            let files = manifest?.files ?? [:]
            if let named = sources.compactMap({ files[$0]?.captions }).first(where: paths.contains), (try? captionFile(named).get()) != nil {
                message.nb += " resource.yaml oppgir «\(named)» som teksting for videoen: la <track> peke på den."
                message.en += " resource.yaml names \"\(named)\" as the video's captions: point the <track> at it."
            }
            findings.append(Finding(plugin: "", code: rule.code, rule: rule.act, severity: rule.severity,
                                    location: SourceLocation(path: page, line: video.line), message: message, wcag: rule.wcag))
            broken.removeFirst()
        }
        for (track, problem) in broken {
            findings.append(Finding(plugin: "", code: CaptionFileRules.captionFile.id, severity: .error,
                                    location: SourceLocation(path: page, line: track.line),
                                    message: Self.brokenTrack(track.src, problem), wcag: ["1.2.2"]))
        }
    }

    // MARK: Audio

    private mutating func checkAudio(_ audio: MediaRecord, page: String, sources: [String]) {
        var transcript = audio.transcript != nil
        if let href = audio.transcript?.href, case let .inside(path) = ResourcePath.resolve(href, from: page), !paths.contains(path) {
            transcript = false
            let rule = MediaRules.audioTranscript
            findings.append(Finding(plugin: "", code: rule.code, rule: rule.act, severity: rule.severity,
                                    location: SourceLocation(path: page, line: audio.transcript?.line ?? audio.line),
                                    message: LocalizedText(
                                        nb: "Lenken til transkripsjonen peker på «\(path)», som ikke finnes i ressursen. Legg til filen eller rett lenken.",
                                        en: "The link to the transcript points to \"\(path)\", which is not in the resource. Add the file or correct the link."),
                                    wcag: rule.wcag))
        }
        transcript = transcript || manifestTranscript(for: sources) != nil
        verdicts.append(MediaVerdict(kind: .audio, path: page, line: audio.line, captions: false, transcript: transcript, descriptions: false))
    }

    /// The transcript the manifest names for one of the media's files, when it is there.
    private func manifestTranscript(for sources: [String]) -> String? {
        sources.lazy.compactMap { self.manifest?.files?[$0]?.transcript }.first { self.paths.contains($0) }
    }

    // MARK: The manifest's caption files

    private mutating func checkManifestCaptions() {
        guard let files = manifest?.files else { return }
        for (media, metadata) in files.sorted(by: { $0.key < $1.key }) {
            // A missing file is the manifest check's finding (resource.missing-file).
            guard let captions = metadata.captions, paths.contains(captions) else { continue }
            if case let .failure(problem) = captionFile(captions) {
                findings.append(Finding(plugin: "", code: CaptionFileRules.captionFile.id, severity: .error,
                                        location: SourceLocation(path: ResourceValidator.manifestFileName, line: ManifestLines.fileEntry(media, in: manifestText)),
                                        message: Self.brokenManifestCaptions(captions, problem), wcag: ["1.2.2"]))
            }
        }
    }

    // MARK: Media files no page plays

    private mutating func checkMediaFiles(notPlayedBy played: Set<String>) {
        for path in paths.sorted() where !played.contains(path) {
            let fileExtension = (path as NSString).pathExtension.lowercased()
            let isVideo = Self.videoExtensions.contains(fileExtension)
            guard isVideo || Self.audioExtensions.contains(fileExtension) else { continue }
            let metadata = manifest?.files?[path]
            let captions = metadata?.captions.map { paths.contains($0) && (try? captionFile($0).get()) != nil } ?? false
            let transcript = metadata?.transcript.map { paths.contains($0) } ?? false
            verdicts.append(MediaVerdict(kind: isVideo ? .video : .audio, path: path, line: nil, captions: captions, transcript: transcript,
                                         descriptions: false))
            guard isVideo ? !(captions || transcript) : !transcript else { continue }
            findings.append(Finding(plugin: "", code: CaptionFileRules.mediaFile.id, severity: .warning, location: SourceLocation(path: path),
                                    message: isVideo ? LocalizedText(
                                        nb: "Ingen side spiller av videoen, og resource.yaml oppgir ingen teksting for den. Vis den i en side med <track kind=\"captions\">, eller skriv under files: «\(path): { captions: … .vtt }».",
                                        en: "No page plays this video, and resource.yaml names no captions for it. Show it in a page with <track kind=\"captions\">, or write under files: \"\(path): { captions: … .vtt }\".")
                                    : LocalizedText(
                                        nb: "Ingen side spiller av lyden, og resource.yaml oppgir ingen transkripsjon for den. Skriv under files: «\(path): { transcript: … .md }».",
                                        en: "No page plays this audio, and resource.yaml names no transcript for it. Write under files: \"\(path): { transcript: … .md }\"."),
                                    wcag: isVideo ? ["1.2.2"] : ["1.2.1"]))
        }
    }

    // MARK: Caption files

    /// A caption file parsed once however many tracks name it; its cue problems are reported
    /// the first time.
    private mutating func captionFile(_ path: String) -> Result<WebVTT, CaptionFileProblem> {
        if let known = parsed[path] { return known }
        let result: Result<WebVTT, CaptionFileProblem>
        if !paths.contains(path) {
            result = .failure(.missing(path))
        } else if let data = try? snapshot.data(at: path, upTo: Self.maximumCaptionBytes) {
            switch WebVTT.parse(data) {
            case let .success(file):
                findings += file.problems.map { problem in
                    Finding(plugin: "", code: CaptionFileRules.captionCue.id, severity: .warning, location: SourceLocation(path: path, line: problem.line),
                            message: Self.message(problem.kind), wcag: ["1.2.2"])
                }
                result = file.cues.isEmpty ? .failure(.noCues) : .success(file)
            case let .failure(error):
                result = .failure(.notWebVTT(error))
            }
        } else {
            result = .failure(.unreadable)
        }
        parsed[path] = result
        return result
    }

    // MARK: Messages

    static func reason(_ problem: CaptionFileProblem) -> LocalizedText {
        switch problem {
        case let .missing(path):
            LocalizedText(nb: "«\(path)» finnes ikke i ressursen", en: "\"\(path)\" is not in the resource")
        case .outside:
            LocalizedText(nb: "filen ligger utenfor ressursen og blir ikke med når den publiseres",
                          en: "the file is outside the resource and is not published with it")
        case .unreadable:
            LocalizedText(nb: "filen kunne ikke leses", en: "the file could not be read")
        case let .notWebVTT(error):
            switch error.reason {
            case .empty: LocalizedText(nb: "filen er tom", en: "the file is empty")
            case .missingSignature:
                LocalizedText(nb: "filen er ikke WebVTT: linje \(error.line) må begynne med «WEBVTT»",
                              en: "the file is not WebVTT: line \(error.line) must start with \"WEBVTT\"")
            }
        case .noCues:
            LocalizedText(nb: "filen har ingen tekstblokker med tider (00:00.000 --> 00:04.000)",
                          en: "the file has no cues with times (00:00.000 --> 00:04.000)")
        }
    }

    static func noWorkingCaptions(_ src: String, _ problem: CaptionFileProblem) -> LocalizedText {
        let reason = reason(problem)
        return LocalizedText(
            nb: "Videoen har ingen teksting som kan vises: sporet «\(src)» virker ikke (\(reason.nb)). Rett filen, så den er WebVTT og ligger i ressursen.",
            en: "The video has no captions that can be shown: the track \"\(src)\" does not work (\(reason.en)). Correct the file so that it is WebVTT and in the resource.")
    }

    static func brokenTrack(_ src: String, _ problem: CaptionFileProblem) -> LocalizedText {
        let reason = reason(problem)
        return LocalizedText(
            nb: "Tekstingssporet «\(src)» virker ikke (\(reason.nb)). Rett filen, eller ta bort <track>.",
            en: "The caption track \"\(src)\" does not work (\(reason.en)). Correct the file, or remove the <track>.")
    }

    static func brokenManifestCaptions(_ path: String, _ problem: CaptionFileProblem) -> LocalizedText {
        let reason = reason(problem)
        return LocalizedText(
            nb: "Tekstingen resource.yaml oppgir, «\(path)», kan ikke brukes (\(reason.nb)).",
            en: "The captions resource.yaml names, \"\(path)\", cannot be used (\(reason.en)).")
    }

    static func timingMessage(_ failure: WebVTT.TimingFailure) -> LocalizedText {
        let part = switch failure {
        case .start: LocalizedText(nb: "starttiden er ikke en WebVTT-tid", en: "the start time is not a WebVTT time")
        case .arrow: LocalizedText(nb: "«-->» må komme etter starttiden", en: "\"-->\" must follow the start time")
        case .end: LocalizedText(nb: "slutt-tiden er ikke en WebVTT-tid", en: "the end time is not a WebVTT time")
        }
        return LocalizedText(nb: "Tidslinja kan ikke leses (\(part.nb)), så avspilleren hopper over hele tekstblokken. Skriv tidene som 00:01.000 --> 00:04.000 (eller 01:00:01.000), med punktum foran millisekundene.",
                             en: "The timing line cannot be read (\(part.en)), so players skip the whole cue. Write the times as 00:01.000 --> 00:04.000 (or 01:00:01.000), with a full stop before the milliseconds.")
    }

    static func message(_ kind: WebVTT.Problem.Kind) -> LocalizedText {
        switch kind {
        case let .invalidTimings(failure):
            timingMessage(failure)
        case .endNotAfterStart:
            LocalizedText(nb: "Tekstblokken slutter før eller når den begynner, så den vises aldri. Rett slutt-tiden.",
                          en: "The cue ends before or when it starts, so it is never shown. Correct the end time.")
        case .startBeforePrevious:
            LocalizedText(nb: "Tekstblokken begynner før blokken over den. Sett blokkene i tidsrekkefølge.",
                          en: "The cue starts before the cue above it. Put the cues in time order.")
        case let .invalidSetting(setting):
            LocalizedText(nb: "Innstillingen «\(setting)» er ikke gyldig WebVTT og blir oversett (gyldige: line, position, size, align, vertical, region).",
                          en: "The setting \"\(setting)\" is not valid WebVTT and is ignored (valid: line, position, size, align, vertical, region).")
        case .unexpectedArrow:
            LocalizedText(nb: "«-->» midt i en blokk: avspilleren begynner en ny tekstblokk her. Sett en tom linje foran tidslinja, eller fjern «-->» fra teksten.",
                          en: "\"-->\" inside a block: players start a new cue here. Put a blank line before the timing line, or remove \"-->\" from the text.")
        case .missingBlankLine:
            LocalizedText(nb: "Det mangler en tom linje mellom WEBVTT-linja og første tekstblokk.",
                          en: "A blank line is missing between the WEBVTT line and the first cue.")
        }
    }
}

/// What one media element or media file offers, for the metadata inference.
struct MediaVerdict: Sendable, Equatable {
    var kind: Page.MediaElement.Kind
    /// The page that plays it, or the media file itself.
    var path: String
    /// Its line in the page; nil for a media file.
    var line: Int?
    var captions: Bool
    var transcript: Bool
    /// A `descriptions` track: text descriptions of what is seen.
    var descriptions: Bool

    var place: String { line.map { "\(path):\($0)" } ?? path }
}

/// Where things are in a manifest's text, for findings about the manifest: found by reading
/// the lines, since only top-level fields have a line in the parsed manifest.
enum ManifestLines {
    /// The line of `key:` inside the top-level field `field` (block or flow style), else the
    /// field's own line.
    static func nestedKey(_ key: String, in field: String, text: String?) -> Int? {
        guard let text, let fieldLine = ManifestSource.fieldLine(field, in: text) else { return nil }
        let lines = text.components(separatedBy: "\n")
        var index = fieldLine - 1
        if lines.indices.contains(index), lines[index].contains("\(key):") { return fieldLine }
        index += 1
        while lines.indices.contains(index) {
            let line = lines[index]
            if let first = line.first, !first.isWhitespace, first != "#" { break }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("\(key):") { return index + 1 }
            index += 1
        }
        return fieldLine
    }

    /// The line of a path's entry under `files:`.
    static func fileEntry(_ path: String, in text: String?) -> Int? {
        guard let text, let filesLine = ManifestSource.fieldLine("files", in: text) else { return nil }
        let lines = text.components(separatedBy: "\n")
        for index in (filesLine - 1)..<lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("\(path):") || line.hasPrefix("\"\(path)\":") || line.hasPrefix("'\(path)':") { return index + 1 }
        }
        return filesLine
    }
}
