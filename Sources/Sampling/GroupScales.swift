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
    let grouping: Int = 0
    let blockColumns: Int

    /// `nil` for laws without shared scales (everything but a grouped ``ScaleMixture``).
    init?(law: any Distribution, shape: [Int], seeds: SeedTree, generator: Generator) {
        return nil  // grouped scale mixtures arrive with the ScaleMixture law
    }

    @inline(__always) func group(of index: Int) -> Int { index / columns }

    func fill(_ block: UnsafeMutableBufferPointer<Float>, startIndex: Int, using engine: RandomEngine) {
        for i in block.indices { block[i] = Float(scales[group(of: startIndex + i)] * engine.gaussian()) }
    }

    func fill(_ block: UnsafeMutableBufferPointer<Double>, startIndex: Int, using engine: RandomEngine) {
        for i in block.indices { block[i] = scales[group(of: startIndex + i)] * engine.gaussian() }
    }
}
