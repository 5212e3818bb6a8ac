/// A parsed JSON value.
///
/// Arrays whose elements are all numbers are kept as `[Double]` (``numbers``), so that a file
/// of logits costs 8 bytes per value, not a node per value.
public indirect enum JSONNode: Sendable, Equatable {
  /// An object, keys in file order (duplicates kept; lookups take the first).
  case object([(String, JSONNode)])
  /// An array with at least one element that is not a number.
  case array([JSONNode])
  /// An array of numbers only (also the empty array).
  case numbers([Double])
  /// A number, with its text so that integers convert exactly.
  case number(Double, text: String)
  /// A string.
  case string(String)
  /// `true` or `false`.
  case bool(Bool)
  /// `null`.
  case null

  /// The value of `key` in an object, or `nil`.
  public subscript(key: String) -> JSONNode? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// The elements of an array, numbers included, as nodes.
  public var elements: [JSONNode]? {
    switch self {
    case .array(let nodes): return nodes
    case .numbers(let values):
      // Whole numbers below 2⁵³ were written exactly; give them their integer text back.
      return values.map { value in
        let exact = value.rounded() == value && abs(value) < 0x1p53
        return .number(value, text: exact ? String(Int(value)) : value.description)
      }
    default: return nil
    }
  }

  /// A non-negative integer written exactly (no fraction, no exponent), or `nil`.
  public var exactNonNegativeInteger: Int? {
    guard case .number(_, let text) = self, !text.isEmpty else { return nil }
    return Int(text).flatMap { $0 >= 0 ? $0 : nil }
  }

  /// Two nodes are equal when their structure and values are.
  public static func == (lhs: JSONNode, rhs: JSONNode) -> Bool {
    switch (lhs, rhs) {
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    case (.array(let a), .array(let b)): return a == b
    case (.numbers(let a), .numbers(let b)): return a == b
    case (.number(let a, _), .number(let b, _)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.null, .null): return true
    default: return false
    }
  }

  /// A short name of the node's kind, for error messages.
  public var kindName: String {
    switch self {
    case .object: return "an object"
    case .array, .numbers: return "an array"
    case .number: return "a number"
    case .string: return "a string"
    case .bool: return "a boolean"
    case .null: return "null"
    }
  }
}
