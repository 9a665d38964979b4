@testable import Accessibility
import AllmenningCore
import Foundation
import Testing

/// Pages that are broken or made to hurt: every one gives findings or a clear result, without
/// a crash, in bounded time and memory. Memory is the growth of the process's peak resident
/// size while one case runs (Linux lets a process reset its peak; elsewhere the growth is
/// measured from the lifetime peak, which can only make it smaller). The suite is serialized so
/// that its cases do not share a peak; other suites may still run beside it, so the bounds
/// leave room.
@Suite("Hostile input: HTMLTree and the accessibility plugin", .serialized)
struct HostileInputTests {
    // MARK: Measuring

    struct Measurement {
        var seconds: Double
        /// Growth of the peak resident set, MiB.
        var peakGrowth: Double
    }

    /// Peak and current resident set size in KiB, from /proc/self/status (Linux).
    static func residentKiB(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }

    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Measurement) {
        // Writing 5 to clear_refs resets VmHWM to the current resident size (Linux 4.0+).
        let reset = FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs")
            && (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
        let before = reset ? residentKiB("VmRSS") : residentKiB("VmHWM")
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let growth = (residentKiB("VmHWM") ?? 0) - (before ?? 0)
        return (result, Measurement(seconds: seconds, peakGrowth: Double(max(0, growth)) / 1024))
    }

    static func check(_ path: String, _ data: Data) -> FileCheck {
        AccessibilityPlugin().checkFile(PluginFile(path: path, data: data), context: PluginContext(manifest: nil))
    }

    static func codes(_ check: FileCheck) -> Set<String> { Set(check.findings.map(\.code)) }

    // MARK: Cases

    @Test("malformed HTML: unclosed tags, stray </, garbage and NUL bytes are read as browsers would, and checked")
    func malformed() {
        var data = Data("<html lang=\"xx\"><head><title>Brøk</title><body><p id=\"a\">Uavsluttet <b><i>avsnitt\n<div id=\"a\"></p></span></ div></>\n".utf8)
        data.append(contentsOf: [0x00, 0x01, 0x1B, 0x7F, 0xC0, 0xAF, 0xFE, 0xFF])
        data.append(Data("<p lang=\"zz\">etter søppel</p>\n<a href=\"#\"</a><<<>>><!-- uavsluttet kommentar <script>".utf8))
        let (check, cost) = Self.measure { Self.check("side.html", data) }
        let codes = Self.codes(check)
        #expect(codes.contains("accessibility.page-language-valid"))
        #expect(codes.contains("accessibility.unique-id"))
        #expect(codes.contains("accessibility.element-language-valid"), "the page is read past the garbage bytes")
        #expect(!codes.contains("accessibility.page-not-fully-checked"))
        #expect(cost.seconds < 5 && cost.peakGrowth < 64, "\(cost)")

        for fragment in ["</", "<", "</p", "<p", "<!--", "<!DOCTYPE", "<![CDATA[", "&", "&#x110000;", "&#0;", "<a b=\"", "\u{FEFF}",
                         "</html></html><html>", "<table><td><tr></table></td>", "<svg><math><svg><p>"] {
            let tree = HTMLTree.html(Data(fragment.utf8))
            #expect(tree.nodes.indices.allSatisfy { index in tree[index].parent.map { $0 < index } ?? (index == 0) }, "\(fragment)")
            #expect(tree.nodes.indices.allSatisfy { index in tree[index].children.allSatisfy { tree[$0].parent == index } }, "\(fragment)")
            _ = Self.check("side.html", Data(fragment.utf8))
        }
    }

    @Test("a 100 MB page on one line is cut at 16 MiB, says so, and is checked in reasonable time and memory")
    func hugeSingleLine() {
        let head = Data("<html lang=\"xx\"><body><p>".utf8)
        var text = head
        text.append(Data(repeating: UInt8(ascii: "a"), count: 100 << 20))
        let (tree, parse) = Self.measure { HTMLTree.html(text) }
        #expect(tree.isTruncated)
        #expect(tree.nodes.filter { $0.kind == .text }.map(\.text.utf8.count).reduce(0, +) <= HTMLTree.maximumBytes)
        #expect(parse.seconds < 30 && parse.peakGrowth < 256, "\(parse)")
        let (check, plugin) = Self.measure { Self.check("stor.html", text) }
        #expect(Self.codes(check).isSuperset(of: ["accessibility.page-not-fully-checked", "accessibility.page-language-valid"]))
        #expect(plugin.seconds < 30 && plugin.peakGrowth < 256, "\(plugin)")

        // Markup rather than one text run: 16 MiB would be millions of nodes, so the tag cap
        // cuts it first.
        var markup = head
        markup.reserveCapacity((100 << 20) + 16)
        let cell = Data("<i>x</i> ".utf8)
        while markup.count < 100 << 20 { markup.append(cell) }
        let (markupCheck, markupCost) = Self.measure { () -> (HTMLTree, FileCheck) in
            (HTMLTree.html(markup), Self.check("stor.html", markup))
        }
        #expect(markupCheck.0.isTruncated)
        #expect(markupCheck.0.elements.count <= HTMLTree.maximumTags + 4)
        #expect(Self.codes(markupCheck.1).contains("accessibility.page-not-fully-checked"))
        #expect(markupCost.seconds < 60 && markupCost.peakGrowth < 512, "\(markupCost)")
    }

    /// libxml2 stops at a nesting depth of 256 (`HTMLTree.maximumDepth`) and drops the rest of
    /// the document: the tree says it is truncated, and the plugin says the page was checked
    /// only in part. Nothing recurses past that depth, not libxml2's parser or xmlFreeDoc, not
    /// HTMLTree, not DocumentText.
    @Test("100,000 nested elements: the parse stops at libxml2's depth limit, says so, and nothing overflows")
    func deepNesting() {
        func page(depth: Int) -> Data {
            var html = "<html lang=\"nb\"><head><title>Dyp</title></head><body>"
            html += String(repeating: "<div>", count: depth)
            html += "<p lang=\"xx\" style=\"line-height: 1 !important\">Dypt nede i treet</p>"
            html += String(repeating: "</div>", count: depth)
            html += "<p lang=\"yy\">Etter</p></body></html>"
            return Data(html.utf8)
        }
        let deep = page(depth: 100_000)
        let (tree, parse) = Self.measure { HTMLTree.html(deep) }
        #expect(tree.isTruncated)
        #expect(tree.nodes.indices.map { tree.ancestors(of: $0).count }.max() ?? 0 <= HTMLTree.maximumDepth)
        #expect(tree.elements(named: "p").isEmpty, "what lies deeper than the limit is dropped")
        #expect(parse.seconds < 10 && parse.peakGrowth < 64, "\(parse)")
        let (check, plugin) = Self.measure { Self.check("dyp.html", deep) }
        #expect(Self.codes(check) == ["accessibility.page-not-fully-checked"])
        #expect(plugin.seconds < 10 && plugin.peakGrowth < 64, "\(plugin)")
        let (text, documentText) = Self.measure { DocumentText.fromHTML(deep) }
        #expect(text.contains("Dyp") && !text.contains("Dypt nede i treet"))
        #expect(documentText.seconds < 10, "\(documentText)")

        // Below the limit the whole page is read and checked.
        let (shallow, _) = Self.measure { Self.check("dyp.html", page(depth: HTMLTree.maximumDepth - 10)) }
        #expect(Self.codes(shallow) == ["accessibility.element-language-valid", "accessibility.line-height-important"])
        #expect(shallow.findings.filter { $0.code == "accessibility.element-language-valid" }.count == 2)

        // cmark-gfm renders 100,000 nested block quotes; libxml2 then stops at its limit.
        let quotes = Data((String(repeating: "> ", count: 100_000) + "Dypt sitat\n").utf8)
        let (markdown, markdownCost) = Self.measure { HTMLTree.markdown(quotes) }
        #expect(markdown.isTruncated)
        #expect(markdownCost.seconds < 30 && markdownCost.peakGrowth < 256, "\(markdownCost)")
    }

    @Test("billion laughs: entities declared in a DOCTYPE are never expanded")
    func billionLaughs() {
        var xhtml = "<?xml version=\"1.0\"?>\n<!DOCTYPE html [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xhtml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xhtml += "]>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"nb\"><head><title>Latter</title></head>"
        xhtml += "<body><p>&lol9;</p><p lang=\"xx\">&lol9;</p></body></html>\n"
        let data = Data(xhtml.utf8)
        // An .xhtml page goes through the HTML parser, which reads no internal DTD subset and
        // knows only HTML's own entities: &lol9; stays as written.
        let (tree, parse) = Self.measure { HTMLTree.document(path: "latter.xhtml", data: data) }
        let text = tree.map { $0.nodes.filter { $0.kind == .text }.map(\.text).joined() } ?? ""
        #expect(text.utf8.count < 4 * data.count)
        #expect(text.contains("&lol9;"))
        #expect(parse.seconds < 5 && parse.peakGrowth < 64, "\(parse)")
        let (check, plugin) = Self.measure { Self.check("latter.xhtml", data) }
        #expect(Self.codes(check).contains("accessibility.element-language-valid"))
        #expect(plugin.seconds < 5 && plugin.peakGrowth < 64, "\(plugin)")
        let (documentText, cost) = Self.measure { DocumentText.fromHTML(data) }
        #expect(documentText.utf8.count < 4 * data.count && cost.peakGrowth < 64, "\(cost)")
    }

    @Test("invalid UTF-8 becomes replacement characters; the rest of the page is read and checked")
    func invalidUTF8() {
        var data = Data("<html lang=\"nb\"><head><title>Brøk</title></head><body><p>Før ".utf8)
        // Broken two-, three- and four-byte sequences, a lone continuation byte, an encoded
        // surrogate and a five-byte form.
        data.append(contentsOf: [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xED, 0xA0, 0x80, 0xF8, 0x88, 0x80, 0x80, 0x80])
        data.append(Data(" etter</p><div id=\"d\"></div><div id=\"d\">ø</div></body></html>".utf8))
        let (check, cost) = Self.measure { Self.check("side.html", data) }
        #expect(Self.codes(check) == ["accessibility.unique-id"])
        #expect(cost.seconds < 5 && cost.peakGrowth < 64, "\(cost)")
        let text = HTMLTree.html(data).nodes.filter { $0.kind == .text }.map(\.text).joined()
        #expect(text.contains("Før") && text.contains("etter") && text.contains("ø") && text.contains("\u{FFFD}"))
        #expect(DocumentText.fromHTML(data).contains("etter"))
    }
}
