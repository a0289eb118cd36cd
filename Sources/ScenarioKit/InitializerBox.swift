import Simulation

/// A ``LlamaInitializer`` compared by its schemes' descriptions (schemes holding a law are not
/// `Equatable`).
public struct InitializerBox: Sendable, Equatable {
    public let initializer: LlamaInitializer

    public init(_ initializer: LlamaInitializer) { self.initializer = initializer }

    public static func == (a: InitializerBox, b: InitializerBox) -> Bool {
        func key(_ i: LlamaInitializer) -> String {
            i.matrices.description + "|" + i.byModule.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        return key(a.initializer) == key(b.initializer)
    }
}
