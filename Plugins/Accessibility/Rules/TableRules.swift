import AllmenningCore
import Foundation

/// Rules about data tables: header cells that head something, and headers attributes that
/// point at cells of the same table.
enum TableRules {
    static let all: [AccessibilityRule] = [headerCellHasAssignedCells, headersAttributeReferencesCells]

    static let headerCellHasAssignedCells = AccessibilityRule(
        code: "accessibility.table-header-without-cells", act: "d0f69e", wcag: ["1.3.1"],
        title: LocalizedText(nb: "Overskriftscelle i tabell er ikke overskrift for noen celler",
                             en: "Table header cell is not the header of any cell"),
        description: LocalizedText(
            nb: "En overskriftscelle (th, eller role=\"columnheader\"/\"rowheader\") må stå over eller foran celler den er overskrift for, så skjermlesere kan lese overskriften sammen med hver celle. En overskrift over en tom kolonne, eller en th som egentlig er en vanlig celle, forvirrer.",
            en: "A header cell (th, or role=\"columnheader\"/\"rowheader\") must stand above or before cells it is the header of, so that screen readers can read the header with each cell. A header over an empty column, or a th that is really an ordinary cell, confuses."),
        triggering: [
            "<table><tr><th>Brøk</th><th>Desimaltall</th></tr><tr><td>1/2</td></tr></table>",
            "<table><tr><th id=\"a\">Land</th><th id=\"b\">Hovedstad</th></tr><tr><td>Norge</td><td headers=\"a\">Oslo</td></tr></table>",
            "<div role=\"grid\"><div role=\"row\"><div role=\"columnheader\">Rom</div><div role=\"columnheader\">Elev</div></div><div role=\"row\"><div role=\"gridcell\">1A</div></div></div>",
        ],
        nonTriggering: [
            "<table><tr><th>Brøk</th><th>Desimaltall</th></tr><tr><td>1/2</td><td>0,5</td></tr></table>",
            "<table><tr><th>Dag</th><th>Formiddag</th></tr><tr><th>Mandag</th><td>Matte</td></tr></table>",
            "<table><tr><th>Brøk</th><th>Desimaltall</th></tr><tr><td colspan=\"2\">Ingen</td></tr></table>",
            "<table role=\"presentation\"><tr><th>Brøk</th></tr></table>",
            "<table><tr><th aria-hidden=\"true\">Brøk</th></tr><tr><td>1/2</td></tr></table>",
            "<table><tr><th></th><th>Mandag</th></tr><tr><td>Uke 1</td><td>Matte</td></tr></table>",
        ]
    ) { page in
        let names = PageNames(page)
        return unassignedHeaderCells(in: names).map { node in
            let text = names.accessibleName(of: node)
            let (nb, en) = text.isEmpty ? ("Den tomme overskriftscellen", "The empty header cell") : ("Overskriftscellen «\(text)»", "The header cell “\(text)”")
            return .init(node: node, message: LocalizedText(
                nb: "\(nb) er ikke overskrift for noen celle. Fyll inn cellene under eller ved siden av den, eller gjør den til en vanlig celle (td).",
                en: "\(en) is not the header of any cell. Fill in the cells below or beside it, or make it an ordinary cell (td)."))
        }
    }

