import Foundation

/// Personal data in the metadata of images (and the location of phone videos).
///
/// What is read:
/// - EXIF, a TIFF structure: in JPEG APP1 (`Exif\0\0`), PNG `eXIf` chunks, TIFF files, WebP `EXIF`
///   chunks, and in other containers (HEIF, AVIF) wherever an `Exif\0\0` header is found.
///   From IFD0: Artist, XPAuthor, CameraSerialNumber; from the Exif IFD: CameraOwnerName,
///   BodySerialNumber, LensSerialNumber, OwnerName and SerialNumber (0xFDE8/0xFDE9); from the GPS
///   IFD: GPSLatitude/GPSLongitude with their Ref tags. Copyright is not personal data here (it
///   names a rights holder on purpose), nor are Make and Model.
/// - XMP packets (`<x:xmpmeta …>`) anywhere in the file: exif:GPSLatitude/GPSLongitude,
///   tiff:Artist, dc:creator, aux:SerialNumber, aux:OwnerName, exifEX:BodySerialNumber,
///   exifEX:CameraOwnerName, LensSerialNumber, people tagged in the photo (mwg-rs:Name,
///   MP:PersonDisplayName, Iptc4xmpExt:PersonInImage) and the creator's contact e-mail, phone and
///   address (Iptc4xmpCore:CiEmailWork, CiTelWork, CiAdrExtadr).
/// - Text in JPEG comments and PNG `tEXt` chunks (Author counts as an owner; other text is read
///   with the text rules for e-mail addresses, phone and id numbers).
/// - QuickTime/MP4 videos: the `©xyz` location atom that phones write.
///
/// Not read: compressed XMP (PNG `zTXt`/compressed `iTXt`), IPTC-IIM (JPEG APP13), maker notes.
///
/// The parser trusts nothing in the file: every offset and count is checked against the bytes
/// that are there, IFDs are read once each and at most a few of them, an IFD with more than
/// 1,024 entries is treated as corrupt, and JPEG, PNG and WebP walks stop after a bounded number
/// of segments. A GPS position of exactly 0, 0 is what cameras write without a fix; it is ignored.
public enum ImageMetadataScanner {
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case jpeg, png, tiff, webp, gif, heif, video
    }

    /// The image format from the first bytes, or nil when the bytes are not an image this scanner knows.
    public static func format(of data: Data) -> Format? {
        let head = [UInt8](data.prefix(16))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .webp }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return .gif }
        if head.count >= 12, Array(head[4..<8]) == Array("ftyp".utf8) {
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            return ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif", "avis"].contains(brand) ? .heif : .video
        }
        return nil
    }

    /// Personal data in an image's metadata. Never traps, whatever the bytes.
    public static func scan(_ data: Data) -> [PersonalDataMatch] {
        guard let format = format(of: data) else { return [] }
        var facts = Facts()
        if format == .video {
            readVideoLocation(data, into: &facts)
            return facts.matches()
        }
        let bytes = [UInt8](data)
        switch format {
        case .jpeg: readJPEG(bytes, into: &facts)
        case .png: readPNG(bytes, into: &facts)
        case .tiff: readTIFF(bytes, start: 0, end: bytes.count, source: "EXIF", into: &facts)
        case .webp: readWebP(bytes, into: &facts)
        case .heif: readEmbeddedExif(bytes, into: &facts)
        case .gif, .video: break
        }
        readXMP(bytes, into: &facts)
        return facts.matches()
    }

    // MARK: - What was found

    struct Owner: Equatable {
        var field: String
        var value: String
        var source: String
        var fieldNB: String
        var fieldEN: String
        var isSerial: Bool
    }

    struct Facts {
        var locations: [(latitude: Double?, longitude: Double?, source: String)] = []
        var owners: [Owner] = []
        var texts: [String] = []

        func matches() -> [PersonalDataMatch] {
            var result: [PersonalDataMatch] = []
            if let location = locations.first(where: { $0.latitude != nil && $0.longitude != nil }) ?? locations.first {
                let masked: String
                if let latitude = location.latitude, let longitude = location.longitude {
                    masked = "≈ " + Self.coordinate(latitude, positive: "N", negative: "S") + ", "
                        + Self.coordinate(longitude, positive: "E", negative: "W")
                } else {
                    masked = "GPS"
                }
                result.append(PersonalDataMatch(kind: .photoLocation, line: nil, column: nil, length: 0, matchedText: masked,
                                                confidence: location.latitude == nil ? .medium : .high,
                                                reason: "\(location.source) latitude and longitude",
                                                message: PrivacyMessages.photoLocation(masked, video: location.source.hasPrefix("video"))))
            }
            var seen: Set<String> = []
            for owner in owners where seen.insert(owner.value.lowercased()).inserted {
                let masked = owner.field + ": " + (owner.isSerial ? Masking.serial(owner.value) : Masking.name(owner.value))
                result.append(PersonalDataMatch(kind: .photoOwner, line: nil, column: nil, length: 0, matchedText: masked,
                                                confidence: .high, reason: "\(owner.source) \(owner.field)",
                                                message: PrivacyMessages.photoOwner(masked, fieldNB: owner.fieldNB, fieldEN: owner.fieldEN)))
            }
            for text in texts.prefix(64) {
                result += TextScanner.scanLine(Array(text.unicodeScalars.prefix(4096)), lineNumber: nil)
            }
            return result
        }

        /// One decimal (about 10 km): enough for the owner to recognise the place, not to find a house.
        static func coordinate(_ value: Double, positive: String, negative: String) -> String {
            let rounded = (abs(value) * 10).rounded() / 10
            return String(format: "%.1f", rounded) + "° " + (value < 0 ? negative : positive)
        }
    }

    // MARK: - Containers

    private static func readJPEG(_ bytes: [UInt8], into facts: inout Facts) {
        var index = 2
        var segments = 0
        while index + 4 <= bytes.count, segments < 512 {
            segments += 1
            guard bytes[index] == 0xFF else { return }
            var markerIndex = index + 1
            while markerIndex < bytes.count, bytes[markerIndex] == 0xFF { markerIndex += 1 }
            guard markerIndex + 2 < bytes.count else { return }
            let marker = bytes[markerIndex]
            if marker == 0xD9 || marker == 0xDA { return }                       // end of image, start of scan
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { index = markerIndex + 1; continue }
            let length = Int(bytes[markerIndex + 1]) << 8 | Int(bytes[markerIndex + 2])
            guard length >= 2 else { return }
            let start = markerIndex + 3
            let end = markerIndex + 1 + length
            guard end <= bytes.count else { return }
            let exifHeader: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]
            if marker == 0xE1, end - start >= 6, Array(bytes[start..<(start + 6)]) == exifHeader {
                readTIFF(bytes, start: start + 6, end: end, source: "EXIF", into: &facts)
            } else if marker == 0xFE {
                facts.texts.append(String(decoding: bytes[start..<end], as: UTF8.self))
            }
            index = end
        }
    }

    private static func readPNG(_ bytes: [UInt8], into facts: inout Facts) {
        var index = 8
        var chunks = 0
        while index + 12 <= bytes.count, chunks < 4096 {
            chunks += 1
            let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            let start = index + 8
            guard length <= bytes.count - start - 4 else { return }
            let end = start + length
            switch type {
            case "eXIf":
                readTIFF(bytes, start: start, end: end, source: "PNG eXIf", into: &facts)
            case "tEXt":
                let data = bytes[start..<end]
                if let zero = data.firstIndex(of: 0) {
                    let keyword = String(decoding: data[start..<zero], as: UTF8.self)
                    let text = String(decoding: data[(zero + 1)...], as: UTF8.self)   // Latin-1 by the spec; ASCII is what matters
                    if ["Author", "Artist"].contains(keyword), let value = cleaned(text) {
                        facts.owners.append(Owner(field: keyword, value: value, source: "PNG tEXt", fieldNB: "fotografens eller forfatterens navn (\(keyword))",
                                                  fieldEN: "the photographer's or author's name (\(keyword))", isSerial: false))
                    } else if ["Comment", "Description", "Title", "Disclaimer", "Warning", "Source"].contains(keyword) {
                        facts.texts.append(text)
                    }
                }
            case "IEND":
                return
            default:
                break
            }
            index = end + 4
        }
    }

    private static func readWebP(_ bytes: [UInt8], into facts: inout Facts) {
        var index = 12
        var chunks = 0
        while index + 8 <= bytes.count, chunks < 4096 {
            chunks += 1
            let type = String(decoding: bytes[index..<(index + 4)], as: UTF8.self)
            let length = Int(bytes[index + 4]) | Int(bytes[index + 5]) << 8 | Int(bytes[index + 6]) << 16 | Int(bytes[index + 7]) << 24
            let start = index + 8
            guard length <= bytes.count - start else { return }
            let end = start + length
            if type == "EXIF" {
                let exifHeader: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]
                let skip = end - start >= 6 && Array(bytes[start..<(start + 6)]) == exifHeader ? 6 : 0
                readTIFF(bytes, start: start + skip, end: end, source: "EXIF", into: &facts)
            }
            index = end + (length & 1)
        }
    }

    /// HEIF, AVIF and the like keep EXIF in an item whose data starts with `Exif\0\0` (after a
    /// 4-byte offset); finding that header is enough.
    private static func readEmbeddedExif(_ bytes: [UInt8], into facts: inout Facts) {
        let header: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]
        var from = 0
        var found = 0
        while found < 4, let position = firstIndex(of: header, in: bytes, from: from) {
            found += 1
            readTIFF(bytes, start: position + 6, end: bytes.count, source: "EXIF", into: &facts)
            from = position + 6
        }
    }

    // MARK: - TIFF / EXIF

    private struct TIFF {
        let bytes: [UInt8]
        let start: Int
        let end: Int
        let bigEndian: Bool

        /// Whether `count` bytes at TIFF offset `offset` are inside the data.
        func contains(_ offset: Int, _ count: Int) -> Bool {
            offset >= 0 && count >= 0 && offset <= end - start && count <= end - start - offset
        }

        func u16(_ offset: Int) -> Int? {
            guard contains(offset, 2) else { return nil }
            let a = Int(bytes[start + offset]), b = Int(bytes[start + offset + 1])
            return bigEndian ? a << 8 | b : b << 8 | a
        }

        func u32(_ offset: Int) -> Int? {
            guard let high = u16(bigEndian ? offset : offset + 2), let low = u16(bigEndian ? offset + 2 : offset) else { return nil }
            return high << 16 | low
        }

        func slice(_ offset: Int, _ count: Int) -> ArraySlice<UInt8>? {
            guard contains(offset, count) else { return nil }
            return bytes[(start + offset)..<(start + offset + count)]
        }

        struct Entry {
            var tag: Int
            var type: Int
            var count: Int
            /// TIFF offset of the value (inline in the entry when it fits in 4 bytes).
            var valueOffset: Int
        }

        static let typeSizes: [Int: Int] = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4]

        func entries(at offset: Int) -> [Entry] {
            guard let count = u16(offset), count <= 1024, contains(offset + 2, count * 12) else { return [] }
            var entries: [Entry] = []
            for index in 0..<count {
                let position = offset + 2 + index * 12
                guard let tag = u16(position), let type = u16(position + 2), let valueCount = u32(position + 4),
                      let size = Self.typeSizes[type], valueCount <= 1 << 24 else { continue }
                let total = size * valueCount
                let valueOffset = total <= 4 ? position + 8 : (u32(position + 8) ?? -1)
                guard contains(valueOffset, total) else { continue }
                entries.append(Entry(tag: tag, type: type, count: valueCount, valueOffset: valueOffset))
            }
            return entries
        }

        func string(_ entry: Entry) -> String? {
            guard [1, 2, 7].contains(entry.type), let data = slice(entry.valueOffset, min(entry.count, 1024)) else { return nil }
            return String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
        }

        /// Windows XP tags (XPAuthor): UCS-2 little-endian in BYTE values.
        func utf16String(_ entry: Entry) -> String? {
            guard [1, 7].contains(entry.type), let data = slice(entry.valueOffset, min(entry.count, 2048)) else { return nil }
            var units: [UInt16] = []
            var index = data.startIndex
            while index + 1 < data.endIndex {
                let unit = UInt16(data[index]) | UInt16(data[index + 1]) << 8
                if unit == 0 { break }
                units.append(unit)
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        }

        func rationals(_ entry: Entry) -> [Double]? {
            guard entry.type == 5 || entry.type == 10, entry.count >= 1 else { return nil }
            var values: [Double] = []
            for index in 0..<min(entry.count, 3) {
                guard let numerator = u32(entry.valueOffset + index * 8), let denominator = u32(entry.valueOffset + index * 8 + 4) else { return nil }
                let signedNumerator = entry.type == 10 ? Double(Int32(truncatingIfNeeded: numerator)) : Double(numerator)
                let signedDenominator = entry.type == 10 ? Double(Int32(truncatingIfNeeded: denominator)) : Double(denominator)
                guard signedDenominator != 0 else { return nil }
                values.append(signedNumerator / signedDenominator)
            }
            return values
        }

        func pointer(_ entry: Entry) -> Int? {
            guard entry.count == 1 else { return nil }
            switch entry.type {
            case 4, 13: return u32(entry.valueOffset)
            case 3: return u16(entry.valueOffset)
            default: return nil
            }
        }
    }

    private struct OwnerTag {
        var field: String
        var nb: String
        var en: String
        var isSerial: Bool
        var isUTF16 = false
    }

    private static let ownerTags: [Int: OwnerTag] = [
        0x013B: OwnerTag(field: "Artist", nb: "fotografens navn (Artist)", en: "the photographer's name (Artist)", isSerial: false),
        0x9C9D: OwnerTag(field: "XPAuthor", nb: "forfatterens navn (XPAuthor)", en: "the author's name (XPAuthor)", isSerial: false, isUTF16: true),
        0xC62F: OwnerTag(field: "CameraSerialNumber", nb: "kameraets serienummer (CameraSerialNumber)", en: "the camera's serial number (CameraSerialNumber)", isSerial: true),
        0xA430: OwnerTag(field: "CameraOwnerName", nb: "navnet på kameraets eier (CameraOwnerName)", en: "the camera owner's name (CameraOwnerName)", isSerial: false),
        0xA431: OwnerTag(field: "BodySerialNumber", nb: "kameraets serienummer (BodySerialNumber)", en: "the camera's serial number (BodySerialNumber)", isSerial: true),
        0xA435: OwnerTag(field: "LensSerialNumber", nb: "objektivets serienummer (LensSerialNumber)", en: "the lens's serial number (LensSerialNumber)", isSerial: true),
        0xFDE8: OwnerTag(field: "OwnerName", nb: "navnet på kameraets eier (OwnerName)", en: "the camera owner's name (OwnerName)", isSerial: false),
        0xFDE9: OwnerTag(field: "SerialNumber", nb: "kameraets serienummer (SerialNumber)", en: "the camera's serial number (SerialNumber)", isSerial: true),
    ]

    private static func readTIFF(_ bytes: [UInt8], start: Int, end: Int, source: String, into facts: inout Facts) {
        guard start >= 0, end <= bytes.count, end - start >= 8 else { return }
        let order = (bytes[start], bytes[start + 1])
        let bigEndian: Bool
        switch order {
        case (0x4D, 0x4D): bigEndian = true
        case (0x49, 0x49): bigEndian = false
        default: return
        }
        let tiff = TIFF(bytes: bytes, start: start, end: end, bigEndian: bigEndian)
        guard tiff.u16(2) == 42, let first = tiff.u32(4) else { return }
        var visited: Set<Int> = []
        var queue: [(offset: Int, kind: String)] = [(first, "IFD0")]
        while visited.count < 4, let item = queue.first {
            queue.removeFirst()
            let (offset, kind) = item
            guard visited.insert(offset).inserted else { continue }
            let entries = tiff.entries(at: offset)
            if kind == "GPS" {
                readGPS(entries, tiff, source: source, into: &facts)
                continue
            }
            for entry in entries {
                if kind == "IFD0", entry.tag == 0x8769, let pointer = tiff.pointer(entry) { queue.append((pointer, "Exif")) }
                if kind == "IFD0", entry.tag == 0x8825, let pointer = tiff.pointer(entry) { queue.append((pointer, "GPS")) }
                if let tag = ownerTags[entry.tag] {
                    let raw = tag.isUTF16 ? tiff.utf16String(entry) : tiff.string(entry)
                    if let value = raw.flatMap(cleaned) {
                        facts.owners.append(Owner(field: tag.field, value: value, source: source, fieldNB: tag.nb, fieldEN: tag.en, isSerial: tag.isSerial))
                    }
                }
            }
        }
    }

    private static func readGPS(_ entries: [TIFF.Entry], _ tiff: TIFF, source: String, into facts: inout Facts) {
        func entry(_ tag: Int) -> TIFF.Entry? { entries.first { $0.tag == tag } }
        guard let latitudeEntry = entry(2), let longitudeEntry = entry(4) else { return }
        let latitude = tiff.rationals(latitudeEntry).flatMap { degrees($0, reference: entry(1).flatMap(tiff.string), limit: 90) }
        let longitude = tiff.rationals(longitudeEntry).flatMap { degrees($0, reference: entry(3).flatMap(tiff.string), limit: 180) }
        if let latitude, let longitude, latitude == 0, longitude == 0 { return }
        facts.locations.append((latitude, longitude, source + " GPS"))
    }

    private static func degrees(_ parts: [Double], reference: String?, limit: Double) -> Double? {
        var value = 0.0
        for (index, part) in parts.enumerated() {
            guard part.isFinite, part >= 0 else { return nil }
            value += part / [1.0, 60.0, 3600.0][index]
        }
        guard value <= limit else { return nil }
        if let reference, ["S", "W"].contains(reference.trimmingCharacters(in: .whitespaces).uppercased()) { value = -value }
        return value
    }

    /// A metadata value worth reporting: trimmed, not empty, not a placeholder.
    static func cleaned(_ text: String) -> String? {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        guard !value.isEmpty, value.count <= 512 else { return nil }
        if ["unknown", "none", "n/a", "-", "?", "not set", "ukjent", "okänd", "ukendt"].contains(value.lowercased()) { return nil }
        if Set(value).count == 1, let only = value.first, "0 .-_xX*".contains(only) { return nil }
        return value
    }

    // MARK: - XMP

    private static let xmpStart = Array("<x:xmpmeta".utf8)
    private static let xmpEnd = Array("</x:xmpmeta>".utf8)

    private struct XMPProperty {
        var name: String           // local name, or prefix:name where the local name is too common
        var nb: String
        var en: String
        var isSerial = false
        var isText = false         // read with the text rules instead (e-mail, phone)
    }

    private static let xmpOwnerProperties: [XMPProperty] = [
        XMPProperty(name: "Artist", nb: "fotografens navn (tiff:Artist)", en: "the photographer's name (tiff:Artist)"),
        XMPProperty(name: "creator", nb: "navnet på den som laget bildet (dc:creator)", en: "the creator's name (dc:creator)"),
        XMPProperty(name: "OwnerName", nb: "navnet på kameraets eier (aux:OwnerName)", en: "the camera owner's name (aux:OwnerName)"),
        XMPProperty(name: "CameraOwnerName", nb: "navnet på kameraets eier (CameraOwnerName)", en: "the camera owner's name (CameraOwnerName)"),
        XMPProperty(name: "SerialNumber", nb: "kameraets serienummer (aux:SerialNumber)", en: "the camera's serial number (aux:SerialNumber)", isSerial: true),
        XMPProperty(name: "BodySerialNumber", nb: "kameraets serienummer (BodySerialNumber)", en: "the camera's serial number (BodySerialNumber)", isSerial: true),
        XMPProperty(name: "LensSerialNumber", nb: "objektivets serienummer (LensSerialNumber)", en: "the lens's serial number (LensSerialNumber)", isSerial: true),
        XMPProperty(name: "mwg-rs:Name", nb: "navnet på en person som er merket i bildet", en: "the name of a person tagged in the photo"),
        XMPProperty(name: "PersonDisplayName", nb: "navnet på en person som er merket i bildet", en: "the name of a person tagged in the photo"),
        XMPProperty(name: "PersonInImage", nb: "navnet på en person som er med på bildet", en: "the name of a person shown in the photo"),
        XMPProperty(name: "CiAdrExtadr", nb: "adressen til den som laget bildet", en: "the creator's address"),
        XMPProperty(name: "CiEmailWork", nb: "", en: "", isText: true),
        XMPProperty(name: "CiTelWork", nb: "", en: "", isText: true),
    ]

    private static func readXMP(_ bytes: [UInt8], into facts: inout Facts) {
        var from = 0
        var packets = 0
        while packets < 4, let start = firstIndex(of: xmpStart, in: bytes, from: from) {
            packets += 1
            let limit = min(bytes.count, start + 4 << 20)
            let end = firstIndex(of: xmpEnd, in: Array(bytes[start..<limit]), from: 0).map { start + $0 + xmpEnd.count } ?? limit
            readXMPPacket(String(decoding: bytes[start..<end], as: UTF8.self), into: &facts)
            from = end
        }
    }

    static func readXMPPacket(_ text: String, into facts: inout Facts) {
        let latitude = xmpValues(text, name: "GPSLatitude").first
        let longitude = xmpValues(text, name: "GPSLongitude").first
        if let latitude, let longitude {
            let lat = xmpCoordinate(latitude, limit: 90), lon = xmpCoordinate(longitude, limit: 180)
            if !(lat == 0 && lon == 0) { facts.locations.append((lat, lon, "XMP exif:GPS")) }
        }
        for property in xmpOwnerProperties {
            for value in xmpValues(text, name: property.name).prefix(16) {
                if property.isText {
                    facts.texts.append(value)
                } else if let value = cleaned(value) {
                    facts.owners.append(Owner(field: property.name, value: value, source: "XMP", fieldNB: property.nb, fieldEN: property.en,
                                              isSerial: property.isSerial))
                }
            }
        }
    }

    /// Values of a property in attribute form (`exif:GPSLatitude="59,54.69N"`) or element form
    /// (`<dc:creator><rdf:Seq><rdf:li>Kari</rdf:li></rdf:Seq></dc:creator>`), with any prefix
    /// unless `name` has one.
    static func xmpValues(_ text: String, name: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let needle = Array((name.contains(":") ? name : ":" + name).unicodeScalars)
        var values: [String] = []
        var index = 0
        var found = 0
        while found < 64, let position = firstIndex(of: needle, in: scalars, from: index) {
            found += 1
            index = position + needle.count
            // The name must be whole: a qualified name starts after a non-name character; a local
            // name follows a prefix (letters, digits, hyphens) and a colon.
            guard index < scalars.count else { break }
            let previous: Unicode.Scalar = position > 0 ? scalars[position - 1] : " "
            let previousIsNameCharacter = previous.properties.isAlphabetic || previous.isASCIIDigit || previous == "-" || previous == ":"
            if name.contains(":") ? previousIsNameCharacter : !previousIsNameCharacter { continue }
            let next = scalars[index]
            if next == "=" {
                var quote = index + 1
                while quote < scalars.count, scalars[quote].isSpaceLike { quote += 1 }
                guard quote < scalars.count, scalars[quote] == "\"" || scalars[quote] == "'" else { continue }
                let mark = scalars[quote]
                var close = quote + 1
                while close < scalars.count, scalars[close] != mark, close - quote < 4096 { close += 1 }
                values.append(decodeEntities(String(String.UnicodeScalarView(scalars[(quote + 1)..<min(close, scalars.count)]))))
                index = close
            } else if next == ">" || next.isSpaceLike || next == "\n" || next == "\r" || next == "/" {
                // An element: it must be an opening tag `<prefix:name …>`.
                var open = position - 1
                while open >= 0, scalars[open] != "<", scalars[open] != ">", position - open < 64 { open -= 1 }
                guard open >= 0, scalars[open] == "<", scalars[open + 1] != "/" else { continue }
                var tagEnd = index
                while tagEnd < scalars.count, scalars[tagEnd] != ">", tagEnd - index < 4096 { tagEnd += 1 }
                guard tagEnd < scalars.count, scalars[tagEnd - 1] != "/" else { continue }
                let qualifiedName = String(String.UnicodeScalarView(scalars[(open + 1)..<index]))
                let closing = Array("</\(qualifiedName)>".unicodeScalars)
                let contentEnd = firstIndex(of: closing, in: scalars, from: tagEnd + 1, limit: tagEnd + 1 + 65536) ?? min(scalars.count, tagEnd + 1 + 4096)
                let content = Array(scalars[(tagEnd + 1)..<contentEnd])
                values += textPieces(content).map(decodeEntities)
                index = min(scalars.count, contentEnd + closing.count)
            }
        }
        return values
    }

    /// The text between tags, one piece per run of text (so each rdf:li is one value).
    private static func textPieces(_ scalars: [Unicode.Scalar]) -> [String] {
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        var inTag = false
        func flush() {
            let piece = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !piece.isEmpty { pieces.append(piece) }
            current = String.UnicodeScalarView()
        }
        for scalar in scalars {
            if scalar == "<" { flush(); inTag = true } else if scalar == ">" { inTag = false } else if !inTag { current.append(scalar) }
        }
        flush()
        return pieces
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&#xA;", " "), ("&#10;", " ")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result.replacingOccurrences(of: "&amp;", with: "&")
    }

    /// XMP GPS coordinates: "DDD,MM.mmk" or "DDD,MM,SSk" with k one of N, S, E, W.
    static func xmpCoordinate(_ text: String, limit: Double) -> Double? {
        var body = text.trimmingCharacters(in: .whitespaces)
        guard let last = body.last, "NSEWnsew".contains(last) else { return Double(body).flatMap { abs($0) <= limit ? $0 : nil } }
        body.removeLast()
        let parts = body.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil }) else { return nil }
        guard let value = degrees(parts.map { $0! }, reference: nil, limit: limit) else { return nil }
        return "SWsw".contains(last) ? -value : value
    }

    // MARK: - Video

    /// QuickTime and MP4 files from phones keep the recording place as an ISO 6709 string in a
    /// `©xyz` atom: `+59.9139+010.7522+012.000/`.
    private static func readVideoLocation(_ data: Data, into facts: inout Facts) {
        let marker = Data([0xA9, 0x78, 0x79, 0x7A])
        guard let range = data.range(of: marker) else { return }
        let tail = data[range.upperBound..<min(data.endIndex, range.upperBound + 64)]
        let text = String(decoding: tail.filter { (0x20...0x7E).contains($0) }, as: UTF8.self)
        guard let start = text.firstIndex(where: { $0 == "+" || $0 == "-" }) else { return }
        var numbers: [Double] = []
        var current = ""
        for character in text[start...] {
            if character == "+" || character == "-" || character == "/" {
                if let number = Double(current) { numbers.append(number) }
                current = character == "/" ? "" : String(character)
                if character == "/" { break }
            } else if character.isNumber || character == "." {
                current.append(character)
            } else {
                break
            }
        }
        if let number = Double(current) { numbers.append(number) }
        guard numbers.count >= 2, abs(numbers[0]) <= 90, abs(numbers[1]) <= 180, !(numbers[0] == 0 && numbers[1] == 0) else { return }
        facts.locations.append((numbers[0], numbers[1], "video ©xyz"))
    }

    // MARK: - Searching

    /// Bytes: memchr for the first byte, memcmp for the rest (photos are megabytes).
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int, limit: Int? = nil) -> Int? {
        let end = min(limit ?? haystack.count, haystack.count)
        guard let first = needle.first, start >= 0, end - start >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var index = start
            while index <= end - needle.count {
                guard let found = memchr(base + index, Int32(first), end - needle.count + 1 - index) else { return nil }
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                let equal = needle.withUnsafeBufferPointer { memcmp(base + position, $0.baseAddress!, needle.count) == 0 }
                if equal { return position }
                index = position + 1
            }
            return nil
        }
    }

    static func firstIndex<T: Equatable>(of needle: [T], in haystack: [T], from start: Int, limit: Int? = nil) -> Int? {
        let end = min(limit ?? haystack.count, haystack.count)
        guard let first = needle.first, start >= 0, end - start >= needle.count else { return nil }
        var index = start
        while index <= end - needle.count {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] { matched = false; break }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
