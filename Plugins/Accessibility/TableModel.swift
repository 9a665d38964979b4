import AllmenningCore
import Foundation

/// One `table` element as HTML's table model sees it (HTML Living Standard §4.9.12, "forming
/// a table"): its cells on a grid of slots, with their row and column spans, row groups and
/// column groups, and which header cells each cell is assigned (§4.9.12.2, "forming
/// relationships between data cells and header cells").
struct HTMLTableModel {
    struct Cell {
        var node: Int
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        /// A `th` element: a header cell in HTML's sense, whatever its ARIA role.
        var isHeader: Bool
        /// The `scope` attribute's state.
        var scope: Scope
        /// No element children and only whitespace text (HTML's "empty cell").
        var isEmpty: Bool
    }

    enum Scope { case auto, row, column, rowGroup, columnGroup }

    let table: Int
    private(set) var cells: [Cell] = []
    private(set) var width = 0
    private(set) var height = 0
    /// Row groups (thead, tbody, tfoot, and runs of rows directly in the table) and column
    /// groups, as ranges of rows or columns.
    private(set) var rowGroups: [Range<Int>] = []
    private(set) var columnGroups: [Range<Int>] = []
    /// The cell covering each slot: rows of cell indices, -1 for an empty slot (rows are only
    /// as long as their last covered slot).
    private var grid: [[Int]] = []
    private var cellIndex: [Int: Int] = [:]
    private var rowHasDataCell: [Bool] = []
    private var columnHasDataCell: [Bool] = []

    /// More slots than this and the table is not modelled: a hostile page could otherwise ask
    /// for 1000 columns × 65534 rows per cell.
    static let maximumSlots = 100_000

    /// The model of `table`, nil when it is larger than `maximumSlots`.
    init?(table: Int, in tree: HTMLTree) {
        self.table = table
        var builder = Builder(tree: tree)
        guard builder.form(table) else { return nil }
        cells = builder.cells
        width = builder.xwidth
        height = builder.yheight
        rowGroups = builder.rowGroups
        columnGroups = builder.columnGroups
        grid = builder.grid
        for (index, cell) in cells.enumerated() { cellIndex[cell.node] = index }
        rowHasDataCell = Array(repeating: false, count: height)
        columnHasDataCell = Array(repeating: false, count: width)
        for cell in cells where !cell.isHeader {
            for y in cell.y..<min(cell.y + cell.height, height) { rowHasDataCell[y] = true }
            for x in cell.x..<min(cell.x + cell.width, width) { columnHasDataCell[x] = true }
        }
    }

    /// The td and th elements of this table (not those of tables inside it).
    func cell(of node: Int) -> Cell? { cellIndex[node].map { cells[$0] } }

    /// Scanning for headers walks from every cell to the table's edge: for a table where that
    /// adds up to more than this many steps, header assignment is not attempted.
    var canAssignHeaders: Bool { cells.count * (width + height) <= 20_000_000 }

    func cellAt(x: Int, y: Int) -> Cell? {
        guard x >= 0, y >= 0, y < grid.count, x < grid[y].count, grid[y][x] >= 0 else { return nil }
        return cells[grid[y][x]]
    }

    /// HTML's "column header": scope col, or auto with no data cell in its rows.
    func isColumnHeader(_ cell: Cell) -> Bool {
        guard cell.isHeader else { return false }
        switch cell.scope {
        case .column: return true
        case .auto: return !(cell.y..<min(cell.y + cell.height, height)).contains { rowHasDataCell[$0] }
        default: return false
        }
    }

    /// HTML's "row header": scope row, or auto, not a column header, and no data cell in its
    /// columns.
    func isRowHeader(_ cell: Cell) -> Bool {
        guard cell.isHeader else { return false }
        switch cell.scope {
        case .row: return true
        case .auto: return !isColumnHeader(cell) && !(cell.x..<min(cell.x + cell.width, width)).contains { columnHasDataCell[$0] }
        default: return false
        }
    }

    /// The role HTML-AAM gives a th element of this table: column or row header by HTML's
    /// definitions (group headers included), otherwise a plain cell.
    func headerRole(of cell: Cell) -> String {
        if isColumnHeader(cell) || cell.scope == .columnGroup { return "columnheader" }
        if isRowHeader(cell) || cell.scope == .rowGroup { return "rowheader" }
        return "cell"
    }

