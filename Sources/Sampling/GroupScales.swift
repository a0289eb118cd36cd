import Distributions
import GSLKit

/// The per-group scales of a scale mixture whose elements share S by row, column or block.
///
/// ```
/// row r, column c of an R×C matrix (leading dimensions fold into rows):
///   by row:     g = r              by column: g = c
///   by block:   g = ⌊r/h⌋·⌈C/w⌉ + ⌊c/w⌋
/// x = σ·S_g·G,   S_g drawn once per group (sequentially from seeds/"scales"), G ~ N(0, 1)
/// ```
struct GroupScales: Sendable {
    let scales: [Double]
    let columns: Int
    let grouping: ScaleGrouping
    let blockColumns: Int

    /// `nil` for laws without shared scales (everything but a grouped ``ScaleMixture``).
    init?(law: any Distribution, shape: [Int], seeds: SeedTree, generator: Generator) {
        guard let mixture = law as? ScaleMixture, mixture.grouping != .element else { return nil }
        let columns = shape.last ?? 1
        let rows = columns == 0 ? 0 : shape.reduce(1, *) / columns
        self.columns = columns
        self.grouping = mixture.grouping
        let groups: Int
        switch mixture.grouping {
        case .element: return nil
        case .row: groups = rows; blockColumns = 1
        case .column: groups = columns; blockColumns = 1
        case let .block(h, w):
            blockColumns = (columns + w - 1) / w
            groups = ((rows + h - 1) / h) * blockColumns
        }
        let engine = seeds.engine(generator)
        let multiplier = mixture.sigma
        scales = (0..<groups).map { _ in multiplier * mixture.scale.sample(using: engine) }
    }

    @inline(__always) func group(of index: Int) -> Int {
        switch grouping {
        case .element: return index
        case .row: return index / columns
        case .column: return index % columns
        case let .block(h, w):
            let r = index / columns, c = index % columns
            return (r / h) * blockColumns + c / w
        }
    }

    func fill(_ block: UnsafeMutableBufferPointer<Float>, startIndex: Int, using engine: RandomEngine) {
        for i in block.indices { block[i] = Float(scales[group(of: startIndex + i)] * engine.gaussian()) }
    }

    func fill(_ block: UnsafeMutableBufferPointer<Double>, startIndex: Int, using engine: RandomEngine) {
        for i in block.indices { block[i] = scales[group(of: startIndex + i)] * engine.gaussian() }
    }
}
