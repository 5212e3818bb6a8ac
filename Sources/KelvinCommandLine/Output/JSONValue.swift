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

  /// An array of numbers.
  public static func numbers(_ values: [Double]) -> JSONValue {
    .array(values.map(JSONValue.number))
  }

  /// A number, or `null` for `nil`.
  public static func optionalNumber(_ value: Double?) -> JSONValue {
    value.map(JSONValue.number) ?? .null
  }

  /// The compact serialisation, without a trailing newline.
  public var serialized: String {
    var text = ""
    write(to: &text)
    return text
  }

  func write(to text: inout String) {
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
        value.write(to: &text)
      }
      text += "]"
    case .object(let members):
      text += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { text += "," }
        JSONStringEscaping.write(key, to: &text)
        text += ":"
        value.write(to: &text)
      }
      text += "}"
    }
  }

  /// Two values are equal when they serialise identically.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.serialized == rhs.serialized
  }
}
