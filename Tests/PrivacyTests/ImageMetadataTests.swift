import Foundation
@testable import Privacy
import Testing

func corpusImage(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.url(forResource: "Corpus", withExtension: nil))
    return try Data(contentsOf: url.appendingPathComponent("images").appendingPathComponent(name))
}

func corpusImageNames() throws -> [String] {
    let url = try #require(Bundle.module.url(forResource: "Corpus", withExtension: nil))
    return try FileManager.default.contentsOfDirectory(atPath: url.appendingPathComponent("images").path).sorted()
}

/// Small byte builders for hand-made hostile files.
enum Bytes {
    static func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func u32(_ value: Int) -> [UInt8] { [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    /// A big-endian TIFF header followed by `body`, IFD0 at `ifd0`.
    static func tiff(ifd0: Int = 8, _ body: [UInt8]) -> [UInt8] { Array("MM".utf8) + u16(42) + u32(ifd0) + body }

    static func entry(_ tag: Int, _ type: Int, _ count: Int, _ value: Int) -> [UInt8] { u16(tag) + u16(type) + u32(count) + u32(value) }

    static func jpeg(app1 tiff: [UInt8]) -> Data {
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        return Data([0xFF, 0xD8] + [0xFF, 0xE1] + u16(payload.count + 2) + payload + [0xFF, 0xD9])
    }
}

@Suite struct ImageFixtureTests {
    @Test func gpsAndArtistInAJPEG() throws {
        let matches = PrivacyScanner.scan(path: "media/gps-artist.jpg", data: try corpusImage("gps-artist.jpg"))
        #expect(matches.map(\.kind) == [.photoLocation, .photoOwner])
        #expect(matches[0].matchedText == "≈ 59.9° N, 10.7° E")
        #expect(matches[1].matchedText == "Artist: K*** N***")
        #expect(matches.allSatisfy { $0.line == nil && $0.column == nil && $0.confidence == .high })
        #expect(matches[0].message.nb.contains("GPS") && matches[0].message.en.contains("GPS"))
        #expect(!matches[1].message.nb.contains("Nordby") && !matches[1].message.en.contains("Nordby"))
    }

    @Test func aCleanJPEGHasNothing() throws {
        let data = try corpusImage("clean.jpg")
        #expect(ImageMetadataScanner.format(of: data) == .jpeg)
        #expect(PrivacyScanner.scan(path: "clean.jpg", data: data).isEmpty)
    }

    @Test func fixturesAreSmall() throws {
        for name in try corpusImageNames() {
            #expect(try corpusImage(name).count < 10_000, "\(name)")
        }
    }

    @Test func southAndWestAreNegative() throws {
        let match = try #require(PrivacyScanner.scan(path: "x.jpg", data: try corpusImage("gps-south-west.jpg")).first)
        #expect(match.matchedText == "≈ 54.8° S, 68.3° W")
    }

    @Test func oneLocationWhenEXIFAndXMPAgree() throws {
        let matches = PrivacyScanner.scan(path: "x.jpg", data: try corpusImage("exif-and-xmp-gps.jpg"))
        #expect(matches.map(\.kind) == [.photoLocation])
    }

    @Test func otherContainers() throws {
        #expect(PrivacyScanner.scan(path: "a.png", data: try corpusImage("png-all.png")).map(\.kind) == [.photoLocation, .photoOwner, .photoOwner])
        #expect(PrivacyScanner.scan(path: "a.tif", data: try corpusImage("tiff-artist-gps.tif")).map(\.kind) == [.photoLocation, .photoOwner])
        #expect(PrivacyScanner.scan(path: "a.webp", data: try corpusImage("webp-exif-gps.webp")).map(\.kind) == [.photoLocation])
        #expect(PrivacyScanner.scan(path: "a.jpg", data: try corpusImage("xp-author.jpg")).map(\.matchedText) == ["XPAuthor: I*** V***"])
        #expect(PrivacyScanner.scan(path: "a.png", data: try corpusImage("png-xmp-serial.png")).map(\.matchedText) == ["SerialNumber: 27***"])
        #expect(PrivacyScanner.scan(path: "a.jpg", data: try corpusImage("comment-email.jpg")).map(\.matchedText) == ["s***@skolen.no"])
    }

    @Test func heifAndVideo() {
        // IFD0 at 8 with one entry (18 bytes), so the 5-byte Artist value starts at 26.
        let ifd = [0, 1] + Bytes.entry(0x013B, 2, 5, 26) + Bytes.u32(0) + Array("Kari\0".utf8)
        let heif = Data(Bytes.u32(24) + Array("ftypheic".utf8) + Bytes.u32(0) + Array("mif1heic".utf8)
                        + Array("junk".utf8) + Bytes.u32(0) + Array("Exif".utf8) + [0, 0] + Bytes.tiff(ifd))
        #expect(ImageMetadataScanner.format(of: heif) == .heif)
        #expect(PrivacyScanner.scan(path: "IMG_0001.HEIC", data: heif).map(\.matchedText) == ["Artist: K***"])

        let video = Data(Bytes.u32(20) + Array("ftypqt  ".utf8) + Bytes.u32(0) + Array("qt  ".utf8)
                         + Bytes.u32(30) + Array("udta".utf8) + Bytes.u32(30) + [0xA9] + Array("xyz".utf8) + [0, 22, 0x15, 0xC7]
                         + Array("+59.9115+010.7335/".utf8))
        #expect(ImageMetadataScanner.format(of: video) == .video)
        let videoMatches = PrivacyScanner.scan(path: "IMG_0002.MOV", data: video)
        #expect(videoMatches.map(\.matchedText) == ["≈ 59.9° N, 10.7° E"])
        #expect(videoMatches.first?.message.nb.hasPrefix("Videoen") == true)
    }

    @Test func metadataAtTheEndOfALargeFile() {
        var bytes = [UInt8](repeating: 0x3C, count: 4_000_000)          // many "<", none starting a packet
        bytes.replaceSubrange(0..<3, with: [0x47, 0x49, 0x46])          // GIF
        bytes += Array("GIF89a<x:xmpmeta><rdf:Description exif:GPSLatitude=\"59,54.69N\" exif:GPSLongitude=\"10,44.01E\"/></x:xmpmeta>".utf8)
        bytes.replaceSubrange(0..<6, with: Array("GIF89a".utf8))
        #expect(PrivacyScanner.scanImage(Data(bytes)).map(\.kind) == [.photoLocation])
        #expect(ImageMetadataScanner.firstIndex(of: Array("ab".utf8), in: Array("xaxab".utf8), from: 0) == 3)
        #expect(ImageMetadataScanner.firstIndex(of: Array("ab".utf8), in: Array("xaxab".utf8), from: 4) == nil)
        #expect(ImageMetadataScanner.firstIndex(of: Array("ab".utf8), in: Array("xaxab".utf8), from: 0, limit: 4) == nil)
        #expect(ImageMetadataScanner.firstIndex(of: [UInt8](), in: Array("ab".utf8), from: 0) == nil)
    }

    @Test func xmpCoordinates() {
        #expect(ImageMetadataScanner.xmpCoordinate("59,54.6900N", limit: 90) == 59.9115)
        #expect(ImageMetadataScanner.xmpCoordinate("68,18,10.8W", limit: 180) == -68.303)
        #expect(ImageMetadataScanner.xmpCoordinate("12.5", limit: 90) == 12.5)
        #expect(ImageMetadataScanner.xmpCoordinate("91,0N", limit: 90) == nil)
        #expect(ImageMetadataScanner.xmpCoordinate("abc", limit: 90) == nil)
        #expect(ImageMetadataScanner.xmpCoordinate("", limit: 90) == nil)
    }

    @Test func xmpForms() {
        let packet = """
        <x:xmpmeta><rdf:Description tiff:Artist="Kari &amp; Ola" xmp:CreatorTool="GIMP">
        <dc:creator><rdf:Seq><rdf:li>Emma Haugen</rdf:li><rdf:li>Noah Lund</rdf:li></rdf:Seq></dc:creator>
        <exifEX:BodySerialNumber>0123456789</exifEX:BodySerialNumber><dc:rights>Kari</dc:rights>
        </rdf:Description></x:xmpmeta>
        """
        #expect(ImageMetadataScanner.xmpValues(packet, name: "Artist") == ["Kari & Ola"])
        #expect(ImageMetadataScanner.xmpValues(packet, name: "creator") == ["Emma Haugen", "Noah Lund"])
        #expect(ImageMetadataScanner.xmpValues(packet, name: "BodySerialNumber") == ["0123456789"])
        #expect(ImageMetadataScanner.xmpValues(packet, name: "SerialNumber").isEmpty)
        #expect(ImageMetadataScanner.xmpValues(packet, name: "rights") == ["Kari"])
        let matches = PrivacyScanner.scanImage(Data([0x89] + Array("PNG\r\n\u{1A}\n".utf8)) + Data(packet.utf8))
        #expect(matches.map(\.matchedText) == ["Artist: K*** &*** O***", "creator: E*** H***", "creator: N*** L***", "BodySerialNumber: 01***"])
    }
}

/// Hostile bytes: nothing may trap, loop for ever or read outside the data.
@Suite struct HostileImageTests {
    @Test func everyTruncationOfEveryFixture() throws {
        for name in try corpusImageNames() {
            let data = try corpusImage(name)
            for length in 0..<data.count {
                _ = PrivacyScanner.scan(path: name, data: data.prefix(length))
            }
        }
    }

    @Test func randomCorruptionOfEveryFixture() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        for name in try corpusImageNames() {
            let original = [UInt8](try corpusImage(name))
            for _ in 0..<300 {
                var bytes = original
                for _ in 0..<(1 + Int(next() % 8)) {
                    let index = 3 + Int(next() % UInt64(bytes.count - 3))     // keep the magic bytes
                    bytes[index] = [0x00, 0xFF, 0x7F, 0x80, UInt8(truncatingIfNeeded: next())][Int(next() % 5)]
                }
                _ = PrivacyScanner.scan(path: name, data: Data(bytes))
            }
        }
    }

    @Test func ifdThatPointsToItself() {
        // IFD0 at 8 with an Exif pointer and a GPS pointer back to IFD0, and a next-IFD offset to itself.
        let ifd = [0, 2] + Bytes.entry(0x8769, 4, 1, 8) + Bytes.entry(0x8825, 4, 1, 8) + Bytes.u32(8)
        #expect(PrivacyScanner.scanImage(Bytes.jpeg(app1: Bytes.tiff(ifd))).isEmpty)
    }

    @Test func exifAndGPSPointingAtEachOther() {
        let exifIFD = 8 + 2 + 12 * 2 + 4
        let gpsIFD = exifIFD + 2 + 12 + 4
        let ifd0 = [0, 2] + Bytes.entry(0x8769, 4, 1, exifIFD) + Bytes.entry(0x8825, 4, 1, gpsIFD) + Bytes.u32(0)
        let exif = [0, 1] + Bytes.entry(0x8825, 4, 1, gpsIFD) + Bytes.u32(gpsIFD)
        let gps = [0, 1] + Bytes.entry(0x8769, 4, 1, exifIFD) + Bytes.u32(exifIFD)
        #expect(PrivacyScanner.scanImage(Bytes.jpeg(app1: Bytes.tiff(ifd0 + exif + gps))).isEmpty)
    }

    @Test func hugeCountsAndOffsets() {
        let cases: [[UInt8]] = [
            Bytes.tiff([0xFF, 0xFF] + Array(repeating: 0xAB, count: 64)),                                  // 65,535 entries claimed
            Bytes.tiff([0, 1] + Bytes.entry(0x013B, 2, 0x7FFF_FFFF, 0x10) + Bytes.u32(0)),                  // 2 GB string
            Bytes.tiff([0, 1] + Bytes.entry(0x013B, 2, 100, 0xFFFF_FFF0) + Bytes.u32(0)),                   // offset past the end
            Bytes.tiff([0, 1] + Bytes.entry(0x8825, 4, 1, 0xFFFF_FFFF) + Bytes.u32(0)),                     // GPS IFD past the end
            Bytes.tiff([0, 1] + Bytes.entry(0x8825, 3, 0xFFFF_FFFF, 8) + Bytes.u32(0)),                     // pointer with a huge count
            Bytes.tiff(ifd0: 0xFFFF_FFFF, []),
            Bytes.tiff(ifd0: 0, []),
            Bytes.tiff([0, 1] + Bytes.entry(2, 5, 0xFFFF_FFFF, 8) + Bytes.u32(0)),                           // rationals everywhere
            Bytes.tiff([0, 1] + Bytes.entry(0x013B, 0xFFFF, 1, 0) + Bytes.u32(0)),                          // unknown type
            Array("MM".utf8) + Bytes.u16(42),                                                               // header cut short
            Array("II".utf8),
        ]
        for tiff in cases {
            #expect(PrivacyScanner.scanImage(Bytes.jpeg(app1: tiff)).isEmpty)
            #expect(PrivacyScanner.scanImage(Data(tiff)).isEmpty)
        }
    }

    @Test func gpsWithBrokenRationals() {
        // Zero denominators and NaN-making values: no position can be read, but the tags are there.
        let gpsIFD = 8 + 2 + 12 + 4
        let ifd0 = [0, 1] + Bytes.entry(0x8825, 4, 1, gpsIFD) + Bytes.u32(0)
        let values = gpsIFD + 2 + 12 * 2 + 4
        let gps = [0, 2] + Bytes.entry(2, 5, 3, values) + Bytes.entry(4, 5, 3, values) + Bytes.u32(0)
        let rationals = Bytes.u32(59) + Bytes.u32(0) + Bytes.u32(1) + Bytes.u32(0) + Bytes.u32(0) + Bytes.u32(0)
        let matches = PrivacyScanner.scanImage(Bytes.jpeg(app1: Bytes.tiff(ifd0 + gps + rationals)))
        #expect(matches.map(\.kind) == [.photoLocation])
        #expect(matches.first?.confidence == .medium)
    }

    @Test func brokenContainers() {
        let cases: [[UInt8]] = [
            [0xFF, 0xD8, 0xFF],
            [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00],                                      // segment length 0
            [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0x45],                                // length 1
            [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF] + Array("Exif\0\0MM".utf8),            // longer than the file
            [0xFF, 0xD8] + Array(repeating: 0xFF, count: 5000),                         // fill bytes only
            [0xFF, 0xD8] + Array(repeating: [0xFF, 0xFE, 0x00, 0x02], count: 2000).flatMap { $0 },   // many empty comments
            [0x89] + Array("PNG\r\n\u{1A}\n".utf8) + Bytes.u32(0xFFFF_FFFF) + Array("eXIf".utf8) + [1, 2, 3],
            [0x89] + Array("PNG\r\n\u{1A}\n".utf8) + Array(repeating: Bytes.u32(0) + Array("tEXt".utf8) + Bytes.u32(0), count: 6000).flatMap { $0 },
            [0x89] + Array("PNG\r\n\u{1A}\n".utf8) + Bytes.u32(3) + Array("tEXt".utf8) + Array("Aut".utf8) + Bytes.u32(0),   // no NUL
            Array("RIFF".utf8) + Bytes.u32(0) + Array("WEBP".utf8) + Array("EXIF".utf8) + [0xFF, 0xFF, 0xFF, 0xFF],
            Array("RIFF".utf8) + Bytes.u32(0) + Array("WEBP".utf8) + Array("EXIF".utf8) + [0, 0, 0, 0],
            Array("GIF89a".utf8) + Array("<x:xmpmeta".utf8),                                       // XMP that never ends
            Array("GIF89a".utf8) + Array("<x:xmpmeta tiff:Artist=\"".utf8),
            Array("GIF89a".utf8) + Array("<x:xmpmeta><dc:creator>".utf8),
            Array("GIF89a".utf8) + Array("<x:xmpmeta exif:GPSLatitude=\"1,2,3,4,5N\" exif:GPSLongitude='x'".utf8),
            Bytes.u32(16) + Array("ftypheic".utf8) + Array("Exif\0\0".utf8),
            Bytes.u32(16) + Array("ftypmp42".utf8) + [0xA9] + Array("xyz".utf8) + Array("+-+-/".utf8),
            Bytes.u32(16) + Array("ftypmp42".utf8) + [0xA9] + Array("xyz".utf8),
        ]
        for bytes in cases {
            _ = PrivacyScanner.scanImage(Data(bytes))
        }
        #expect(PrivacyScanner.scanImage(Data(cases[12])).isEmpty)
    }

    @Test func notImages() {
        #expect(ImageMetadataScanner.format(of: Data()) == nil)
        #expect(ImageMetadataScanner.format(of: Data("Hei".utf8)) == nil)
        #expect(PrivacyScanner.scanImage(Data("%PDF-1.7".utf8)).isEmpty)
    }
}
