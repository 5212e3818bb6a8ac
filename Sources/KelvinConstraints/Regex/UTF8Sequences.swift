import KelvinSampling

/// The UTF-8 encodings of a range of scalar values as a few byte-range sequences.
///
/// Each sequence is one range per byte position, and the bytes of the scalars in the range
/// are exactly the byte strings those sequences spell. The split follows the classic
/// algorithm (as in Russ Cox's RE2 and Rust's `regex-syntax` `Utf8Sequences`): cut at the
/// encoding-length boundaries (U+007F, U+07FF, U+FFFF), remove the surrogates, then cut until
/// the scalars of each piece share every leading byte but a suffix of full continuation
/// ranges.
enum UTF8Sequences {
  /// The sequences for the scalar values in `range` (surrogates skipped; values above
  /// U+10FFFF ignored).
  static func of(_ range: ClosedRange<UInt32>) -> [[ClosedRange<UInt8>]] {
    var result: [[ClosedRange<UInt8>]] = []
    var stack: [(UInt32, UInt32)] = []
    let upper = min(range.upperBound, 0x10FFFF)
    if range.lowerBound <= upper { stack.append((range.lowerBound, upper)) }
    outer: while let (start, end) = stack.popLast() {
      // Surrogates are not scalars.
      if start <= 0xDFFF, end >= 0xD800 {
        if end > 0xDFFF { stack.append((0xE000, end)) }
        if start < 0xD800 { stack.append((start, 0xD7FF)) }
        continue
      }
      for boundary: UInt32 in [0x7F, 0x7FF, 0xFFFF] where start <= boundary && boundary < end {
        stack.append((boundary + 1, end))
        stack.append((start, boundary))
        continue outer
      }
      if end <= 0x7F {
        result.append([UInt8(start)...UInt8(end)])
        continue
      }
      for i in 1..<4 {
        let mask: UInt32 = (1 << (6 * i)) - 1
        if start & ~mask != end & ~mask {
          if start & mask != 0 {
            stack.append(((start | mask) + 1, end))
            stack.append((start, start | mask))
            continue outer
          }
          if end & mask != mask {
            stack.append((end & ~mask, end))
            stack.append((start, (end & ~mask) - 1))
            continue outer
          }
        }
      }
      let low = encode(start)
      let high = encode(end)
      result.append(zip(low, high).map { $0...$1 })
    }
    return result
  }

  /// The UTF-8 bytes of a scalar value (not a surrogate, at most U+10FFFF).
  static func encode(_ value: UInt32) -> [UInt8] {
    switch value {
    case 0..<0x80: return [UInt8(value)]
    case 0x80..<0x800: return [UInt8(0xC0 | value >> 6), UInt8(0x80 | value & 0x3F)]
    case 0x800..<0x10000:
      return [
        UInt8(0xE0 | value >> 12), UInt8(0x80 | (value >> 6) & 0x3F), UInt8(0x80 | value & 0x3F),
      ]
    default:
      return [
        UInt8(0xF0 | value >> 18), UInt8(0x80 | (value >> 12) & 0x3F),
        UInt8(0x80 | (value >> 6) & 0x3F), UInt8(0x80 | value & 0x3F),
      ]
    }
  }
}
