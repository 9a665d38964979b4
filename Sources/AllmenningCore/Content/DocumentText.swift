import CCmarkGFM
import CLibXML2
import Foundation

/// The readable text of the documents in a resource: what a pupil reads, without markup,
/// scripts or styles. HTML is parsed by libxml2 with the network off; Markdown is rendered by
/// cmark-gfm (CommonMark with GitHub's tables) and then read as HTML.
public enum DocumentText {
    /// The text of the first `HTMLTree.maximumBytes` of the document: the word count of a
    /// hostile 100 MB page costs no more than that of the largest page the checks read.
    public static func fromHTML(_ whole: Data) -> String {
        let data = whole.prefix(HTMLTree.maximumBytes)
        guard !data.isEmpty else { return "" }
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_COMPACT.rawValue)
        let document = data.withUnsafeBytes { buffer -> htmlDocPtr? in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return htmlReadMemory(base, Int32(clamping: buffer.count), nil, "UTF-8", options)
        }
        guard let document else { return "" }
        defer { xmlFreeDoc(document) }
        var text = ""
        appendText(of: xmlDocGetRootElement(document), to: &text)
        return text
    }

    /// Whether a file is a document whose text pupils read: HTML or Markdown, by its name.
    public static func isDocument(_ path: String) -> Bool {
        ["html", "htm", "md", "markdown"].contains((path as NSString).pathExtension.lowercased())
    }

    /// The readable text of a document (see `isDocument`), nil for any other file.
    public static func readable(_ data: Data, path: String) -> String? {
        guard isDocument(path) else { return nil }
        return (path as NSString).pathExtension.lowercased().hasPrefix("htm") ? fromHTML(data) : fromMarkdown(data)
    }

    public static func fromMarkdown(_ data: Data) -> String {
        fromHTML(Data(MarkdownRenderer.html(from: data.prefix(HTMLTree.maximumBytes)).utf8))
    }

    /// Words as a reader counts them: runs of text that contain a letter or a digit.
    public static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).filter { $0.contains { $0.isLetter || $0.isNumber } }.count
    }

    private static let skippedElements: Set<String> = ["script", "style", "template", "noscript"]
    private static let blockElements: Set<String> = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th",
                                                      "tr", "br", "pre", "blockquote", "section", "article", "figcaption",
                                                      "caption", "dt", "dd", "title", "header", "footer", "main", "nav"]

    private static func appendText(of node: xmlNodePtr?, to text: inout String) {
        var current = node
        while let element = current {
            switch element.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = element.pointee.content { text += String(cString: content) }
            case XML_ELEMENT_NODE:
                let name = element.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                if !skippedElements.contains(name) {
                    appendText(of: element.pointee.children, to: &text)
                    if blockElements.contains(name) { text += "\n" }
                }
            default:
                break
            }
            current = element.pointee.next
        }
    }
}

/// Markdown to HTML with cmark-gfm. Source positions are kept as `data-sourcepos` so that
/// checks on the HTML can point back to lines of the Markdown file.
public enum MarkdownRenderer {
    /// GitHub's extensions, registered and looked up once: cmark-gfm's registration is a
    /// global list with an unguarded "registered" flag, so two threads rendering their first
    /// Markdown at once could find no table extension (a Swift static is initialised once,
    /// under a lock).
    nonisolated(unsafe) private static let extensions: [OpaquePointer] = {
        cmark_gfm_core_extensions_ensure_registered()
        return ["table", "strikethrough", "autolink", "tasklist"].compactMap { (name: String) in cmark_find_syntax_extension(name) }
    }()

    public static func html(from data: Data) -> String {
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE
        let extensions = Self.extensions
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for extensionPointer in extensions { cmark_parser_attach_syntax_extension(parser, extensionPointer) }
        data.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) {
                cmark_parser_feed(parser, base, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        annotateRawHTML(in: document)
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// cmark gives its own blocks `data-sourcepos` but copies raw HTML blocks as they are, so
    /// an `<audio>` or `<img>` written as HTML in Markdown would have no line: each opening
    /// tag in them gets the Markdown line it is on.
    private static func annotateRawHTML(in document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK,
                  let literal = cmark_node_get_literal(node) else { continue }
            let annotated = RawHTMLPositions.annotate(String(cString: literal), firstLine: Int(cmark_node_get_start_line(node)))
            _ = cmark_node_set_literal(node, annotated)
        }
    }
}

/// Source lines for the tags of raw HTML copied from a Markdown file.
enum RawHTMLPositions {
    /// `html` with ` data-sourcepos="L:1-L:1"` after the name of every opening tag, L being
    /// the tag's line counted from `firstLine`. Comments, quoted attribute values and the
    /// text of script, style, textarea and title are left alone.
    static func annotate(_ html: String, firstLine: Int) -> String {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var line = firstLine
        var index = 0
        var rawTextEnd: [UInt8]?
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        func starts(_ prefix: [UInt8], at position: Int) -> Bool {
            position + prefix.count <= bytes.count
                && zip(bytes[position..<(position + prefix.count)], prefix).allSatisfy { $0 | 0x20 == $1 | 0x20 }
        }
        func copy(through terminator: [UInt8]) {
            while index < bytes.count {
                if starts(terminator, at: index) {
                    output += bytes[index..<(index + terminator.count)]
                    index += terminator.count
                    return
                }
                if bytes[index] == 0x0A { line += 1 }
                output.append(bytes[index])
                index += 1
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if let end = rawTextEnd {
                if starts(end, at: index) { rawTextEnd = nil; continue }
                if byte == 0x0A { line += 1 }
                output.append(byte)
                index += 1
            } else if starts(Array("<!--".utf8), at: index) {
                copy(through: Array("-->".utf8))
            } else if byte == 0x3C, index + 1 < bytes.count, isLetter(bytes[index + 1]) {
                var end = index + 1
                while end < bytes.count, isLetter(bytes[end]) || (0x30...0x39).contains(bytes[end]) || bytes[end] == 0x2D { end += 1 }
                let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self).lowercased()
                output += bytes[index..<end]
                output += Array(" data-sourcepos=\"\(line):1-\(line):1\"".utf8)
                index = end
                var quote: UInt8?
                while index < bytes.count {
                    let current = bytes[index]
                    if current == 0x0A { line += 1 }
                    output.append(current)
                    index += 1
                    if let open = quote {
                        if current == open { quote = nil }
                    } else if current == 0x22 || current == 0x27 {
                        quote = current
                    } else if current == 0x3E {
                        break
                    }
                }
                if ["script", "style", "textarea", "title"].contains(name) { rawTextEnd = Array("</\(name)".utf8) }
            } else {
                if byte == 0x0A { line += 1 }
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
