@testable import Accessibility
import Foundation
import Testing

@Suite("WebVTT: the W3C parser algorithm")
struct WebVTTTests {
    func parse(_ text: String) throws -> WebVTT {
        try WebVTT.parse(text).get()
    }

    @Test("a file with a header, NOTE, STYLE and REGION blocks, identifiers, settings and multi-line cues")
    func fullFile() throws {
        let file = try parse("""
        WEBVTT - Fotosyntesen
        Kind: captions
        Language: nb

        REGION
        id:nede width:40% lines:3

        STYLE
        ::cue { color: yellow }

        NOTE Tekstingen er laget av klassen.
        Den har to blokker.

        1
        00:00.000 --> 00:04.500 line:90% align:start
        <v Forteller>Planter lager sin egen mat</v>
        av lys, vann og luft.

        to
        01:00:04.500 --> 01:00:09.000 position:10%,line-left size:80% region:nede
        [Fuglesang] &amp; vind

        """)
        #expect(file.cues.count == 2)
        #expect(file.styleSheets == 1)
        #expect(file.regions == ["nede"])
        #expect(file.problems == [])
        let first = file.cues[0]
        #expect(first.identifier == "1")
        #expect(first.start == 0 && first.end == 4.5)
        #expect(first.settings == ["line": "90%", "align": "start"])
        #expect(first.line == 15)
        #expect(first.plainText == "Planter lager sin egen mat\nav lys, vann og luft.")
        let second = file.cues[1]
        #expect(second.identifier == "to")
        #expect(second.start == 3604.5 && second.end == 3609)
        #expect(second.settings == ["position": "10%,line-left", "size": "80%", "region": "nede"])
        #expect(second.plainText == "[Fuglesang] & vind")
    }

    @Test("a byte order mark, CRLF and lone CR line endings; line numbers count them as lines")
    func lineEndings() throws {
        var bytes = Data([0xEF, 0xBB, 0xBF])
        bytes.append(Data("WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nEn\r\rNOTE x\r\r00:03.000 --> 00:04.000\rTo\r".utf8))
        let file = try WebVTT.parse(bytes).get()
        #expect(file.cues.map(\.text) == ["En", "To"])
        #expect(file.cues.map(\.line) == [3, 8])
    }

    @Test("just the signature, a signature followed by a tab or a space and text: valid and empty")
    func emptyButValid() throws {
        #expect(try parse("WEBVTT").cues.isEmpty)
        #expect(try parse("WEBVTT\n").cues.isEmpty)
        #expect(try parse("WEBVTT\tcaptions\n\n").cues.isEmpty)
    }

    @Test("what is not WebVTT at all: the file fails, on line 1", arguments: [
        "", "WEBVT", "webvtt\n\n00:01.000 --> 00:02.000\nHei", "WEBVTTX\n", "WEBVTT\u{0C}\n", " WEBVTT\n",
        "1\n00:00:01,000 --> 00:00:02,000\nHei\n", "\u{FEFF}\u{FEFF}WEBVTT\n",
    ])
    func notWebVTT(_ text: String) {
        guard case let .failure(error) = WebVTT.parse(Data(text.utf8)) else {
            Issue.record("\(text.debugDescription) parsed")
            return
        }
        #expect(error.line == 1)
        #expect(error.reason == (text.isEmpty ? .empty : .missingSignature))
    }

    @Test("timestamps: mm:ss.ttt, hh:mm:ss.ttt with any number of hour digits; the parser's limits", arguments: [
        ("00:01.000", 1.0), ("59:59.999", 3599.999), ("00:00:01.000", 1.0), ("123:00:00.000", 442_800.0), ("1:02:03.004", 3723.004),
    ])
    func timestamps(_ time: String, _ seconds: Double) throws {
        let file = try parse("WEBVTT\n\n\(time) --> 200:00:00.000\nx\n")
        #expect(abs((file.cues.first?.start ?? -1) - seconds) < 1e-9)
    }

