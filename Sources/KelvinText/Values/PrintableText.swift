import KelvinCore

/// Text from input (file names, header fields, prompts, chain items) made safe to print.
///
/// Control characters in a message could clear a terminal, colour it or forge lines
/// (`ESC[2J`, a newline and a fake `Error:`). These functions replace every C0 control
/// character, DEL and every C1 control character by a visible escape: `\n`, `\r`, `\t`, `\x1b`,
/// `\x7f`, `\u{9b}`; every other character is kept as it is, so ordinary text is unchanged.
public enum PrintableText {
  /// For one-line messages: every control character escaped, newlines and tabs included.
  ///
  /// - Complexity: O(n).
  public static func line(_ text: String) -> String { escaped(text, keepingLayout: false) }

  /// For text shown on a terminal (a prompt, generated text): control characters escaped but
  /// newlines and tabs, which lay text out, kept.
  ///
  /// - Complexity: O(n).
  public static func text(_ text: String) -> String { escaped(text, keepingLayout: true) }

  static func escaped(_ text: String, keepingLayout: Bool) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      guard isControl(scalar) else {
        result.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\n": result += keepingLayout ? "\n" : "\\n"
      case "\t": result += keepingLayout ? "\t" : "\\t"
      case "\r": result += "\\r"
      default:
        let hex = String(scalar.value, radix: 16)
        result += scalar.value < 0x80 ? "\\x" + (hex.count == 1 ? "0" : "") + hex : "\\u{\(hex)}"
      }
    }
    return result
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
  }
}
