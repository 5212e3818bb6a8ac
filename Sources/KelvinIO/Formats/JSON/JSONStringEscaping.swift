/// Writes JSON string literals (RFC 8259 escaping).
public enum JSONStringEscaping {
  /// Appends `value` to `text` as a quoted JSON string: `"` and `\` escaped, control
  /// characters as `\n`, `\r`, `\t` or `\u00XX`, everything else as is.
  public static func write(_ value: String, to text: inout String) {
    text += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: text.unicodeScalars.append(scalar)
      }
    }
    text += "\""
  }
}
