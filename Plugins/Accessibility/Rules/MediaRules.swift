import AllmenningCore
import Foundation

/// Time-based media on one page: a video needs captions, an audio player a transcript. These
/// rules see the page alone; whether a caption file a track names exists and is WebVTT, and
/// the media files no page plays, are judged over the whole resource (`MediaResourceCheck`).
enum MediaRules {
    static let all: [AccessibilityRule] = [videoCaptions, audioTranscript]

    /// ACT f51b46. rules.json maps it to 1.2.1 as a secondary criterion only; the criterion a
    /// missing caption track fails is 1.2.2 Captions (Prerecorded), which is where the ACT
    /// composite rule eac66b puts it.
    static let videoCaptions = AccessibilityRule(
        code: "accessibility.video-captions", act: "f51b46", wcag: ["1.2.2"],
        title: LocalizedText(nb: "Videoen har ikke teksting", en: "The video has no captions"),
        description: LocalizedText(
            nb: "En video med lyd trenger teksting for elever som ikke hører lyden: et <track kind=\"captions\"> (eller \"subtitles\") i <video> med en WebVTT-fil som finnes i ressursen og kan leses. Tekst ved siden av videoen er ikke teksting. Er tekstingen brent inn i bildet, eller er videoen uten lyd, kan du se bort fra funnet.",
            en: "A video with sound needs captions for pupils who cannot hear it: a <track kind=\"captions\"> (or \"subtitles\") inside <video>, with a WebVTT file that is in the resource and can be read. Text next to the video is not captions. If the captions are burned into the picture, or the video has no sound, you can disregard the finding."),
        triggering: [
            "<html lang=\"nb\"><body><video src=\"media/fotosyntese.mp4\" controls></video></body></html>",
            "<html lang=\"nb\"><body><p id=\"t\">I filmen forteller en stemme om fotosyntesen.</p><video src=\"film.mp4\" controls aria-describedby=\"t\"></video></body></html>",
            "<html lang=\"nb\"><body><video controls><source src=\"film.webm\"><track kind=\"chapters\" src=\"kapitler.vtt\"></video></body></html>",
            // The track names a file the resource does not have: judged over the whole resource.
            "<html lang=\"nb\"><body><video src=\"film.mp4\" controls><track kind=\"captions\" src=\"film.vtt\"></video></body></html>",
        ],
        nonTriggering: [
            "<html lang=\"nb\"><body><video src=\"https://example.org/film.mp4\" controls><track kind=\"captions\" srclang=\"nb\" src=\"https://example.org/film.vtt\"></video></body></html>",
            "<html lang=\"nb\"><body><video src=\"film.mp4\" controls style=\"display: none\"></video></body></html>",
            "<html lang=\"nb\"><body><video src=\"bakgrunn.mp4\" autoplay muted loop></video></body></html>",
        ]
    ) { page in
        page.mediaElements().filter { $0.kind == .video && $0.isApplicable && $0.captionTracks.isEmpty }.map { video in
            .init(node: video.node, message: LocalizedText(
                nb: "Videoen har ikke teksting. Legg <track kind=\"captions\" src=\"…vtt\" srclang=\"nb\" label=\"Norsk\"> inn i <video>, med en WebVTT-fil av alt som sies og høres.",
                en: "The video has no captions. Put <track kind=\"captions\" src=\"…vtt\" srclang=\"en\" label=\"English\"> inside <video>, with a WebVTT file of everything that is said and heard."))
        }
    }

