import Foundation

/// A minimal ZIP writer for tests: stored entries, sizes in the local headers, no ZIP64.
enum StoredZip {
    static func make(_ entries: [(String, [UInt8])]) -> Data {
        var out = [UInt8](), central = [UInt8]()
        func u16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int, _ a: inout [UInt8]) { for i in 0..<4 { a.append(UInt8(v >> (8 * i) & 0xFF)) } }
        for (name, data) in entries {
            let offset = out.count, nameBytes = Array(name.utf8)
            u32(0x0403_4b50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u32(0, &out); u32(0, &out)
            u32(data.count, &out); u32(data.count, &out); u16(nameBytes.count, &out); u16(0, &out)
            out += nameBytes + data
            u32(0x0201_4b50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central); u32(0, &central)
            u32(0, &central); u32(data.count, &central); u32(data.count, &central); u16(nameBytes.count, &central)
            u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central); u32(0, &central); u32(offset, &central)
            central += nameBytes
        }
        let directory = out.count
        out += central
        u32(0x0605_4b50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(central.count, &out); u32(directory, &out); u16(0, &out)
        return Data(out)
    }
}
