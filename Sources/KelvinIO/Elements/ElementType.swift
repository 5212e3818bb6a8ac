/// The element types Kelvin reads and writes: the floating-point types of logits and the
/// integer types of label files.
public enum ElementType: String, Sendable, CaseIterable, Equatable {
  /// IEEE 754 binary16 (`<f2`, `F16`).
  case float16
  /// bfloat16, the top half of a binary32 (`BF16`).
  case bfloat16
  /// IEEE 754 binary32 (`<f4`, `F32`).
  case float32
  /// IEEE 754 binary64 (`<f8`, `F64`).
  case float64
  /// Signed 8-bit integer.
  case int8
  /// Unsigned 8-bit integer.
  case uint8
  /// Signed 16-bit integer.
  case int16
  /// Unsigned 16-bit integer.
  case uint16
  /// Signed 32-bit integer.
  case int32
  /// Unsigned 32-bit integer.
  case uint32
  /// Signed 64-bit integer.
  case int64
  /// Unsigned 64-bit integer.
  case uint64

  /// The size of one element in bytes.
  public var byteCount: Int {
    switch self {
    case .int8, .uint8: return 1
    case .float16, .bfloat16, .int16, .uint16: return 2
    case .float32, .int32, .uint32: return 4
    case .float64, .int64, .uint64: return 8
    }
  }

  /// Whether the type holds floating-point numbers.
  public var isFloatingPoint: Bool {
    switch self {
    case .float16, .bfloat16, .float32, .float64: return true
    default: return false
    }
  }
}

/// The order of bytes within an element in a file.
public enum ByteOrder: String, Sendable, Equatable {
  /// Least significant byte first (x86, ARM, and every safetensors file).
  case littleEndian
  /// Most significant byte first.
  case bigEndian
}