    /// The header cells assigned to `cell` (HTML §4.9.12.2): those its `headers` attribute
    /// names, else those found by scanning left and up, plus its row and column group headers;
    /// empty header cells and the cell itself left out. `firstElementByID` maps ids to the
    /// first element with that id in the document.
    func assignedHeaders(of cell: Cell, tree: HTMLTree, firstElementByID: [String: Int]) -> [Cell] {
        var headers: [Cell] = []
        if let list = tree[cell.node].attribute("headers") {
            for token in list.split(whereSeparator: \.isWhitespace) {
                if let node = firstElementByID[String(token)], let header = self.cell(of: node) { headers.append(header) }
            }
        } else {
            for y in cell.y..<min(cell.y + cell.height, height) { scan(from: cell, x: cell.x, y: y, dx: -1, dy: 0, into: &headers) }
            for x in cell.x..<min(cell.x + cell.width, width) { scan(from: cell, x: x, y: cell.y, dx: 0, dy: -1, into: &headers) }
            let lastX = cell.x + cell.width - 1
            let lastY = cell.y + cell.height - 1
            if let group = rowGroups.first(where: { $0.contains(cell.y) }) {
                headers += cells.filter { $0.isHeader && $0.scope == .rowGroup && group.contains($0.y) && $0.x <= lastX && $0.y <= lastY }
            }
            if let group = columnGroups.first(where: { $0.contains(cell.x) }) {
                headers += cells.filter { $0.isHeader && $0.scope == .columnGroup && group.contains($0.x) && $0.x <= lastX && $0.y <= lastY }
            }
        }
        var seen: Set<Int> = []
        return headers.filter { !$0.isEmpty && $0.node != cell.node && seen.insert($0.node).inserted }
    }

    /// HTML's "internal algorithm for scanning and assigning header cells".
    private func scan(from principal: Cell, x initialX: Int, y initialY: Int, dx: Int, dy: Int, into headers: inout [Cell]) {
        var x = initialX
        var y = initialY
        var opaque: [Cell] = []
        var inHeaderBlock = principal.isHeader
        var blockHeaders: [Cell] = principal.isHeader ? [principal] : []
        while true {
            x += dx
            y += dy
            if x < 0 || y < 0 { return }
            guard let current = cellAt(x: x, y: y) else { continue }
            if current.isHeader {
                inHeaderBlock = true
                blockHeaders.append(current)
                var blocked = false
                if dx == 0 {
                    if opaque.contains(where: { $0.x == current.x && $0.width == current.width }) || !isColumnHeader(current) { blocked = true }
                } else {
                    if opaque.contains(where: { $0.y == current.y && $0.height == current.height }) || !isRowHeader(current) { blocked = true }
                }
                if !blocked { headers.append(current) }
            } else if inHeaderBlock {
                inHeaderBlock = false
                opaque += blockHeaders
                blockHeaders = []
            }
        }
    }

    /// HTML's "forming a table", "processing rows" and "ending a row group".
    private struct Builder {
        let tree: HTMLTree
        var cells: [Cell] = []
        var grid: [[Int]] = []
        var xwidth = 0
        var yheight = 0
        var ycurrent = 0
        var downward: [Int] = []
        var rowGroups: [Range<Int>] = []
        var columnGroups: [Range<Int>] = []

        init(tree: HTMLTree) { self.tree = tree }

        mutating func form(_ table: Int) -> Bool {
            let children = tree[table].children.filter { tree[$0].kind == .element }
            var implicitGroupStart: Int?
            for child in children {
                switch tree[child].name {
                case "colgroup":
                    formColumnGroup(child)
                case "tr":
                    if implicitGroupStart == nil { implicitGroupStart = yheight }
                    guard processRow(child) else { return false }
                case "thead", "tbody", "tfoot":
                    if let start = implicitGroupStart {
                        endRowGroup()
                        if yheight > start { rowGroups.append(start..<yheight) }
                        implicitGroupStart = nil
                    }
                    let start = yheight
                    for row in tree[child].children where tree[row].kind == .element && tree[row].name == "tr" {
                        guard processRow(row) else { return false }
                    }
                    if yheight > start { rowGroups.append(start..<yheight) }
                    endRowGroup()
                default:
                    continue
                }
            }
            if let start = implicitGroupStart {
                endRowGroup()
                if yheight > start { rowGroups.append(start..<yheight) }
            }
            return xwidth * yheight <= HTMLTableModel.maximumSlots
        }

