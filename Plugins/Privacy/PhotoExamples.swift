import AllmenningCore
import Foundation

/// Real, tiny images for the photo rules' examples (copies of files in
/// Tests/PrivacyTests/Corpus/images, made for the project by Scripts/make-privacy-corpus.py):
/// the rules' documentation shows what triggers them, and the examples run as tests.
enum PhotoExamples {
    /// EXIF GPS in the southern and western hemispheres, little-endian.
    static let withLocation = Data(base64Encoded: "/9j/4QDARXhpZgAASUkqAAgAAAADAA8BAgAGAAAAMgAAABABAgAOAAAAOAAAACWIBAABAAAARgAAAAAAAABDYW5vbgBDYW5vbiBFT1MgOTBEAAUAAAABAAQAAAACAwAAAQACAAIAAABTAAAAAgAFAAMAAACIAAAAAwACAAIAAABXAAAABAAFAAMAAACgAAAAAAAAADYAAAABAAAAMAAAAAEAAACsAgAAZAAAAEQAAAABAAAAEgAAAAEAAAA4BAAAZAAAAP/bAEMAAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAf/AAAsIAAEAAQEBEQD/xAAUAAEAAAAAAAAAAAAAAAAAAAAA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAAPwA//9k=")!
    /// A GPS block at 0, 0: a camera without a fix, not a place.
    static let zeroLocation = Data(base64Encoded: "/9j/4QDARXhpZgAATU0AKgAAAAgAAwEPAAIAAAAGAAAAMgEQAAIAAAAOAAAAOIglAAQAAAABAAAARgAAAABDYW5vbgBDYW5vbiBFT1MgOTBEAAAFAAAAAQAAAAQCAwAAAAEAAgAAAAJOAAAAAAIABQAAAAMAAACIAAMAAgAAAAJFAAAAAAQABQAAAAMAAACgAAAAAAAAAAAAAAABAAAAAAAAAAEAAAAAAAAAZAAAAAAAAAABAAAAAAAAAAEAAAAAAAAAZP/bAEMAAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAf/AAAsIAAEAAQEBEQD/xAAUAAEAAAAAAAAAAAAAAAAAAAAA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAAPwA//9k=")!
    /// EXIF BodySerialNumber: identifies the camera, so its owner.
    static let withSerialNumber = Data(base64Encoded: "/9j/4QBuRXhpZgAATU0AKgAAAAgAAwEPAAIAAAAGAAAAMgEQAAIAAAAOAAAAOIdpAAQAAAABAAAARgAAAABDYW5vbgBDYW5vbiBFT1MgOTBEAAABpDEAAgAAAA0AAABYAAAAADA4MzAyNDAwMTMzNwAA/9sAQwABAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB/8AACwgAAQABAQERAP/EABQAAQAAAAAAAAAAAAAAAAAAAAD/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/9oACAEBAAA/AD//2Q==")!
    /// Make, Model and Copyright only: a copyright notice is not personal data to hide.
    static let copyrightOnly = Data(base64Encoded: "/9j/4QBoRXhpZgAATU0AKgAAAAgAAwEPAAIAAAAGAAAAMgEQAAIAAAAOAAAAOIKYAAIAAAAaAAAARgAAAABDYW5vbgBDYW5vbiBFT1MgOTBEAMKpIEthcmkgTm9yZGJ5LCBDQyBCWSA0LjAA/9sAQwABAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB/8AACwgAAQABAQERAP/EABQAAQAAAAAAAAAAAAAAAAAAAAD/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/9oACAEBAAA/AD//2Q==")!

    static func triggering(_ kind: PersonalDataKind) -> [RuleExample] {
        switch kind {
        case .photoLocation: [RuleExample(path: "tur.jpg", bytes: withLocation)]
        case .photoOwner: [RuleExample(path: "klasse.jpg", bytes: withSerialNumber)]
        default: kind.triggeringExamples.map { RuleExample(path: "notes.txt", content: $0) }
        }
    }

    static func nonTriggering(_ kind: PersonalDataKind) -> [RuleExample] {
        switch kind {
        case .photoLocation: [RuleExample(path: "tur.jpg", bytes: zeroLocation), RuleExample(path: "geografi.md", content: kind.nonTriggeringExamples[0])]
        case .photoOwner: [RuleExample(path: "bilde.jpg", bytes: copyrightOnly)]
        default: kind.nonTriggeringExamples.map { RuleExample(path: "notes.txt", content: $0) }
        }
    }
}
