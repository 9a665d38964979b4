@testable import Accessibility
import AllmenningCore
import Foundation
import Testing

/// Runs the plugin over a small resource (files and an optional manifest) the way the host
/// does, per file and then as a whole.
func check(_ files: [String: String], manifest: String? = nil) -> (findings: [Finding], tags: [String: [String: TagValue]]) {
    let example = RuleExample(files: files.mapValues { Data($0.utf8) }, manifest: manifest)
    var contents = example.files
    if let manifest { contents["resource.yaml"] = Data(manifest.utf8) }
    let parsed = manifest.flatMap { ManifestValidator().validate(data: Data($0.utf8), path: "resource.yaml").manifest }
    let report = PluginHost(plugins: [AccessibilityPlugin()], cache: nil)
        .run(PluginResource(snapshot: InMemorySnapshot(contents: contents), manifestText: manifest), context: PluginContext(manifest: parsed))[0]
    return (report.findings, report.tags)
}

func page(_ body: String) -> String {
    "<!DOCTYPE html>\n<html lang=\"nb\">\n<head><title>Brøk</title></head>\n<body>\n\(body)\n</body>\n</html>\n"
}

let captions = "WEBVTT\n\n00:00.000 --> 00:04.000\nPlanter lager sin egen mat.\n"

extension Array where Element == Finding {
    /// "code path:line" for each finding of the media and metadata checks.
    func places(_ codes: Set<String>? = nil) -> [String] {
        filter { codes?.contains($0.code) ?? ($0.code != "accessibility.page-title" && $0.code != "accessibility.page-language") }
            .map { "\($0.code) \($0.location.path):\($0.location.line.map(String.init) ?? "-")" }.sorted()
    }
}

@Suite("Media on a page: which players are judged, and what counts as captions and transcripts")
struct MediaPageTests {
    func media(_ body: String) -> [Page.MediaElement] {
        let tree = HTMLTree.html(Data(page(body).utf8))
        return Page(path: "index.html", tree: tree).mediaElements()
    }

    @Test("a track without kind is subtitles; chapters, descriptions and unknown kinds are not captions; a track needs a src")
    func trackKinds() {
        let video = media("<video src=\"a.mp4\" controls><track src=\"a.vtt\"><track kind=\"Captions\" src=\"b.vtt\"><track kind=\"chapters\" src=\"c.vtt\"><track kind=\"karaoke\" src=\"d.vtt\"><track kind=\"captions\"></video>")[0]
        #expect(video.tracks.map(\.kind) == ["subtitles", "captions", "chapters", "metadata", "captions"])
        #expect(video.captionTracks.map(\.src) == ["a.vtt", "b.vtt"])
    }

    @Test("applicability: something to play, rendered, and audible", arguments: [
        ("<video controls></video>", false), ("<video controls><source src=\"a.webm\"></video>", true),
        ("<video src=\"a.mp4\" hidden controls></video>", false), ("<div style=\"display:none\"><video src=\"a.mp4\"></video></div>", false),
        ("<video src=\"a.mp4\" autoplay muted loop></video>", false), ("<video src=\"a.mp4\" muted controls></video>", true),
        ("<video src=\"a.mp4\" aria-hidden=\"true\" controls></video>", true),
        ("<audio src=\"a.mp3\"></audio>", false), ("<audio src=\"a.mp3\" controls></audio>", true),
        ("<audio src=\"a.mp3\" controls aria-hidden=\"true\"></audio>", false), ("<audio src=\"a.mp3\" autoplay hidden></audio>", true),
        ("<audio src=\"a.mp3\" autoplay muted></audio>", false),
    ])
    func applicability(_ body: String, _ applicable: Bool) {
        #expect(media(body).first?.isApplicable == applicable)
    }

