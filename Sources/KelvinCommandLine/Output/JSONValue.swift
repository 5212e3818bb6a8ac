import Kelvin

/// A JSON document built in code and written with keys in the order given.
///
/// Non-finite numbers (NaN, ±inf) are written as `null`, since JSON has no spelling for them.
/// Finite numbers use Swift's shortest round-trip spelling, so a reader recovers the exact
/// `Double`.
public indirect enum JSONValue: Sendable, Equatable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number; non-finite values are written as `null`.
  case number(Double)
  /// An integer, written without a decimal point.
  case integer(Int)
  /// A string, escaped as RFC 8259 requires.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object whose keys keep the order given.
  case object([(String, JSONValue)])
  /// An array of numbers, stored as the numbers themselves (8 bytes each, not a value each).
  case numberArray([Double])

  /// An array of numbers.
  public static func numbers(_ values: [Double]) -> JSONValue { .numberArray(values) }

  /// A number, or `null` for `nil`.
  public static func optionalNumber(_ value: Double?) -> JSONValue {
    value.map(JSONValue.number) ?? .null
  }

  /// The compact serialisation, without a trailing newline.
  public var serialized: String {
    var text = ""
    write(to: &text) { _ in }
    return text
  }

  /// Writes the serialisation to `output` as it is produced, a block at a time, so a document
  /// with millions of numbers never exists whole as a string.
  ///
  /// - Throws: ``CommandError`` (74) when the output refuses the bytes.
  public func write(to output: CommandOutput) throws {
    var text = ""
    text.reserveCapacity(1 << 16)
    try write(to: &text) { pending in
      try output.write(pending)
      pending.removeAll(keepingCapacity: true)
    }
    try output.write(text)
  }

  func write(to text: inout String, flush: (inout String) throws -> Void) rethrows {
    if text.utf8.count >= 1 << 16 { try flush(&text) }
    switch self {
    case .null: text += "null"
    case .bool(let value): text += value ? "true" : "false"
    case .number(let value):
      text += value.isFinite ? NumberFormatting.shortest(value) : "null"
    case .integer(let value): text += String(value)
    case .string(let value): JSONStringEscaping.write(value, to: &text)
    case .array(let values):
      text += "["
      for (index, value) in values.enumerated() {
        if index > 0 { text += "," }
        try value.write(to: &text, flush: flush)
      }
      text += "]"
    case .numberArray(let values):
      text += "["
      for (index, value) in values.enumerated() {
        if index > 0 { text += "," }
        text += value.isFinite ? NumberFormatting.shortest(value) : "null"
        if index & 1023 == 1023, text.utf8.count >= 1 << 16 { try flush(&text) }
      }
      text += "]"
    case .object(let members):
      text += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { text += "," }
        JSONStringEscaping.write(key, to: &text)
        text += ":"
        try value.write(to: &text, flush: flush)
      }
      text += "}"
    }
  }

  /// Two values are equal when they serialise identically.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.serialized == rhs.serialized
  }
}
