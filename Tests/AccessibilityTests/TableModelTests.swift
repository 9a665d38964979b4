@testable import Accessibility
import AllmenningCore
import Foundation
import Testing

@Suite("HTML table model: slots, spans, and header cells assigned to cells")
struct TableModelTests {
    private func model(_ html: String) -> (HTMLTableModel, Page) {
        let page = Page(path: "index.html", tree: HTMLTree.html(Data("<html><body>\(html)</body></html>".utf8)))
        return (HTMLTableModel(table: page.tree.elements(named: "table").first!, in: page.tree)!, page)
    }

    private func text(_ cell: HTMLTableModel.Cell?, _ page: Page) -> String? {
        cell.map { page.tree.textContent(of: $0.node) }
    }

    @Test("colspan and rowspan cover slots; later cells move past covered slots")
    func spans() {
        let (table, page) = model("<table><tr><td rowspan=\"2\">A</td><td colspan=\"2\">B</td></tr><tr><td>C</td><td>D</td></tr></table>")
        #expect(table.width == 3 && table.height == 2)
        #expect(text(table.cellAt(x: 0, y: 1), page) == "A")
        #expect(text(table.cellAt(x: 2, y: 0), page) == "B")
        #expect(text(table.cellAt(x: 1, y: 1), page) == "C")
        #expect(text(table.cellAt(x: 2, y: 1), page) == "D")
    }

    @Test("rowspan=0 reaches to the end of its row group")
    func rowspanZero() {
        let (table, page) = model("<table><tbody><tr><td rowspan=\"0\">A</td><td>B</td></tr><tr><td>C</td></tr><tr><td>D</td></tr></tbody><tbody><tr><td>E</td></tr></tbody></table>")
        #expect(text(table.cellAt(x: 0, y: 2), page) == "A")
        #expect(text(table.cellAt(x: 1, y: 2), page) == "D")
        #expect(text(table.cellAt(x: 0, y: 3), page) == "E")
    }

    @Test("column and row headers by scope and by position; a th with data in its row and column heads nothing")
    func headerKinds() {
        let (table, page) = model("""
            <table><tr><th>Dag</th><th>Formiddag</th><th>Ettermiddag</th></tr>\
            <tr><th>Mandag</th><td>Matte</td><th>?</th></tr><tr><th>Tirsdag</th><td>Norsk</td><td>Gym</td></tr></table>
            """)
        func cell(_ text: String) -> HTMLTableModel.Cell { table.cells.first { page.tree.textContent(of: $0.node) == text }! }
        #expect(table.headerRole(of: cell("Formiddag")) == "columnheader")
        #expect(table.headerRole(of: cell("Mandag")) == "rowheader")
        #expect(table.headerRole(of: cell("?")) == "cell")
        let ids = PageNames(page).firstElementByID
        let headers = table.assignedHeaders(of: cell("Matte"), tree: page.tree, firstElementByID: ids).map { page.tree.textContent(of: $0.node) }
        #expect(Set(headers) == ["Formiddag", "Mandag"])
    }

    @Test("the headers attribute replaces the scan; empty header cells are never assigned")
    func headersAttribute() {
        let (table, page) = model("<table><tr><th id=\"a\">A</th><th id=\"b\">B</th><th id=\"c\"> </th></tr><tr><td headers=\"a c\">1</td><td>2</td><td>3</td></tr></table>")
        let ids = PageNames(page).firstElementByID
        func headers(_ text: String) -> [String] {
            let cell = table.cells.first { page.tree.textContent(of: $0.node) == text }!
            return table.assignedHeaders(of: cell, tree: page.tree, firstElementByID: ids).map { page.tree.textContent(of: $0.node) }
        }
        #expect(headers("1") == ["A"])
        #expect(headers("2") == ["B"])
        #expect(headers("3") == [])
    }

    @Test("a table that would need more slots than the cap is not modelled")
    func hostileSpans() {
        let page = Page(path: "index.html", tree: HTMLTree.html(Data("<table><tr><td colspan=\"1000\" rowspan=\"65534\">x</td></tr></table>".utf8)))
        #expect(HTMLTableModel(table: page.tree.elements(named: "table").first!, in: page.tree) == nil)
    }
}