    @Test("transcripts a page presents", arguments: [
        "<audio src=\"a.mp3\" controls></audio><p><a href=\"a-transcript.html\">Read along</a></p>",
        "<audio src=\"a.mp3\" controls></audio><p><a href=\"tekst.html\"><img src=\"t.png\" alt=\"Transkripsjon\"></a></p>",
        "<h2>Transkripsjon</h2><p>Hei, jeg heter Kari, og i dag skal vi snakke om brøk.</p><audio src=\"a.mp3\" controls></audio>",
        "<audio src=\"a.mp3\" controls aria-describedby=\"t\"></audio><p id=\"t\">Hei, jeg heter Kari, og i dag skal vi snakke om brøk.</p>",
        "<figure><audio src=\"a.mp3\" controls></audio><figcaption>Intervju. <a href=\"#t\">Til teksten</a></figcaption></figure><dl><dt>Tekstversjon</dt><dd>Hei, jeg heter Kari, og i dag skal vi snakke om brøk.</dd></dl>",
        "<audio src=\"a.mp3\" controls></audio><p>Lydfilen inneholder følgende tale: Hei, jeg heter Kari, og i dag skal vi snakke om brøk.</p>",
    ])
    func transcriptFound(_ body: String) {
        #expect(media(body).first?.transcript != nil)
    }

    @Test("what is not a transcript", arguments: [
        "<audio src=\"a.mp3\" controls></audio><p>Hør på intervjuet og svar på spørsmålene under.</p>",
        "<audio src=\"a.mp3\" controls></audio><p><a href=\"a.mp3\">Last ned lyden</a></p>",
        "<audio src=\"a.mp3\" controls></audio><p style=\"display:none\"><a href=\"t.html\">Transkripsjon</a></p>",
        "<audio src=\"a.mp3\" controls></audio><h2>Transkripsjon</h2>",
        "<audio src=\"a.mp3\" controls>Nettleseren kan ikke spille lyden. <a href=\"t.html\">Les transkripsjonen</a></audio>",
        "<audio src=\"a.mp3\" controls></audio><p>Transkripsjon kommer.</p>",
    ])
    func noTranscript(_ body: String) {
        #expect(media(body).first?.transcript == nil)
    }

    @Test("several players in one section: each gets the transcript link next to it, and one without gets none")
    func transcriptPerPlayer() {
        let players = media("""
        <p>Først hører du pulsen.</p>
        <audio src="1.mp3" controls></audio>
        <p>Eksempel 1. <a href="1.mp3">Last ned</a> · <a href="beskrivelse-1.md">Les lydbeskrivelsen</a></p>
        <p>Så kommer rytmen over pulsen, med klapping i fire takter.</p>
        <audio src="2.mp3" controls></audio>
        <p>Eksempel 2. <a href="beskrivelse-2.md">Les lydbeskrivelsen</a></p>
        <audio src="3.mp3" controls></audio>
        <p>Eksempel 3 har ingen beskrivelse ennå.</p>
        """)
        let hrefs = players.map { player -> String? in
            if case let .link(_, href)? = player.transcript { return href }
            return nil
        }
        #expect(hrefs == ["beskrivelse-1.md", "beskrivelse-2.md", nil])
    }

    @Test("a link's file name can say it is the transcript")
    func fileNames() {
        #expect(Page.fileName(of: "/test-assets/moon-audio/moon-speech-transcript.html?x=1#top") == "moon speech transcript")
        #expect(Page.fileName(of: "lydbeskrivelse%201.md") == "lydbeskrivelse 1")
    }
}

@Suite("Media across the resource: caption files, transcript files, media files")
struct MediaResourceTests {
    let video = "<video src=\"media/film.mp4\" controls>\n<track kind=\"captions\" srclang=\"nb\" src=\"media/film.nb.vtt\">\n<track kind=\"subtitles\" srclang=\"en\" src=\"media/film.en.vtt\">\n</video>"

