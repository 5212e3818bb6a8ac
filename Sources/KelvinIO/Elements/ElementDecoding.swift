/// Decoding of raw element bytes into numbers, for every ``ElementType`` and ``ByteOrder``.
enum ElementDecoding {
  /// Decodes `output.count` elements from `raw` into floating-point numbers.
  ///
  /// Float types convert exactly into `Double`; into `Float`, `float64` rounds to nearest.
  /// Integers convert to the nearest representable value. NaN and infinities are kept.
  ///
  /// - Precondition: `raw.count == output.count * type.byteCount`.
  /// - Complexity: O(n).
  static func decode<T: BinaryFloatingPoint>(
    _ raw: UnsafeRawBufferPointer, type: ElementType, order: ByteOrder,
    into output: UnsafeMutableBufferPointer<T>
  ) {
    precondition(raw.count == output.count * type.byteCount)
    let swap = order == .bigEndian
    switch type {
    case .float32:
      if !swap, T.self == Float.self {
        UnsafeMutableRawBufferPointer(output).copyMemory(from: raw)
        return
      }
      for index in output.indices {
        let bits = raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
        output[index] = T(Float(bitPattern: swap ? bits.byteSwapped : bits))
      }
    case .float64:
      if !swap, T.self == Double.self {
        UnsafeMutableRawBufferPointer(output).copyMemory(from: raw)
        return
      }
      for index in output.indices {
        let bits = raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
        output[index] = T(Double(bitPattern: swap ? bits.byteSwapped : bits))
      }
    case .float16:
      for index in output.indices {
        let bits = load(UInt16.self, raw, index, swap)
        output[index] = T(HalfPrecision.float(fromHalf: bits))
      }
    case .bfloat16:
      for index in output.indices {
        let bits = load(UInt16.self, raw, index, swap)
        output[index] = T(HalfPrecision.float(fromBFloat16: bits))
      }
    case .int8:
      for index in output.indices { output[index] = T(Int8(bitPattern: raw[index])) }
    case .uint8:
      for index in output.indices { output[index] = T(raw[index]) }
    case .int16:
      for index in output.indices {
        output[index] = T(Int16(bitPattern: load(UInt16.self, raw, index, swap)))
      }
    case .uint16:
      for index in output.indices { output[index] = T(load(UInt16.self, raw, index, swap)) }
    case .int32:
      for index in output.indices {
        output[index] = T(Int32(bitPattern: load(UInt32.self, raw, index, swap)))
      }
    case .uint32:
      for index in output.indices { output[index] = T(load(UInt32.self, raw, index, swap)) }
    case .int64:
      for index in output.indices {
        output[index] = T(Int64(bitPattern: load(UInt64.self, raw, index, swap)))
      }
    case .uint64:
      for index in output.indices { output[index] = T(load(UInt64.self, raw, index, swap)) }
    }
  }

  /// Decodes integers exactly.
  ///
  /// Floating-point elements must hold whole numbers that fit `Int`.
  ///
  /// - Returns: The values, or the index and value of the first element that is not a whole
  ///   number (NaN, infinite, fractional, or beyond `Int`).
  static func decodeIntegers(_ raw: UnsafeRawBufferPointer, type: ElementType, order: ByteOrder)
    -> Result<[Int], NonInteger>
  {
    let count = raw.count / type.byteCount
    let swap = order == .bigEndian
    var values = [Int]()
    values.reserveCapacity(count)
    for index in 0..<count {
      switch type {
      case .int8: values.append(Int(Int8(bitPattern: raw[index])))
      case .uint8: values.append(Int(raw[index]))
      case .int16: values.append(Int(Int16(bitPattern: load(UInt16.self, raw, index, swap))))
      case .uint16: values.append(Int(load(UInt16.self, raw, index, swap)))
      case .int32: values.append(Int(Int32(bitPattern: load(UInt32.self, raw, index, swap))))
      case .uint32: values.append(Int(load(UInt32.self, raw, index, swap)))
      case .int64: values.append(Int(Int64(bitPattern: load(UInt64.self, raw, index, swap))))
      case .uint64:
        let value = load(UInt64.self, raw, index, swap)
        guard let exact = Int(exactly: value) else {
          return .failure(NonInteger(index: index, value: Double(value)))
        }
        values.append(exact)
      case .float16, .bfloat16, .float32, .float64:
        var one = [Double](repeating: 0, count: 1)
        let slice = UnsafeRawBufferPointer(
          rebasing: raw[(index * type.byteCount)...].prefix(type.byteCount))
        one.withUnsafeMutableBufferPointer { decode(slice, type: type, order: order, into: $0) }
        guard let exact = Int(exactly: one[0]) else {
          return .failure(NonInteger(index: index, value: one[0]))
        }
        values.append(exact)
      }
    }
    return .success(values)
  }

  /// An element that is not a whole number.
  struct NonInteger: Error {
    let index: Int
    let value: Double
  }

  @inline(__always)
  static func load<I: FixedWidthInteger>(
    _: I.Type, _ raw: UnsafeRawBufferPointer, _ index: Int, _ swap: Bool
  ) -> I {
    let value = raw.loadUnaligned(fromByteOffset: index * MemoryLayout<I>.size, as: I.self)
    return swap ? value.byteSwapped : value
  }
}
