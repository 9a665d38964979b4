import Foundation
import Licensing
import Testing

@Suite struct HeaderScannerTests {
    static let syntaxes: [(text: String, expected: String)] = [
        ("<!-- SPDX-License-Identifier: CC-BY-4.0 -->", "CC-BY-4.0"),
        ("<!--SPDX-License-Identifier: CC-BY-4.0-->", "CC-BY-4.0"),
        ("SPDX-License-Identifier: CC-BY-SA-4.0", "CC-BY-SA-4.0"),
        ("# SPDX-License-Identifier: MIT", "MIT"),
        ("# SPDX-License-Identifier: MIT #", "MIT"),
        ("// SPDX-License-Identifier: CC0-1.0", "CC0-1.0"),
        ("/* SPDX-License-Identifier: CC-BY-4.0 */", "CC-BY-4.0"),
        (" * SPDX-License-Identifier: CC-BY-4.0", "CC-BY-4.0"),
        ("{/* SPDX-License-Identifier: MIT */}", "MIT"),
        ("{{!-- SPDX-License-Identifier: CC-BY-4.0 --}}", "CC-BY-4.0"),
        ("{# SPDX-License-Identifier: CC-BY-4.0 #}", "CC-BY-4.0"),
        ("% SPDX-License-Identifier: CC-BY-SA-4.0", "CC-BY-SA-4.0"),
        ("-- SPDX-License-Identifier: CC-BY-4.0", "CC-BY-4.0"),
        (".. SPDX-License-Identifier: CC-BY-4.0", "CC-BY-4.0"),
        ("<meta name=\"licence\" content=\"SPDX-License-Identifier: CC-BY-4.0\" />", "CC-BY-4.0"),
        ("(* SPDX-License-Identifier: CC-BY-4.0 *)", "CC-BY-4.0"),
        ("SPDX-License-Identifier:    CC-BY-4.0 OR MIT   ", "CC-BY-4.0 OR MIT"),
        // As REUSE reads it: to the end of the line, so an inline comment in one-line SVG keeps the rest.
        ("<svg><!-- SPDX-License-Identifier: CC-BY-4.0 --></svg>", "CC-BY-4.0 --></svg>"),
        ("<!-- SPDX-License-Identifier: MIT */ -->", "MIT */"),
    ]

    @Test(arguments: syntaxes.indices)
    func commentSyntax(index: Int) {
        let (text, expected) = Self.syntaxes[index]
        let tags = HeaderScanner.scan(Data(("first line\n" + text + "\nlast line\n").utf8))
        #expect(tags.licences.map(\.value) == [expected])
        #expect(tags.licences.first?.line == 2)
    }

    @Test func copyrightLines() {
        let text = """
        // SPDX-FileCopyrightText: 2024 Kari Nordmann <kari@example.org>
        // Copyright (c) 2020 Ola Nordmann
        // © 2019 Eksempel skole
        // Copyright
        // SPDX-License-Identifier: CC-BY-4.0
        """
        let tags = HeaderScanner.scan(Data(text.utf8))
        #expect(tags.copyrights.map(\.value) == ["SPDX-FileCopyrightText: 2024 Kari Nordmann <kari@example.org>", "Copyright (c) 2020 Ola Nordmann", "© 2019 Eksempel skole"])
        #expect(tags.licences.map(\.value) == ["CC-BY-4.0"])
    }

    @Test func aCopyrightNoticeWinsItsLine() {
        let tags = HeaderScanner.scan(Data("Copyright 2024 Kari SPDX-License-Identifier: MIT\n".utf8))
        #expect(tags.licences.isEmpty)
        #expect(tags.copyrights.count == 1)
    }

    @Test func severalTagsEachOnceInOrder() {
        let tags = HeaderScanner.scan(Data("SPDX-License-Identifier: MIT\nSPDX-License-Identifier: CC-BY-4.0\nSPDX-License-Identifier: MIT\n".utf8))
        #expect(tags.licences.map(\.value) == ["MIT", "CC-BY-4.0"])
        #expect(tags.licences.map(\.line) == [1, 2])
    }

    @Test func ignoreBlocksAreSkippedAndLinesKept() {
        let text = "a\n<!-- REUSE-IgnoreStart -->\nSPDX-License-Identifier: MIT\n<!-- REUSE-IgnoreEnd -->\nSPDX-License-Identifier: CC0-1.0\n"
        let tags = HeaderScanner.scan(Data(text.utf8))
        #expect(tags.licences.map(\.value) == ["CC0-1.0"])
        #expect(tags.licences.first?.line == 5)
        // Unclosed: the rest of the file is ignored.
        #expect(HeaderScanner.scan(Data("REUSE-IgnoreStart\nSPDX-License-Identifier: MIT\n".utf8)).licences.isEmpty)
    }

    @Test func lineEndingsAndEncodings() {
        #expect(HeaderScanner.scan(Data("x\r\nSPDX-License-Identifier: MIT\r\n".utf8)).licences == [ReuseTags.Tag(value: "MIT", line: 2)])
        #expect(HeaderScanner.scan(Data("x\rSPDX-License-Identifier: MIT\r".utf8)).licences.map(\.line) == [2])
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("SPDX-License-Identifier: CC-BY-NC-4.0\næøå\n".data(using: .utf16LittleEndian)!)
        #expect(HeaderScanner.scan(utf16).licences.map(\.value) == ["CC-BY-NC-4.0"])
        var bom = Data([0xEF, 0xBB, 0xBF])
        bom.append(Data("SPDX-License-Identifier: MIT\n".utf8))
        #expect(HeaderScanner.scan(bom).licences.map(\.value) == ["MIT"])
        // Latin-1 bytes are not UTF-8: replaced, the tag still read.
        #expect(HeaderScanner.scan(Data([0x23, 0x20, 0xE6, 0x0A] + Array("# SPDX-License-Identifier: MIT\n".utf8))).licences.map(\.value) == ["MIT"])
    }

    @Test func binaryFilesAreNotRead() {
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])
        png.append(Data("SPDX-License-Identifier: MIT\n".utf8))
        let tags = HeaderScanner.scan(png)
        #expect(tags.isBinary)
        #expect(tags.licences.isEmpty)
    }

    @Test func emptyAndTaglessTexts() {
        #expect(HeaderScanner.scan(Data()).isEmpty)
        #expect(HeaderScanner.scan(Data("# Brøk\n\nCopyrights are complicated. SPDX is a standard.\n".utf8)).isEmpty)
    }
}