    @Test("tracks whose files are there and are WebVTT: no findings; the media and tracks are recorded per page")
    func workingTracks() {
        let result = check(["index.html": page(video), "media/film.nb.vtt": captions, "media/film.en.vtt": captions])
        #expect(result.findings.places() == [])
        guard case let .list(media)? = result.tags["index.html"]?["media"], let record = media.first.flatMap(MediaRecord.init(tag:)) else {
            Issue.record("no media tag")
            return
        }
        #expect(record.kind == .video && record.line == 5 && record.sources == ["media/film.mp4"] && record.applicable)
        #expect(record.tracks.map { "\($0.kind) \($0.src) \($0.line) \($0.language ?? "")" }
                == ["captions media/film.nb.vtt 6 nb", "subtitles media/film.en.vtt 7 en"])
        #expect(result.tags[""]?["accessibilityFeature"] == .list([.text("captions")]))
    }

    @Test("every caption track broken: the video fails the ACT rule at its line, saying why; the other broken track is its own finding")
    func allTracksBroken() {
        let result = check(["index.html": page(video), "media/film.nb.vtt": "1\n00:00:00,000 --> 00:00:04,000\nHei\n"])
        #expect(result.findings.places() == ["accessibility.caption-file index.html:7", "accessibility.video-captions index.html:5"])
        let finding = result.findings.first { $0.code == "accessibility.video-captions" }
        #expect(finding?.rule == "f51b46" && finding?.severity == .error)
        #expect(finding?.message.en.contains("line 1 must start with \"WEBVTT\"") == true)
        #expect(result.findings.first { $0.code == "accessibility.caption-file" }?.message.en.contains("\"media/film.en.vtt\" is not in the resource") == true)
    }

    @Test("one working track is enough for the ACT rule; the broken one is still an error")
    func oneBrokenTrack() {
        let result = check(["index.html": page(video), "media/film.nb.vtt": captions, "media/film.en.vtt": "WEBVTT\n"])
        #expect(result.findings.places() == ["accessibility.caption-file index.html:7"])
        #expect(result.findings.first?.message.en.contains("no cues") == true)
    }

    @Test("a caption file outside the resource does not count; one on another site or the site's root is not checked")
    func trackLocations() {
        let outside = check(["lesson/index.html": page("<video src=\"film.mp4\" controls><track kind=\"captions\" src=\"../../film.vtt\"></video>")])
        #expect(outside.findings.places() == ["accessibility.video-captions lesson/index.html:5"])
        let parent = check(["lesson/index.html": page("<video src=\"film.mp4\" controls><track kind=\"captions\" src=\"../film.vtt\"></video>"),
                            "film.vtt": captions])
        #expect(parent.findings.places() == [])
        for src in ["https://example.org/film.vtt", "/test-assets/film.vtt", "data:text/vtt,WEBVTT"] {
            #expect(check(["index.html": page("<video src=\"film.mp4\" controls><track kind=\"captions\" src=\"\(src)\"></video>")]).findings.places() == [])
        }
    }

    @Test("cues players skip are warnings on the caption file's lines, once however many tracks name it")
    func cueProblems() {
        let file = "WEBVTT\n\n00:00.000 --> 00:04.000\nEn\n\n00:04,000 --> 00:08.000\nTo\n\n00:09.000 --> 00:08.000\nTre\n"
        let twoPages = check(["a.html": page("<video src=\"f.mp4\" controls><track src=\"f.vtt\"></video>"),
                              "b.html": page("<video src=\"f.mp4\" controls><track src=\"f.vtt\"></video>"), "f.vtt": file])
        #expect(twoPages.findings.places() == ["accessibility.caption-cue f.vtt:6", "accessibility.caption-cue f.vtt:9"])
        #expect(twoPages.findings.allSatisfy { $0.severity == .warning })
    }

    @Test("a transcript link to a file the resource does not have: the audio fails the ACT rule after all")
    func missingTranscriptFile() {
        let body = "<audio src=\"lyd.mp3\" controls></audio>\n<p><a href=\"transkripsjon.md\">Les transkripsjonen</a></p>"
        let missing = check(["index.html": page(body), "lyd.mp3": ""])
        #expect(missing.findings.places() == ["accessibility.audio-transcript index.html:6"])
        #expect(missing.findings.first?.rule == "2eb176")
        #expect(check(["index.html": page(body), "lyd.mp3": "", "transkripsjon.md": "# Transkripsjon\n\nHei.\n"]).findings.places() == [])
    }

    @Test("a media file no page plays needs its captions or transcript in the manifest; the manifest's caption file must be WebVTT")
    func mediaFiles() {
        let manifest = MetadataRules.manifest("files:\n  film.mp4: { captions: film.vtt }\n  lyd.mp3: { transcript: lyd.md }\n")
        let named = check(["film.mp4": "", "film.vtt": captions, "lyd.mp3": "", "lyd.md": "Hei.", "klipp.webm": ""], manifest: manifest)
        #expect(named.findings.places(["accessibility.media-file-alternative", "accessibility.caption-file"])
                == ["accessibility.media-file-alternative klipp.webm:-"])
        let broken = check(["film.mp4": "", "film.vtt": "NOT WEBVTT", "lyd.mp3": "", "lyd.md": "Hei."], manifest: manifest)
        #expect(broken.findings.places(["accessibility.media-file-alternative", "accessibility.caption-file"])
                == ["accessibility.caption-file resource.yaml:8", "accessibility.media-file-alternative film.mp4:-"])
    }

    @Test("a broken track on a video whose captions resource.yaml names: the finding says which file to point the track at")
    func manifestCaptionsHint() {
        let manifest = MetadataRules.manifest("files:\n  media/film.mp4: { captions: media/film.vtt }\n")
        let result = check(["index.html": page("<video src=\"media/film.mp4\" controls><track kind=\"captions\" src=\"film.vtt\"></video>"),
                            "media/film.vtt": captions, "media/film.mp4": ""], manifest: manifest)
        #expect(result.findings.places(["accessibility.video-captions"]) == ["accessibility.video-captions index.html:5"])
        #expect(result.findings.first { $0.code == "accessibility.video-captions" }?.message.en
                    .hasSuffix("resource.yaml names \"media/film.vtt\" as the video's captions: point the <track> at it.") == true)
    }

    @Test("where a link points, seen from the resource")
    func resourcePaths() {
        #expect(ResourcePath.resolve("media/a.vtt", from: "index.html") == .inside("media/a.vtt"))
        #expect(ResourcePath.resolve("./a%20b.vtt?v=2#t", from: "lesson/index.html") == .inside("lesson/a b.vtt"))
        #expect(ResourcePath.resolve("../a.vtt", from: "lesson/index.html") == .inside("a.vtt"))
        #expect(ResourcePath.resolve("../a.vtt", from: "index.html") == .outside)
        #expect(ResourcePath.resolve("#part", from: "lesson/index.html") == .inside("lesson/index.html"))
        for external in ["/a.vtt", "//cdn.example.org/a.vtt", "https://example.org/a.vtt", "data:text/vtt,WEBVTT", "mailto:a@b.no"] {
            #expect(ResourcePath.resolve(external, from: "index.html") == .external)
        }
    }

    @Test("players in Markdown (raw HTML) are found on their Markdown lines")
    func markdown() {
        let markdown = "# Rytme\n\nTekst.\n\n<audio controls src=\"puls.mp3\"></audio>\n\n[Les lydbeskrivelsen](puls.md)\n"
        let result = check(["index.md": markdown, "puls.mp3": "", "puls.md": "# Lydbeskrivelse\n\nKlikk.\n"])
        #expect(result.findings.places() == [])
        guard case let .list(media)? = result.tags["index.md"]?["media"], let record = media.first.flatMap(MediaRecord.init(tag:)) else {
            Issue.record("no media tag")
            return
        }
        #expect(record.line == 5 && record.transcript?.href == "puls.md" && record.transcript?.line == 7)
    }
}
