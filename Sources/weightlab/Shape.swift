import Foundation
import ArgumentParser
import Distributions

/// A tensor shape on the command line: `4096x4096`, `768`, `12x64x64` (`×` also accepted).
struct Shape: ExpressibleByArgument, CustomStringConvertible {
    /// Tensors larger than this (2⁴⁰ values, 4 TiB of f32) are refused.
    static let maximumCount = 1 << 40

    let dimensions: [Int]

    /// Parses `text`, naming the first problem for `option` (e.g. `--shape '0x3': dimension 1 is 0;
    /// need positive integers like 4096x4096`).
    init(parsing text: String, option: String = "--shape") throws(InputError) {
        do {
            dimensions = try ShapeText.parse(text, maximumCount: Shape.maximumCount)
        } catch {
            let why = error == .tooLarge(limit: Shape.maximumCount) ? "more than 2^40 values" : error.description
            throw InputError("\(option) '\(text)': \(why); need positive integers like 4096x4096")
        }
    }

    init?(argument: String) {
        guard let shape = try? Shape(parsing: argument) else { return nil }
        self = shape
    }

    var count: Int { dimensions.reduce(1, *) }
    var description: String { dimensions.map(String.init).joined(separator: "x") }

    static var defaultValueDescription: String { "RxC" }
}
