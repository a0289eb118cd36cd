import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Whether data is well-formed XML (an SVG that a browser will open).
enum XMLWellFormed {
    static func check(_ data: Data) -> Bool {
        XMLParser(data: data).parse()
    }
}