    static let headersAttributeReferencesCells = AccessibilityRule(
        code: "accessibility.table-headers-attribute", act: "a25f45", wcag: ["1.3.1"],
        title: LocalizedText(nb: "headers-attributtet peker ikke på celler i samme tabell",
                             en: "The headers attribute does not point to cells of the same table"),
        description: LocalizedText(
            nb: "headers på en tabellcelle skal bare inneholde id-er til andre celler (som regel th) i samme tabell. En id som ikke finnes, som står i en annen tabell, eller som er cellens egen, gir skjermlesere feil eller ingen overskrift.",
            en: "headers on a table cell must list only the ids of other cells (usually th) in the same table. An id that does not exist, is in another table or is the cell's own gives screen readers a wrong header or none."),
        triggering: [
            "<table><tr><th id=\"brok\">Brøk</th></tr><tr><td headers=\"brk\">1/2</td></tr></table>",
            "<table><tr><th id=\"brok\">Brøk</th></tr></table><table><tr><td headers=\"brok\">1/2</td></tr></table>",
            "<table><tr><th>Brøk</th></tr><tr><td id=\"c\" headers=\"c\">1/2</td></tr></table>",
        ],
        nonTriggering: [
            "<table><tr><th id=\"brok\">Brøk</th><th id=\"des\">Desimaltall</th></tr><tr><td headers=\"brok\">1/2</td><td headers=\"des\">0,5</td></tr></table>",
            "<table role=\"presentation\"><tr><td id=\"a\">Brøk</td></tr><tr><td headers=\"b\">1/2</td></tr></table>",
            "<div role=\"table\"><div role=\"row\"><div role=\"cell\" headers=\"x\">1/2</div></div></div>",
        ]
    ) { page in
        let ids = page.idIndex.firstElementByID
        var violations: [AccessibilityRule.Violation] = []
        for table in page.tree.elements(named: "table") where isExposedTable(table, in: page) {
            guard let model = HTMLTableModel(table: table, in: page.tree) else { continue }
            for cell in model.cells {
                guard let list = page.attribute("headers", of: cell.node) else { continue }
                let wrong = list.split(whereSeparator: \.isWhitespace).map(String.init).filter { token in
                    guard let target = ids[token] else { return true }
                    return target == cell.node || model.cell(of: target) == nil
                }
                guard !wrong.isEmpty else { continue }
                let names = wrong.map { "\"\($0)\"" }.joined(separator: ", ")
                violations.append(.init(node: cell.node, message: LocalizedText(
                    nb: "headers nevner \(names), som ikke er id-en til en annen celle i samme tabell. Skriv id-ene til overskriftscellene (th) i denne tabellen.",
                    en: "headers names \(names), which is not the id of another cell in the same table. Write the ids of the header cells (th) of this table.")))
            }
        }
        return violations
    }

    // MARK: Header cells and their cells

    /// Header cells (th with a header role, or an element with role columnheader or rowheader)
    /// of an exposed table or grid that are assigned to no cell.
    static func unassignedHeaderCells(in names: PageNames) -> [Int] {
        let page = names.page
        let tree = page.tree
        let ids = names.firstElementByID
        var models: [Int: HTMLTableModel?] = [:]
        var assignedByHTML: [Int: Set<Int>] = [:]
        var result: [Int] = []
        for node in page.elements {
            let element = tree[node]
            let explicit = page.explicitRoleToken(of: node)
            guard element.name == "th" || explicit == "columnheader" || explicit == "rowheader" else { continue }
            // An empty header cell (the corner of a Markdown table, say) heads nothing by
            // definition: HTML drops empty cells from every cell's headers, so reporting it as
            // heading no cells would only be noise.
            guard !isEmpty(node, in: tree), !page.isHiddenFromAssistiveTechnology(node),
                  let container = tableContainer(of: node, in: page), isExposedTable(container, in: page) else { continue }
            if tree[container].name == "table" {
                if models[container] == nil { models[container] = HTMLTableModel(table: container, in: tree) }
                guard let model = models[container] ?? nil, model.canAssignHeaders, let cell = model.cell(of: node) else { continue }
                let role = explicit == nil && element.name == "th" ? model.headerRole(of: cell) : page.semanticRole(of: node)
                guard role == "columnheader" || role == "rowheader" else { continue }
                if assignedByHTML[container] == nil { assignedByHTML[container] = headersAssignedToCells(of: model, in: page, ids: ids) }
                if assignedByHTML[container]!.contains(node) { continue }
                // A header role given by ARIA is honoured by browsers even where HTML's own
                // definitions would not make the cell a header: its row or column counts.
                if explicit != nil, hasCellInLine(of: cell, role: role!, in: model, page: page) { continue }
                result.append(node)
            } else {
                let role = page.semanticRole(of: node)
                guard role == "columnheader" || role == "rowheader" else { continue }
                if !ariaHeaderIsAssigned(node, role: role!, container: container, in: page) { result.append(node) }
            }
        }
        return result
    }

