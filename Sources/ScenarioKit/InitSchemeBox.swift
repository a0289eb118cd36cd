import Simulation

/// An ``InitScheme`` compared by its description (schemes holding a law are not `Equatable`).
public struct InitSchemeBox: Sendable, Equatable {
    public let scheme: InitScheme

    public init(_ scheme: InitScheme) { self.scheme = scheme }

    public static func == (a: InitSchemeBox, b: InitSchemeBox) -> Bool { a.scheme.description == b.scheme.description }
}
