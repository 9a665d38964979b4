import CLibXML2
import Foundation

/// An HTML document as checks read it: elements with their attributes and source lines, and
/// text, in one flat array (parents and children by index), so that walking a deeply nested
/// document needs no recursion. Parsed by libxml2's HTML parser with the network off and
/// errors recovered; Markdown is rendered by cmark-gfm first and its lines are mapped back to
/// the Markdown source.
public struct HTMLTree: Sendable {
    public struct Node: Sendable {
        public enum Kind: Sendable, Equatable { case element, text }
        public var kind: Kind
        /// The element's name in lower case; "" for text.
        public var name: String
        /// In document order, names in lower case.
        public var attributes: [(name: String, value: String)]
        /// A text node's text; "" for elements.
        public var text: String
        public var parent: Int?
        public var children: [Int]
        /// The line in the source file (for Markdown: the Markdown line of the block it is in).
        public var line: Int

        // Inlinable, with the subscript below: the rules read a few fields of a node hundreds of
        // thousands of times a second, and across the module boundary each read otherwise
        // copies the whole node (four reference counts up and down).
        @inlinable
        public func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }

        @inlinable
        public func has(_ name: String) -> Bool { attributes.contains { $0.name == name } }
    }

    public private(set) var nodes: [Node] = []
    /// The document is rendered Markdown: a fragment the catalogue shows inside its own page,
    /// so page-level checks (language, title, viewport) do not apply to it.
    public let isFragment: Bool
    /// Only part of the input is in the tree: it was cut at `maximumBytes` or `maximumTags`, or
    /// libxml2 stopped at its nesting limit (`maximumDepth`) and dropped the rest.
    public private(set) var isTruncated = false

    /// More than this is not parsed: a lesson page is kilobytes, and the cap bounds time and
    /// memory for hostile input.
    public static let maximumBytes = 16 << 20
    /// Nor more tags than this (counted as `<` characters, so never fewer than there are): 16
    /// MiB of dense markup would be millions of nodes and gigabytes; a long lesson page has a
    /// few thousand tags.
    public static let maximumTags = 200_000
    /// libxml2's parser stops at this nesting depth (its xmlParserMaxDepth, kept: without
    /// XML_PARSE_HUGE) and drops everything after that point. It bounds every walk up or down
    /// the tree, here and in libxml2; no real page comes near it.
    public static let maximumDepth = 256

    /// The root element (`html`), nil for an empty document.
    public var root: Int? { nodes.isEmpty ? nil : 0 }

    public static func html(_ data: Data) -> HTMLTree {
        var tree = HTMLTree(isFragment: false)
        let input = cutAtTagLimit(data.prefix(maximumBytes))
        tree.parse(input)
        tree.isTruncated = tree.isTruncated || input.count < data.count
        return tree
    }

    public static func markdown(_ data: Data) -> HTMLTree {
        var tree = HTMLTree(isFragment: true)
        let rendered = Data(MarkdownRenderer.html(from: data.prefix(maximumBytes)).utf8)
        let input = cutAtTagLimit(rendered)
        tree.parse(input)
        tree.isTruncated = tree.isTruncated || data.count > maximumBytes || input.count < rendered.count
        tree.mapMarkdownLines()
        return tree
    }

    /// `data` up to its `maximumTags`-th `<`.
    private static func cutAtTagLimit(_ data: Data) -> Data {
        data.withUnsafeBytes { buffer -> Data in
            guard let base = buffer.baseAddress else { return data }
            var offset = 0
            for _ in 0..<maximumTags {
                guard offset < buffer.count, let found = memchr(base + offset, Int32(UInt8(ascii: "<")), buffer.count - offset) else {
                    return data
                }
                offset = base.distance(to: UnsafeRawPointer(found)) + 1
            }
            return data.prefix(offset - 1)
        }
    }

    /// HTML or Markdown by the file's extension; nil for other files.
    public static func document(path: String, data: Data) -> HTMLTree? {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm", "xhtml": html(data)
        case "md", "markdown": markdown(data)
        default: nil
        }
    }

    private init(isFragment: Bool) {
        self.isFragment = isFragment
    }

    // MARK: Reading

    @inlinable
    public subscript(index: Int) -> Node { nodes[index] }

    /// The element indices in document order.
    public var elements: [Int] { nodes.indices.filter { nodes[$0].kind == .element } }

    public func elements(named name: String) -> [Int] {
        nodes.indices.filter { nodes[$0].kind == .element && nodes[$0].name == name }
    }

    /// The descendants of `index` in document order, without recursion.
    public func descendants(of index: Int) -> [Int] {
        var result: [Int] = []
        var stack = nodes[index].children.reversed() as [Int]
        while let next = stack.popLast() {
            result.append(next)
            stack.append(contentsOf: nodes[next].children.reversed())
        }
        return result
    }

    /// The ancestors of `index`, nearest first.
    public func ancestors(of index: Int) -> [Int] {
        var result: [Int] = []
        var current = nodes[index].parent
        while let parent = current {
            result.append(parent)
            current = nodes[parent].parent
        }
        return result
    }

    /// The text of `index` and its descendants, as the DOM's textContent (scripts and styles
    /// included, as the DOM does).
    public func textContent(of index: Int) -> String {
        if nodes[index].kind == .text { return nodes[index].text }
        return descendants(of: index).filter { nodes[$0].kind == .text }.map { nodes[$0].text }.joined()
    }

    /// The element whose `id` is `id`, the first in document order.
    public func element(id: String) -> Int? {
        nodes.indices.first { nodes[$0].kind == .element && nodes[$0].attribute("id") == id }
    }

    // MARK: Parsing

    private mutating func parse(_ data: Data) {
        guard !data.isEmpty else { return }
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NOBLANKS.rawValue)
        guard let context = htmlNewParserCtxt() else { return }
        defer { htmlFreeParserCtxt(context) }
        let document = data.withUnsafeBytes { buffer -> htmlDocPtr? in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return htmlCtxtReadMemory(context, base, Int32(clamping: buffer.count), nil, "UTF-8", options)
        }
        // A halted parser (the depth limit) disables its callbacks: what followed is not in the tree.
        if context.pointee.disableSAX != 0 { isTruncated = true }
        guard let document else { return }
        defer { xmlFreeDoc(document) }
        guard let rootElement = xmlDocGetRootElement(document) else { return }
        // Depth-first over libxml2's tree with an explicit stack of (node, parent index).
        var stack: [(xmlNodePtr, Int?)] = [(rootElement, nil)]
        while let (node, parent) = stack.popLast() {
            let index: Int
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                index = nodes.count
                nodes.append(Node(kind: .element, name: Self.string(node.pointee.name).lowercased(),
                                  attributes: Self.attributes(of: node), text: "", parent: parent, children: [],
                                  line: Int(xmlGetLineNo(node))))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                index = nodes.count
                nodes.append(Node(kind: .text, name: "", attributes: [], text: Self.string(node.pointee.content), parent: parent,
                                  children: [], line: Int(xmlGetLineNo(node))))
            default:
                continue
            }
            if let parent { nodes[parent].children.append(index) }
            var children: [xmlNodePtr] = []
            var child = node.pointee.children
            while let current = child {
                children.append(current)
                child = current.pointee.next
            }
            // libxml2's parser predates HTML5 and does not know that source, track, wbr … are
            // void: what it put inside them belongs after them, in their parent.
            let owner = Self.voidElements.contains(nodes[index].name) ? parent : index
            for child in children.reversed() { stack.append((child, owner)) }
        }
        moveBodyContentOutOfHead()
    }

    /// Elements that belong in head; any other element ends it (HTML's "in head" insertion
    /// mode).
    private static let headContent: Set<String> = ["base", "basefont", "bgsound", "link", "meta", "noscript", "script", "style",
                                                   "template", "title"]

    /// libxml2 2.9 leaves button, input, label, select, textarea, object, svg and the HTML5
    /// elements it does not know (nav, details …) in head when they follow a style, link or
    /// meta element and the page has no body tag; a browser starts the body there. Move that
    /// element and everything after it in head to the start of body (made if missing), so that
    /// they are not taken for unrendered head content.
    private mutating func moveBodyContentOutOfHead() {
        guard let root, nodes[root].name == "html",
              let head = nodes[root].children.first(where: { nodes[$0].kind == .element && nodes[$0].name == "head" }),
              let start = nodes[head].children.firstIndex(where: { nodes[$0].kind == .element && !Self.headContent.contains(nodes[$0].name) })
        else { return }
        let moved = Array(nodes[head].children[start...])
        nodes[head].children.removeSubrange(start...)
        let body: Int
        if let existing = nodes[root].children.first(where: { nodes[$0].kind == .element && nodes[$0].name == "body" }) {
            body = existing
            nodes[body].children.insert(contentsOf: moved, at: 0)
        } else {
            body = nodes.count
            nodes.append(Node(kind: .element, name: "body", attributes: [], text: "", parent: root, children: moved,
                              line: nodes[moved[0]].line))
            let afterHead = (nodes[root].children.firstIndex(of: head) ?? 0) + 1
            nodes[root].children.insert(body, at: afterHead)
        }
        for child in moved { nodes[child].parent = body }
    }

    /// HTML's void elements: they never have children.
    public static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                            "param", "source", "track", "wbr"]

    private static func attributes(of node: xmlNodePtr) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = string(current.pointee.name).lowercased()
            // The HTML parser has expanded entities: the value is the text of the attribute's
            // child nodes, read in place (nothing for us to free).
            var value = ""
            var part = current.pointee.children
            while let text = part {
                value += string(text.pointee.content)
                part = text.pointee.next
            }
            result.append((name, value))
            attribute = current.pointee.next
        }
        return result
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func string(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// cmark writes `data-sourcepos="3:1-5:20"` on block elements: every node gets the start
    /// line of its nearest block, and the attribute is removed so checks never see it.
    private mutating func mapMarkdownLines() {
        for index in nodes.indices {
            if let position = nodes[index].attribute("data-sourcepos") {
                nodes[index].line = Int(position.prefix { $0.isNumber }) ?? 1
                nodes[index].attributes.removeAll { $0.name == "data-sourcepos" }
            } else if let parent = nodes[index].parent {
                // Parents come before their children in the array, so theirs is mapped already.
                nodes[index].line = nodes[parent].line
            } else {
                nodes[index].line = 1
            }
        }
    }
}
