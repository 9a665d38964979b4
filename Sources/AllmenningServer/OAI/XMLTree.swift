import CLibXML2
import Foundation

/// An XML document built on libxml2's tree, so that every text and attribute value is escaped
/// by the serialiser and the output is well-formed UTF-8 whatever a manifest holds. One
/// document is built and written by one caller; its elements live as long as the tree.
final class XMLTree {
    private let document: xmlDocPtr
    let root: Element

    /// A namespace declared on an element of the tree.
    struct Namespace {
        fileprivate let pointer: xmlNsPtr
    }

    /// An element of the tree; its children inherit its namespace unless told otherwise.
    struct Element {
        fileprivate let node: xmlNodePtr
        fileprivate let document: xmlDocPtr
        let namespace: Namespace?

        @discardableResult
        func add(_ name: String, _ text: String? = nil, namespace: Namespace? = nil) -> Element {
            let namespace = namespace ?? self.namespace
            let child = xmlNewDocNode(document, namespace?.pointer, XMLTree.bytes(name), nil)!
            xmlAddChild(node, child)
            if let text { xmlAddChild(child, xmlNewDocText(document, XMLTree.bytes(XMLTree.characters(text)))) }
            return Element(node: child, document: document, namespace: namespace)
        }

        func set(_ name: String, _ value: String, namespace: Namespace? = nil) {
            let value = XMLTree.bytes(XMLTree.characters(value))
            if let namespace {
                xmlNewNsProp(node, namespace.pointer, XMLTree.bytes(name), value)
            } else {
                xmlNewProp(node, XMLTree.bytes(name), value)
            }
        }

        /// xml:lang
        func setLanguage(_ tag: String) {
            xmlNodeSetLang(node, XMLTree.bytes(tag))
        }

        /// Declares a namespace on this element; nil prefix makes it the default namespace here.
        func declare(_ uri: String, prefix: String?) -> Namespace {
            if let prefix {
                return Namespace(pointer: xmlNewNs(node, XMLTree.bytes(uri), XMLTree.bytes(prefix))!)
            }
            return Namespace(pointer: xmlNewNs(node, XMLTree.bytes(uri), nil)!)
        }

        /// Puts this element in a namespace declared on it or above it; its later children
        /// follow.
        func inNamespace(_ namespace: Namespace) -> Element {
            xmlSetNs(node, namespace.pointer)
            return Element(node: node, document: document, namespace: namespace)
        }
    }

    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// A document whose root element `name` is in the default namespace `uri`.
    init(root name: String, namespace uri: String) {
        _ = Self.initialised
        document = xmlNewDoc(Self.bytes("1.0"))!
        let node = xmlNewDocNode(document, nil, Self.bytes(name), nil)!
        xmlDocSetRootElement(document, node)
        let namespace = xmlNewNs(node, Self.bytes(uri), nil)!
        xmlSetNs(node, namespace)
        root = Element(node: node, document: document, namespace: Namespace(pointer: namespace))
    }

    deinit { xmlFreeDoc(document) }

    /// The document as UTF-8 with its XML declaration, indented.
    func data() -> Data {
        guard let buffer = xmlBufferCreate() else { return Data() }
        defer { xmlBufferFree(buffer) }
        let context = xmlSaveToBuffer(buffer, "UTF-8", Int32(XML_SAVE_FORMAT.rawValue))
        xmlSaveDoc(context, document)
        xmlSaveClose(context)
        guard let content = xmlBufferContent(buffer) else { return Data() }
        return Data(bytes: content, count: Int(xmlBufferLength(buffer)))
    }

    fileprivate static func bytes(_ text: String) -> [xmlChar] {
        Array(text.utf8) + [0]
    }

    /// The text without the characters XML 1.0 cannot carry at all, not even escaped (control
    /// characters other than tab, line feed and carriage return; U+FFFE and U+FFFF).
    static func characters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isAllowed($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter(isAllowed))
        return String(scalars)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
