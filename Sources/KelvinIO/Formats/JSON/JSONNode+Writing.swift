import KelvinCore

extension JSONNode {
  /// A number built in code; its text is chosen when it is written (Swift's shortest
  /// round-trip spelling, `null` when it is not finite).
  public static func number(_ value: Double) -> JSONNode { .number(value, text: "") }

  /// A whole number, written exactly (without a decimal point), whatever its size.
  public static func integer(_ value: Int) -> JSONNode {
    .number(Double(value), text: String(value))
  }

  /// A number, or `null` for `nil`.
  public static func optionalNumber(_ value: Double?) -> JSONNode {
    value.map { JSONNode.number($0) } ?? .null
  }

  /// The compact serialisation, without a trailing newline.
  ///
  /// Keys keep their order; strings are escaped as RFC 8259 requires. A parsed number is
  /// written as it was read; a number built in code with Swift's shortest round-trip spelling,
  /// so a reader recovers the exact `Double`; a non-finite number as `null`, since JSON has no
  /// spelling for it.
  public var serialized: String {
    var text = ""
    write(to: &text) { _ in }
    return text
  }

  /// Appends the serialisation to `text`, handing it to `flush` whenever it reaches 64 KiB
  /// (`flush` empties it), so a document with millions of numbers never exists whole.
  ///
  /// - Complexity: O(size of the document).
  public func write(to text: inout String, flush: (inout String) throws -> Void) rethrows {
    if text.utf8.count >= 1 << 16 { try flush(&text) }
    switch self {
    case .null: text += "null"
    case .bool(let value): text += value ? "true" : "false"
    case .number(let value, let spelling):
      text +=
        !value.isFinite ? "null" : spelling.isEmpty ? NumberFormatting.shortest(value) : spelling
    case .string(let value): JSONStringEscaping.write(value, to: &text)
    case .array(let values):
      text += "["
      for (index, value) in values.enumerated() {
        if index > 0 { text += "," }
        try value.write(to: &text, flush: flush)
      }
      text += "]"
    case .numbers(let values):
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
}