        private mutating func formColumnGroup(_ group: Int) {
            let cols = tree[group].children.filter { tree[$0].kind == .element && tree[$0].name == "col" }
            let span: Int
            if cols.isEmpty {
                span = Self.span(tree[group].attribute("span"), default: 1, maximum: 1000)
            } else {
                span = min(cols.reduce(0) { $0 + Self.span(tree[$1].attribute("span"), default: 1, maximum: 1000) }, 1000)
            }
            columnGroups.append(xwidth..<(xwidth + span))
            xwidth += span
        }

        private mutating func processRow(_ row: Int) -> Bool {
            if yheight == ycurrent { yheight += 1 }
            var xcurrent = 0
            growDownward()
            for child in tree[row].children where tree[child].kind == .element && (tree[child].name == "td" || tree[child].name == "th") {
                while xcurrent < xwidth && isCovered(xcurrent, ycurrent) { xcurrent += 1 }
                if xcurrent == xwidth { xwidth += 1 }
                let element = tree[child]
                let colspan = Self.span(element.attribute("colspan"), default: 1, maximum: 1000)
                var rowspan = Self.rowspan(element.attribute("rowspan"))
                var growsDownward = false
                if rowspan == 0 {
                    growsDownward = true
                    rowspan = 1
                }
                xwidth = max(xwidth, xcurrent + colspan)
                yheight = max(yheight, ycurrent + rowspan)
                guard xwidth * yheight <= HTMLTableModel.maximumSlots else { return false }
                let index = cells.count
                cells.append(Cell(node: child, x: xcurrent, y: ycurrent, width: colspan, height: rowspan,
                                  isHeader: element.name == "th", scope: Self.scope(element.attribute("scope")),
                                  isEmpty: isEmptyCell(child)))
                for y in ycurrent..<(ycurrent + rowspan) {
                    for x in xcurrent..<(xcurrent + colspan) { cover(x, y, with: index) }
                }
                if growsDownward { downward.append(index) }
                xcurrent += colspan
            }
            ycurrent += 1
            return true
        }

        private mutating func growDownward() {
            for index in downward {
                let cell = cells[index]
                guard ycurrent >= cell.y + cell.height else { continue }
                for x in cell.x..<(cell.x + cell.width) { cover(x, ycurrent, with: index) }
                cells[index].height = ycurrent - cell.y + 1
            }
        }

        private func isCovered(_ x: Int, _ y: Int) -> Bool {
            y < grid.count && x < grid[y].count && grid[y][x] >= 0
        }

        /// The first cell to reach a slot keeps it (overlapping cells are a table model error).
        private mutating func cover(_ x: Int, _ y: Int, with index: Int) {
            while grid.count <= y { grid.append([]) }
            if grid[y].count <= x { grid[y].append(contentsOf: repeatElement(-1, count: x - grid[y].count + 1)) }
            if grid[y][x] < 0 { grid[y][x] = index }
        }

        private mutating func endRowGroup() {
            while ycurrent < yheight {
                growDownward()
                ycurrent += 1
            }
            downward = []
        }

        /// No element inside, and only whitespace text: looking at the children is enough.
        private func isEmptyCell(_ node: Int) -> Bool {
            tree[node].children.allSatisfy { tree[$0].kind == .text && tree[$0].text.allSatisfy(\.isWhitespace) }
        }

        /// colspan and span: a valid non-negative integer, zero or missing is the default.
        static func span(_ value: String?, default defaultValue: Int, maximum: Int) -> Int {
            guard let value, let number = Page.htmlInteger(value), number > 0 else { return defaultValue }
            return min(number, maximum)
        }

        /// rowspan: zero means "to the end of the row group".
        static func rowspan(_ value: String?) -> Int {
            guard let value, let number = Page.htmlInteger(value), number >= 0 else { return 1 }
            return min(number, 65534)
        }

        static func scope(_ value: String?) -> Scope {
            switch value?.trimmingCharacters(in: .whitespaces).lowercased() {
            case "row": .row
            case "col": .column
            case "rowgroup": .rowGroup
            case "colgroup": .columnGroup
            default: .auto
            }
        }
    }
}
