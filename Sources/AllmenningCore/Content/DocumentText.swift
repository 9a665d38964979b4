import CCmarkGFM
import CLibXML2
import Foundation

/// The readable text of the documents in a resource: what a pupil reads, without markup,
/// scripts or styles. HTML is parsed by libxml2 with the network off; Markdown is rendered by
/// cmark-gfm (CommonMark with GitHub's tables) and then read as HTML.
public enum DocumentText {
    public static func fromHTML(_ data: Data) -> String {
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

    public static func fromMarkdown(_ data: Data) -> String {
        fromHTML(Data(MarkdownRenderer.html(from: data).utf8))
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
    public static func html(from data: Data) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        data.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) {
                cmark_parser_feed(parser, base, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
