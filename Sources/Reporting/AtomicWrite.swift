import Foundation

// Placeholder until TensorIO's AtomicFile lands.
enum AtomicWrite {
    static func write(_ data: Data, to url: URL) throws { try data.write(to: url, options: .atomic) }
}