    /// ACT 2eb176: not required for conformance on its own (the audio may be a media
    /// alternative for text on the page, ACT afb423), so a warning; the composite rule e7aa44
    /// maps it to 1.2.1.
    static let audioTranscript = AccessibilityRule(
        code: "accessibility.audio-transcript", act: "2eb176", wcag: ["1.2.1"], severity: .warning,
        title: LocalizedText(nb: "Lyden har ingen transkripsjon", en: "The audio has no transcript"),
        description: LocalizedText(
            nb: "Et lydklipp med avspiller trenger en transkripsjon (alt som sies og høres, skrevet ut) på siden eller bak en lenke ved avspilleren, så elever som ikke hører lyden, får det samme. Kall den det den er: en lenke «Les transkripsjonen», en overskrift «Transkripsjon» over teksten. Den må være synlig og ikke skjult med aria-hidden. Er lyden bare en opplesing av teksten på siden, kan du se bort fra funnet.",
            en: "An audio clip with a player needs a transcript (everything that is said and heard, written out) on the page or behind a link next to the player, so that pupils who cannot hear it get the same. Call it what it is: a link \"Read the transcript\", a heading \"Transcript\" above the text. It must be visible and not hidden with aria-hidden. If the audio only reads out the text of the page, you can disregard the finding."),
        triggering: [
            "<html lang=\"nb\"><body><audio src=\"media/intervju.mp3\" controls></audio></body></html>",
            "<html lang=\"nb\"><body><audio src=\"intervju.mp3\" controls></audio><p aria-hidden=\"true\">Transkripsjon: Hei, jeg heter Kari og bor i Bodø.</p></body></html>",
            "<html lang=\"nb\"><body><audio src=\"dikt.mp3\" autoplay style=\"display: none\"></audio><p>Hør diktet.</p></body></html>",
        ],
        nonTriggering: [
            "<html lang=\"nb\"><body><audio src=\"intervju.mp3\" controls></audio><p><a href=\"https://example.org/intervju.html\">Les transkripsjonen av intervjuet</a></p></body></html>",
            "<html lang=\"en\"><body><audio src=\"talk.mp3\" controls></audio><details><summary>Transcript</summary><p>Hello, my name is Kari and I live in Bodø.</p></details></body></html>",
            "<html lang=\"nb\"><body><audio src=\"intervju.mp3\"></audio></body></html>",
            "<html lang=\"nb\"><body><audio src=\"intervju.mp3\" controls style=\"display: none\"></audio></body></html>",
        ]
    ) { page in
        page.mediaElements().filter { $0.kind == .audio && $0.isApplicable && $0.transcript == nil }.map { audio in
            .init(node: audio.node, message: LocalizedText(
                nb: "Lyden har ingen transkripsjon på siden eller bak en lenke ved avspilleren. Skriv ut alt som sies og høres, og legg den under avspilleren med overskriften «Transkripsjon», eller lenk til den: [Les transkripsjonen](transkripsjon.md).",
                en: "The audio has no transcript on the page or behind a link next to the player. Write out everything that is said and heard, and put it below the player under the heading \"Transcript\", or link to it: [Read the transcript](transcript.md)."))
        }
    }
}

/// Findings about caption files and media files, which only the whole resource can show.
enum CaptionFileRules {
    static let all: [PluginRule] = [captionFile, captionCue, mediaFile]

    static let validCaptions = "WEBVTT\n\n00:00.000 --> 00:04.000\nEn pizza delt i fire like store biter.\n"

    static func page(_ body: String) -> String {
        "<html lang=\"nb\"><head><title>Brøk</title></head><body>\(body)</body></html>"
    }

    static func resource(_ files: [String: String], manifest: String? = nil) -> RuleExample {
        RuleExample(files: files.mapValues { Data($0.utf8) }, manifest: manifest)
    }

