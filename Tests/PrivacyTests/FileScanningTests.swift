import AllmenningCore
import Foundation
@testable import Privacy
import Testing

@Suite struct FileScanningTests {
    @Test func picksTheScannerByContentThenName() throws {
        #expect(PrivacyScanner.fileKind(path: "index.html", data: Data("<p>Hei</p>".utf8)) == .html)
        #expect(PrivacyScanner.fileKind(path: "a/b/LESSON.MD", data: Data("# Hei".utf8)) == .markdown)
        #expect(PrivacyScanner.fileKind(path: "video/intro.nb.vtt", data: Data("WEBVTT".utf8)) == .plainText)
        #expect(PrivacyScanner.fileKind(path: "README", data: Data("Hei".utf8)) == .plainText)
        #expect(PrivacyScanner.fileKind(path: "oppgave.pdf", data: Data("%PDF-1.7\n".utf8)) == .unsupported)
        #expect(PrivacyScanner.fileKind(path: "data.bin", data: Data([0, 1, 2, 3])) == .unsupported)
        // A photo saved with the wrong name is still read as a photo.
        let photo = try corpusImage("gps-artist.jpg")
        #expect(PrivacyScanner.fileKind(path: "bilde.txt", data: photo) == .image)
        #expect(PrivacyScanner.scan(path: "bilde.txt", data: photo).map(\.kind) == [.photoLocation, .photoOwner])
    }

    @Test func htmlSourceLinesCommentsAndAttributes() {
        let html = """
        <!doctype html>
        <html><body>
        <h1>Brøk med pizza</h1>
        <p>Spørsmål? <a href="mailto:kari.nordby@skolen.no">Send e-post</a></p>
        <!-- elevliste: Emma 01019012480 -->
        <img src="pizza.jpg" alt="Tlf 912 34 567">
        <style>.x { color: #91234567; width: 91234567px }</style>
        </body></html>
        """
        let matches = PrivacyScanner.scan(path: "index.html", data: Data(html.utf8))
        #expect(matches.map(\.kind) == [.email, .nationalIDNorway, .phone])
        #expect(matches.map(\.line) == [4, 5, 6])
        #expect(matches[0].column == 30)
    }

    @Test func htmlRenderedTextFindsWhatMarkupHides() {
        let html = """
        <p>Skriv til kari.nordby&#64;skolen.no</p>
        <p>Fødselsnummer: <b>010190</b> 12480</p>
        <p>Ring 912&nbsp;34&nbsp;567</p>
        <p>Eller ola.hansen@skolen.no</p>
        """
        let matches = PrivacyScanner.scan(path: "side.htm", data: Data(html.utf8))
        #expect(matches.filter { $0.kind == .email }.count == 2)
        #expect(matches.contains { $0.kind == .nationalIDNorway && $0.line == nil })
        #expect(matches.contains { $0.kind == .phone })
        let traced = matches.first { $0.kind == .email && $0.line != nil }
        #expect(traced?.line == 4)
    }

    @Test func htmlDuplicatesAreReportedOnce() {
        let html = "<p>Ring 912 34 567</p>\n<p>Mail: kari@skolen.no</p>"
        let matches = PrivacyScanner.scan(path: "index.html", data: Data(html.utf8))
        #expect(matches.map(\.kind) == [.phone, .email])
        #expect(matches.map(\.line) == [1, 2])
    }

    @Test func markdownKeepsLines() {
        let markdown = """
        # Presentasjon om meg

        Jeg heter Emma og går i 7B.

        - Mobil: **912 34 567**
        - E-post: [emma@skolen.no](mailto:emma@skolen.no)

        ```
        ISBN 978-82-02-12345-7
        ```
        """
        let matches = PrivacyScanner.scan(path: "elev/om-meg.md", data: Data(markdown.utf8))
        #expect(matches.map(\.kind) == [.phone, .email, .email])
        #expect(matches.map(\.line) == [5, 6, 6])
    }

    @Test func subtitles() {
        let vtt = """
        WEBVTT

        00:00:01.000 --> 00:00:04.000
        Hei, jeg heter Noah.

        00:00:04.500 --> 00:00:08.250
        Ring meg på 912 34 567 hvis du vil vite mer.
        """
        let matches = PrivacyScanner.scan(path: "video.vtt", data: Data(vtt.utf8))
        #expect(matches.map(\.kind) == [.phone])
        #expect(matches.first?.line == 7)

        let srt = "1\r\n00:00:01,000 --> 00:00:04,000\r\nMitt personnummer är 900101-1239\r\n\r\n2\r\n00:00:04,500 --> 00:01:08,250\r\n12 345 678 kronor\r\n"
        let srtMatches = PrivacyScanner.scan(path: "film.srt", data: Data(srt.utf8))
        #expect(srtMatches.map(\.kind) == [.nationalIDSweden])
        #expect(srtMatches.first?.line == 3)
    }

    @Test func encodings() {
        let text = "Tlf: 912 34 567 – Søren\nkari@skolen.no"
        var utf16 = Data([0xFF, 0xFE])
        for unit in text.utf16 { utf16.append(UInt8(unit & 0xFF)); utf16.append(UInt8(unit >> 8)) }
        #expect(PrivacyScanner.fileKind(path: "a.srt", data: utf16) == .plainText)
        #expect(PrivacyScanner.scan(path: "a.srt", data: utf16).map(\.kind) == [.phone, .email])

        let windows1252 = Data("Tlf: 912 34 567 ".utf8) + Data([0x96, 0x20, 0x53, 0xF8, 0x72, 0x65, 0x6E, 0x0A]) + Data("kari@skolen.no".utf8)
        #expect(PrivacyScanner.decodeText(windows1252).contains("Søren"))
        #expect(PrivacyScanner.scan(path: "gammel.srt", data: windows1252).map(\.line) == [1, 2])

        let bom = Data([0xEF, 0xBB, 0xBF]) + Data("912 34 567".utf8)
        #expect(PrivacyScanner.scan(path: "a.txt", data: bom).first?.column == 1)
    }

    @Test func findingsAndCaching() throws {
        let match = try #require(PrivacyScanner.scan(path: "elev/om-meg.md", data: Data("\n\nRing meg på 912 34 567".utf8)).first)
        let finding = match.finding(path: "elev/om-meg.md", severity: .error)
        #expect(finding.code == "privacy.phone" && finding.plugin == "privacy" && finding.severity == .error)
        #expect(finding.location == SourceLocation(path: "elev/om-meg.md", line: 3, column: 13))
        #expect(finding.message == match.message)
        let decoded = try JSONDecoder().decode(PersonalDataMatch.self, from: JSONEncoder().encode(match))
        #expect(decoded == match)
    }

    @Test func emptyFiles() {
        for path in ["a.html", "a.md", "a.txt", "a.jpg"] {
            #expect(PrivacyScanner.scan(path: path, data: Data()).isEmpty)
        }
    }
}
