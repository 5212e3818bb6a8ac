import Foundation

/// Text and numbers as SVG needs them.
enum SVGText {
  /// `text` with `&`, `<`, `>` and `"` escaped, for element content and attribute values.
  static func escaped(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  /// A coordinate with one decimal.
  static func coordinate(_ value: Double) -> String {
    String(format: "%.1f", value)
  }

  /// An estimate of the width of `text` at `size` px in a sans-serif font (0.6 em a
  /// character: wide enough for digits and most letters, so boxes sized by it do not clip).
  static func width(_ text: String, size: Double) -> Double {
    Double(text.count) * size * 0.6
  }
}
