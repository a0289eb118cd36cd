import Foundation

extension OnnxFile {
    /// Checks that an entry's payload holds exactly its element count in its type: false for a
    /// payload WeightLab does not read (an unpacked typed field), an error for one that lies.
    static func check(_ e: Entry, in map: MappedFile, file: String) throws(TensorIOError) -> Bool {
        guard let dtype = e.proto.dtype else { return false }
        var nonzero = 1  // as for GGUF: a zero dimension must not hide an overflow elsewhere
        for d in e.proto.dims {
            let (p, overflow) = nonzero.multipliedReportingOverflow(by: max(d, 1))
            guard !overflow, p <= GGUFPart.elementLimit else {
                throw .badShape(file: file, tensor: e.name, offset: e.proto.offset, reason: "element count of \(e.proto.dims) exceeds 2^41")
            }
            nonzero = p
        }
        let count = e.proto.dims.contains(0) ? 0 : nonzero
        let bytes = count * dtype.byteWidth
        func expect(_ range: Range<Int>, _ width: Int) throws(TensorIOError) {
            guard range.count == count * width else {
                throw .malformedEntry(file: file, tensor: e.name, offset: range.lowerBound,
                                      reason: "its data has \(range.count) bytes, but \(e.proto.dims) values of \(e.proto.typeName) need \(count * width)")
            }
        }
        switch e.proto.payload {
        case .none:
            guard count == 0 else { throw .malformedEntry(file: file, tensor: e.name, offset: e.proto.offset, reason: "no data for \(count) values") }
        case let .raw(range): try expect(range, dtype.byteWidth)
        case let .floatData(range): guard dtype == .f32 else { return false }; try expect(range, 4)
        case let .doubleData(range): guard dtype == .f64 else { return false }; try expect(range, 8)
        case let .int32Data(range):
            guard dtype == .f16 || dtype == .bf16 else { return false }
            let ends = map.bytes(range.lowerBound, range.count).reduce(0) { $0 + ($1 & 0x80 == 0 ? 1 : 0) }
            guard ends == count else {
                throw .malformedEntry(file: file, tensor: e.name, offset: range.lowerBound, reason: "int32_data holds \(ends) values, but the shape \(e.proto.dims) needs \(count)")
            }
        case .unpacked: return false
        case let .external(location, offset, length):
            let size = e.external?.size ?? 0
            if let length, length != bytes {
                throw .malformedEntry(file: file, tensor: e.name, offset: e.proto.offset, reason: "external data length \(length), but \(e.proto.dims) values of \(e.proto.typeName) need \(bytes) bytes")
            }
            guard offset <= size, bytes <= size - offset else {
                throw .truncated(file: "\(file) → \(location)", tensor: e.name, offset: offset, expectedEnd: offset + bytes, fileSize: size)
            }
        }
        return true
    }

    /// The entry's values as raw little-endian bytes of its dtype, or as f16/bf16 varints.
    private func payload(_ name: String) throws(TensorIOError) -> (TensorInfo, UnsafeRawBufferPointer, varints: Bool) {
        guard let info = tensors.first(where: { $0.name == name }), let e = entry(name) else { throw .noSuchTensor(file: url.path, tensor: name) }
        switch e.proto.payload {
        case let .raw(r), let .floatData(r), let .doubleData(r): return (info, mapped.bytes(r.lowerBound, r.count), false)
        case let .int32Data(r): return (info, mapped.bytes(r.lowerBound, r.count), true)
        case let .external(_, offset, _): return (info, e.external!.bytes(offset, info.byteCount), false)
        case .none, .unpacked: return (info, UnsafeRawBufferPointer(start: nil, count: 0), false)
        }
    }

    /// f16/bf16 bit patterns stored one per varint (int32_data), as Float.
    private static func halves(_ raw: UnsafeRawBufferPointer, dtype: DType, count: Int) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(count)
        var value: UInt32 = 0, shift: UInt32 = 0
        for byte in raw {
            if shift < 32 { value |= UInt32(byte & 0x7F) << shift }
            shift += 7
            guard byte & 0x80 == 0 else { continue }
            let bits = UInt16(truncatingIfNeeded: value)
            out.append(dtype == .f16 ? HalfConversion.f16BitsToFloat(bits) : HalfConversion.bf16BitsToFloat(bits))
            value = 0
            shift = 0
        }
        return out
    }

    public func values<T: WeightScalar>(_ name: String, as type: T.Type) throws(TensorIOError) -> [T] {
        let (info, raw, varints) = try payload(name)
        guard !varints else { return T.array(from: Self.halves(raw, dtype: info.dtype, count: info.count)) }
        return ElementCodec.decode(raw, dtype: info.dtype, count: info.count, as: type)
    }
}
