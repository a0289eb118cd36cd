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

    /// The group of flat index `index` (see the type's formula).
    func group(of index: Int) -> Int {
        switch grouping {
        case .element: return index
        case .row: return index / columns
        case .column: return index % columns
        case let .block(h, w):
            let r = index / columns, c = index % columns
            return (r / h) * blockColumns + c / w
        }
    }

    /// x[i] = T(S[group(i)]·G) in index order, walking the block row segment by row segment so
    /// that no element needs a division (f32 output is the f64 output rounded).
    @inline(__always) func fill<T: BinaryFloatingPoint>(
        _ block: UnsafeMutableBufferPointer<T>, startIndex: Int, using engine: RandomEngine
    ) {
        guard let out = block.baseAddress, block.count > 0 else { return }
        var row = startIndex / columns, column = startIndex % columns
        var done = 0
        while done < block.count {
            let run = min(columns - column, block.count - done)
            let segment = out + done
            switch grouping {
            case .element:
                preconditionFailure("element-wise mixtures are sampled by the law itself")
            case .row:
                let s = scales[row]
                for k in 0..<run { segment[k] = T(s * engine.gaussian()) }
            case .column:
                scales.withUnsafeBufferPointer { sc in
                    for k in 0..<run { segment[k] = T(sc[column + k] * engine.gaussian()) }
                }
            case let .block(h, w):
                let first = (row / h) * blockColumns
                var k = 0
                while k < run {
                    let c = column + k
                    let end = min(run, k + (w - c % w))
                    let s = scales[first + c / w]
                    while k < end { segment[k] = T(s * engine.gaussian()); k += 1 }
                }
            }
            done += run
            row += 1
            column = 0
        }
    }
}
