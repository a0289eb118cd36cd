import Foundation
import ArgumentParser

/// A tensor shape on the command line: `4096x4096`, `768`, `12x64x64` (`×` also accepted).
struct Shape: ExpressibleByArgument, CustomStringConvertible {
    let dimensions: [Int]

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "×", omittingEmptySubsequences: false) }
        var dims: [Int] = []
        for p in parts {
            guard let d = Int(p.trimmingCharacters(in: .whitespaces)), d > 0 else { return nil }
            dims.append(d)
        }
        var total = 1
        for d in dims {
            let (product, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow, product <= 1 << 40 else { return nil }
            total = product
        }
        guard !dims.isEmpty else { return nil }
        dimensions = dims
    }

    var count: Int { dimensions.reduce(1, *) }
    var description: String { dimensions.map(String.init).joined(separator: "x") }

    static var defaultValueDescription: String { "RxC" }
}