    /// Every header cell of the table that some exposed cell is assigned to by HTML's
    /// algorithm.
    private static func headersAssignedToCells(of model: HTMLTableModel, in page: Page, ids: [String: Int]) -> Set<Int> {
        var assigned: Set<Int> = []
        for cell in model.cells where !page.isHiddenFromAssistiveTechnology(cell.node) {
            for header in model.assignedHeaders(of: cell, tree: page.tree, firstElementByID: ids) { assigned.insert(header.node) }
        }
        return assigned
    }

    /// A non-empty exposed cell in another row of the column (column header) or in the same
    /// row (row header).
    private static func hasCellInLine(of header: HTMLTableModel.Cell, role: String, in model: HTMLTableModel, page: Page) -> Bool {
        let columns = header.x..<(header.x + header.width)
        let rows = header.y..<(header.y + header.height)
        return model.cells.contains { other in
            guard other.node != header.node, !other.isEmpty, !page.isHiddenFromAssistiveTechnology(other.node) else { return false }
            if role == "columnheader" {
                return other.y != header.y && columns.overlaps(other.x..<(other.x + other.width))
            }
            return rows.contains(other.y)
        }
    }

    /// ACT's "assigned cell" for an ARIA table: a non-empty cell in another row with the same
    /// column index (column header) or in the same row (row header), or a cell whose headers
    /// attribute names the header.
    private static func ariaHeaderIsAssigned(_ header: Int, role: String, container: Int, in page: Page) -> Bool {
        let tree = page.tree
        let cellRoles: Set<String> = ["cell", "gridcell", "columnheader", "rowheader"]
        var rows: [[(node: Int, columns: Range<Int>)]] = []
        for row in tree.descendants(of: container)
        where page.semanticRole(of: row) == "row" && tableContainer(of: row, in: page) == container {
            var column = 0
            var cells: [(node: Int, columns: Range<Int>)] = []
            for node in tree.descendants(of: row) where tree[node].kind == .element {
                guard let role = page.semanticRole(of: node), cellRoles.contains(role),
                      tree.ancestors(of: node).first(where: { page.semanticRole(of: $0) == "row" }) == row else { continue }
                let span = max(1, Page.htmlInteger(page.attribute("aria-colspan", of: node) ?? page.attribute("colspan", of: node) ?? "") ?? 1)
                cells.append((node, column..<(column + span)))
                column += span
            }
            rows.append(cells)
        }
        guard let headerRow = rows.firstIndex(where: { $0.contains { $0.node == header } }),
              let position = rows[headerRow].first(where: { $0.node == header }) else { return false }
        let id = page.attribute("id", of: header)
        for (index, cells) in rows.enumerated() {
            for cell in cells where cell.node != header && !page.isHiddenFromAssistiveTechnology(cell.node) {
                let sameRow = index == headerRow
                if let id, !id.isEmpty, !(role == "columnheader" && sameRow),
                   page.attribute("headers", of: cell.node)?.split(whereSeparator: \.isWhitespace).contains(Substring(id)) == true {
                    return true
                }
                guard !isEmpty(cell.node, in: tree) else { continue }
                if role == "columnheader", !sameRow, cell.columns.overlaps(position.columns) { return true }
                if role == "rowheader", sameRow { return true }
            }
        }
        return false
    }

    // MARK: Tables

    /// The nearest ancestor that is a table element or has a table, grid or treegrid role.
    static func tableContainer(of node: Int, in page: Page) -> Int? {
        page.tree.ancestors(of: node).first { ancestor in
            page.tree[ancestor].name == "table" || ["table", "grid", "treegrid"].contains(page.explicitRoleToken(of: ancestor) ?? "")
        }
    }

    /// A table the accessibility tree exposes as a table: not hidden, and its role is table,
    /// grid or treegrid (role=presentation makes a layout table of it, and its cells plain
    /// text).
    static func isExposedTable(_ table: Int, in page: Page) -> Bool {
        guard !page.isHiddenFromAssistiveTechnology(table) else { return false }
        return ["table", "grid", "treegrid"].contains(page.semanticRole(of: table) ?? "")
    }

    private static func isEmpty(_ node: Int, in tree: HTMLTree) -> Bool {
        tree.descendants(of: node).allSatisfy { tree[$0].kind == .text && tree[$0].text.allSatisfy(\.isWhitespace) }
    }
}