    @Test("a cue whose timing line does not parse is dropped, with its line; the others stay", arguments: [
        ("00:01,000 --> 00:02.000", WebVTT.TimingFailure.start), ("1:00.000 --> 2:00.000", .start), ("00:60.000 --> 01:00.000", .start),
        ("60:00.000 --> 61:00.000", .start), ("00:01.00 --> 00:02.000", .start), ("00:01.000 -> 00:02.000 -->", .arrow),
        ("00:01.000 --> 00:02", .end), ("x 00:01.000 --> 00:02.000", .start),
    ])
    func droppedCue(_ timing: String, _ failure: WebVTT.TimingFailure) throws {
        let file = try parse("WEBVTT\n\n00:00.000 --> 00:01.000\nFørste\n\n\(timing)\nBorte\n\n00:02.000 --> 00:03.000\nTredje\n")
        #expect(file.cues.map(\.text) == ["Første", "Tredje"])
        #expect(file.problems == [WebVTT.Problem(line: 6, kind: .invalidTimings(failure))])
    }

    @Test("a cue that ends before it starts, and one out of order, are kept but reported")
    func cueOrder() throws {
        let file = try parse("WEBVTT\n\n00:05.000 --> 00:04.000\nBaklengs\n\n00:06.000 --> 00:07.000\nTo\n\n00:01.000 --> 00:02.000\nTidlig\n")
        #expect(file.cues.count == 3)
        #expect(file.problems == [WebVTT.Problem(line: 3, kind: .endNotAfterStart), WebVTT.Problem(line: 9, kind: .startBeforePrevious)])
    }

    @Test("settings the parser ignores are reported; the cue stays")
    func invalidSettings() throws {
        let file = try parse("WEBVTT\n\n00:01.000 --> 00:02.000 align:middle line:1,top size:120% colour:red position:50%\nHei\n")
        #expect(file.cues.first?.settings == ["position": "50%"])
        #expect(file.problems.map(\.kind) == [.invalidSetting("align:middle"), .invalidSetting("line:1,top"), .invalidSetting("size:120%"),
                                              .invalidSetting("colour:red")])
        #expect(try parse("WEBVTT\n\n00:01.000 --> 00:02.000 line:-1.5,end vertical:rl\nHei\n").problems == [])
    }

    @Test("\"-->\" in a NOTE or in cue text ends the block there; a cue straight after the header is read, but reported")
    func arrowsAndBlankLines() throws {
        let note = try parse("WEBVTT\n\nNOTE first line\nsecond\n00:01.000 --> 00:02.000\nHei\n")
        #expect(note.cues.map(\.text) == ["Hei"])
        #expect(note.problems == [WebVTT.Problem(line: 5, kind: .unexpectedArrow)])
        let text = try parse("WEBVTT\n\n00:01.000 --> 00:02.000\nEn\n00:03.000 --> 00:04.000\nTo\n")
        #expect(text.cues.map(\.text) == ["En", "To"])
        #expect(text.problems == [WebVTT.Problem(line: 5, kind: .unexpectedArrow)])
        let header = try parse("WEBVTT\n00:01.000 --> 00:02.000\nHei\n")
        #expect(header.cues.map(\.text) == ["Hei"])
        #expect(header.problems == [WebVTT.Problem(line: 2, kind: .missingBlankLine)])
    }

    @Test("STYLE and REGION after the first cue are not blocks of their own; NUL becomes U+FFFD")
    func lateBlocksAndNul() throws {
        let file = try parse("WEBVTT\n\n00:01.000 --> 00:02.000\nHei\u{0}\n\nSTYLE\n::cue {}\n")
        #expect(file.styleSheets == 0)
        #expect(file.cues.first?.text == "Hei\u{FFFD}")
    }

    @Test("a large file parses in one pass")
    func largeFile() throws {
        var text = "WEBVTT\n\n"
        for index in 0..<10_000 {
            text += String(format: "%02d:%02d:%02d.000 --> %02d:%02d:%02d.500\nCue %d\n\n",
                           index / 3600, index / 60 % 60, index % 60, index / 3600, index / 60 % 60, index % 60, index)
        }
        let file = try parse(text)
        #expect(file.cues.count == 10_000)
        #expect(file.problems.isEmpty)
        #expect(file.cues.last?.line == 3 + 9_999 * 3)
    }
}