    static let captionFile = PluginRule(
        id: "accessibility.caption-file",
        title: LocalizedText(nb: "En tekstingsfil virker ikke", en: "A caption file does not work"),
        description: LocalizedText(
            nb: "En tekstingsfil som et <track> eller resource.yaml peker på, må finnes i ressursen og være WebVTT: første linje «WEBVTT», så tekstblokker med tider (00:00.000 --> 00:04.000). En fil avspilleren ikke kan lese, gir ingen teksting.",
            en: "A caption file a <track> or resource.yaml points to must be in the resource and be WebVTT: the first line \"WEBVTT\", then cues with times (00:00.000 --> 00:04.000). A file the player cannot read gives no captions."),
        publicRule: nil, severity: .error,
        triggering: [
            resource(["index.html": page("<video src=\"film.mp4\" controls><track kind=\"captions\" srclang=\"nb\" src=\"film.nb.vtt\"><track kind=\"subtitles\" srclang=\"en\" src=\"film.en.srt\"></video>"),
                      "film.nb.vtt": validCaptions,
                      "film.en.srt": "1\n00:00:00,000 --> 00:00:04,000\nA pizza cut into four equal slices.\n"]),
            resource(["film.mp4": "", "film.vtt": "00:00.000 --> 00:04.000\nEn pizza.\n"],
                     manifest: MetadataRules.manifest("files:\n  film.mp4: { captions: film.vtt }\n")),
        ],
        nonTriggering: [
            resource(["index.html": page("<video src=\"film.mp4\" controls><track kind=\"captions\" srclang=\"nb\" src=\"film.nb.vtt\"></video>"),
                      "film.nb.vtt": validCaptions]),
        ])

    static let captionCue = PluginRule(
        id: "accessibility.caption-cue",
        title: LocalizedText(nb: "En tekstblokk i tekstingen vises ikke riktig", en: "A cue in the captions is not shown right"),
        description: LocalizedText(
            nb: "Avspilleren hopper over en tekstblokk med en tidslinje den ikke kan lese, og viser aldri en som slutter før den begynner. Da mangler teksting for den delen av videoen. Skriv tidene som 00:01.000 --> 00:04.000, og la blokkene komme i tidsrekkefølge.",
            en: "Players skip a cue whose timing line they cannot read, and never show one that ends before it starts. That part of the video then has no captions. Write the times as 00:01.000 --> 00:04.000, and keep the cues in time order."),
        publicRule: nil, severity: .warning,
        triggering: [
            resource(["index.html": page("<video src=\"film.mp4\" controls><track kind=\"captions\" src=\"film.vtt\"></video>"),
                      "film.vtt": "WEBVTT\n\n00:00.000 --> 00:04.000\nEn pizza.\n\n00:04,000 --> 00:08,000\nDelt i fire.\n"]),
        ],
        nonTriggering: [
            resource(["index.html": page("<video src=\"film.mp4\" controls><track kind=\"captions\" src=\"film.vtt\"></video>"),
                      "film.vtt": validCaptions]),
        ])

    static let mediaFile = PluginRule(
        id: "accessibility.media-file-alternative",
        title: LocalizedText(nb: "En video- eller lydfil har ingen teksting eller transkripsjon", en: "A video or audio file has no captions or transcript"),
        description: LocalizedText(
            nb: "En video- eller lydfil som ingen side spiller av, ses eller høres for seg selv. Da må resource.yaml oppgi tekstingen eller transkripsjonen under files: «film.mp4: { captions: film.vtt }», «lyd.mp3: { transcript: lyd.md }».",
            en: "A video or audio file that no page plays is watched or heard on its own. resource.yaml must then name its captions or transcript under files: \"film.mp4: { captions: film.vtt }\", \"sound.mp3: { transcript: sound.md }\"."),
        publicRule: nil, severity: .warning,
        triggering: [resource(["film.mp4": ""], manifest: MetadataRules.manifest(""))],
        nonTriggering: [
            resource(["film.mp4": "", "film.vtt": validCaptions], manifest: MetadataRules.manifest("files:\n  film.mp4: { captions: film.vtt }\n")),
            resource(["index.html": page("<p>Brøk.</p><audio src=\"lyd.mp3\" controls></audio><p><a href=\"lyd.md\">Les transkripsjonen</a></p>"),
                      "lyd.mp3": "", "lyd.md": "# Transkripsjon\n\nHei.\n"]),
        ])
}
