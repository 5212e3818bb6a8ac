/// Encoding numbers as the bytes or text of an element type.
enum ElementEncoding {
  /// Appends `values` as little-endian elements of `type` (float16, float32 or float64),
  /// rounding to nearest, ties to even.
  static func appendBinary(
    _ values: UnsafeBufferPointer<Double>, as type: ElementType, to bytes: inout [UInt8]
  ) {
    switch type {
    case .float64:
      for value in values { appendLittleEndian(value.bitPattern, to: &bytes) }
    case .float16:
      for value in values { appendLittleEndian(HalfPrecision.halfBits(from: value), to: &bytes) }
    default:
      for value in values { appendLittleEndian(Float(value).bitPattern, to: &bytes) }
    }
  }

  @inline(__always)
  static func appendLittleEndian<I: FixedWidthInteger>(_ value: I, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// How non-finite values are spelled in text.
  enum NonFiniteSpelling {
    /// `NaN`, `Infinity`, `-Infinity` (Python's `json`).
    case json
    /// `nan`, `inf`, `-inf`.
    case words
  }

  /// The shortest text that reads back as `value` rounded to `type`.
  static func text(_ value: Double, as type: ElementType, nonFinite: NonFiniteSpelling) -> String {
    let text: String
    let rounded: Double
    switch type {
    case .float64:
      rounded = value
      text = value.description
    case .float16:
      let half = HalfPrecision.float(fromHalf: HalfPrecision.halfBits(from: value))
      rounded = Double(half)
      text = half.description
    default:
      let single = Float(value)
      rounded = Double(single)
      text = single.description
    }
    guard rounded.isFinite else {
      switch (nonFinite, rounded.isNaN, rounded < 0) {
      case (.json, true, _): return "NaN"
      case (.json, false, false): return "Infinity"
      case (.json, false, true): return "-Infinity"
      case (.words, true, _): return "nan"
      case (.words, false, false): return "inf"
      case (.words, false, true): return "-inf"
      }
    }
    return trimmed(text)
  }

  static func trimmed(_ text: String) -> String {
    text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }
}
