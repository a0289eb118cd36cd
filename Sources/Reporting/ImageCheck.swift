import Foundation

/// Checks that a rendered image is complete: a PNG whose chunks (with their CRCs) run to IEND,
/// an SVG that closes its root element, a PDF with its end-of-file marker.
package enum ImageCheck {
    /// Why `data` is not a complete image of the format named by `ext` (png, svg, pdf); nil when
    /// it is.
    package static func problem(_ data: Data, format ext: String) -> String? {
        guard !data.isEmpty else { return "the file is empty" }
        switch ext {
        case "png":
            do { _ = try pngChunks(data); return nil } catch { return error.reason }
        case "svg":
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.contains("<svg") else { return "no <svg> element" }
            return text.hasSuffix("</svg>") ? nil : "the SVG does not end with </svg>"
        case "pdf":
            guard data.starts(with: Array("%PDF-".utf8)) else { return "no %PDF- header" }
            let tail = String(decoding: data.suffix(1024), as: UTF8.self)
            return tail.contains("%%EOF") ? nil : "no %%EOF marker at the end"
        default:
            return nil
        }
    }

    /// A PNG that does not parse.
    package struct PNGError: Error, Equatable {
        package var reason: String
    }

    /// The chunk types of a PNG, in order, after checking the signature, every chunk's length
    /// and CRC-32, that IHDR comes first and that IEND ends the file.
    package static func pngChunks(_ data: Data) throws(PNGError) -> [String] {
        let bytes = [UInt8](data)
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw PNGError(reason: "no PNG signature") }
        var offset = 8
        var types: [String] = []
        while true {
            guard offset + 12 <= bytes.count else { throw PNGError(reason: "truncated at byte \(offset), before IEND") }
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let typeBytes = Array(bytes[offset + 4..<offset + 8])
            guard typeBytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else {
                throw PNGError(reason: "bad chunk type at byte \(offset + 4)")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard length <= bytes.count - offset - 12 else { throw PNGError(reason: "chunk \(type) at byte \(offset) runs past the end") }
            let end = offset + 8 + length
            let stored = bytes[end..<end + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard crc32(bytes[offset + 4..<end]) == stored else { throw PNGError(reason: "CRC mismatch in chunk \(type) at byte \(offset)") }
            if types.isEmpty, type != "IHDR" { throw PNGError(reason: "first chunk is \(type), not IHDR") }
            types.append(type)
            offset = end + 4
            if type == "IEND" {
                guard offset == bytes.count else { throw PNGError(reason: "\(bytes.count - offset) bytes after IEND") }
                return types
            }
        }
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 (ISO 3309, as PNG uses it).
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
