import Foundation
import ArgumentParser

/// A tensor shape on the command line: `4096x4096`, `768`, `12x64x64` (`×` also accepted).
struct Shape: ExpressibleByArgument, CustomStringConvertible {
    /// Tensors larger than this (2⁴⁰ values, 4 TiB of f32) are refused.
    static let maximumCount = 1 << 40

    let dimensions: [Int]

    /// Parses `text`, naming the first problem for `option` (e.g. `--shape '0x3': dimension 1 is 0;
    /// need positive integers like 4096x4096`).
    init(parsing text: String, option: String = "--shape") throws(InputError) {
        func fail(_ why: String) -> InputError {
            InputError("\(option) '\(text)': \(why); need positive integers like 4096x4096")
        }
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "×", omittingEmptySubsequences: false) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !(parts.count == 1 && parts[0].isEmpty) else { throw fail("empty") }
        var dims: [Int] = []
        for (i, p) in parts.enumerated() {
            guard !p.isEmpty else { throw fail("dimension \(i + 1) is empty") }
            guard let d = Int(p) else { throw fail("dimension \(i + 1) '\(p)' is not an integer") }
            guard d > 0 else { throw fail("dimension \(i + 1) is \(d)") }
            dims.append(d)
        }
        var total = 1
        for d in dims {
            let (product, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow, product <= Shape.maximumCount else { throw fail("more than 2^40 values") }
            total = product
        }
        dimensions = dims
    }

    init?(argument: String) {
        guard let shape = try? Shape(parsing: argument) else { return nil }
        self = shape
    }

    var count: Int { dimensions.reduce(1, *) }
    var description: String { dimensions.map(String.init).joined(separator: "x") }

    static var defaultValueDescription: String { "RxC" }
}
