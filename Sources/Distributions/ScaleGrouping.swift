/// Which elements of a matrix share one draw of the scale S in a scale mixture.
///
/// `element` makes the elements i.i.d. from the mixture law; `row`, `column` and `block` make
/// them independent but not identically distributed given the scales — the contrast of claim C2.
public enum ScaleGrouping: Sendable, Equatable, CustomStringConvertible {
    case element
    case row
    case column
    case block(rows: Int, columns: Int)

    public var description: String {
        switch self {
        case .element: return "element"
        case .row: return "row"
        case .column: return "column"
        case let .block(r, c): return "block, block=\(r)x\(c)"
        }
    }
}
