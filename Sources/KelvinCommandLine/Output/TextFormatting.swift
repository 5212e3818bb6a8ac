import Foundation
import Kelvin

/// Number and layout helpers for the `table` format.
public enum TextFormatting {
  /// `value` with a fixed number of decimals; `inf`, `-inf`, `nan` for non-finite values.
  public static func fixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return NumberFormatting.shortest(value) }
    return printf("%.*f", decimals, value)
  }

  /// C's `snprintf` with one precision and one double: the same digits as
  /// `String(format:)`, without Foundation's formatter (about ten times faster, which long
  /// tables notice).
  static func printf(_ format: StaticString, _ precision: Int, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let count = buffer.withUnsafeMutableBufferPointer { pointer -> Int32 in
      withVaList([Int32(precision), value]) { arguments in
        vsnprintf(
          pointer.baseAddress, 64,
          UnsafeRawPointer(format.utf8Start).assumingMemoryBound(to: CChar.self), arguments)
      }
    }
    guard count > 0, count < 64 else { return String(format: "%.\(precision)g", value) }
    return String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// A probability-sized number: fixed with `decimals` decimals when that shows at least two
  /// significant digits, scientific notation (`3.1416e-09`) for smaller magnitudes, and `0`
  /// for exact zero.
  public static func compact(_ value: Double, decimals: Int = 6) -> String {
    guard value.isFinite else { return NumberFormatting.shortest(value) }
    if value == 0 { return "0" }
    let threshold = pow(10, Double(1 - decimals))
    if abs(value) >= threshold && abs(value) < 1e9 {
      return printf("%.*f", decimals, value)
    }
    return printf("%.*e", 4, value)
  }

  /// A value as typed when that is short (`2`, `0.5`, `-inf`), else to 7 significant digits
  /// (`0.7234384`, `-1.234568e+20`): logits read from files have long shortest spellings.
  public static func readable(_ value: Double) -> String {
    let shortest = NumberFormatting.shortest(value)
    return shortest.count <= 10 ? shortest : printf("%.*g", 7, value)
  }

  /// `text` right-aligned in `width` characters.
  public static func right(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }

  /// `text` left-aligned in `width` characters.
  public static func left(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  /// Rows of cells as aligned columns, separated by two spaces and indented by two: the first
  /// `leftAligned` columns left-aligned, the rest right-aligned.
  public static func table(_ rows: [[String]], leftAligned: Int = 1) -> String {
    let columnCount = rows.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columnCount)
    for row in rows {
      for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
    }
    return rows.map { row in
      "  "
        + row.enumerated().map { column, cell in
          column < leftAligned ? left(cell, widths[column]) : right(cell, widths[column])
        }.joined(separator: "  ")
    }.map { $0.replacingTrailingSpaces() + "\n" }.joined()
  }

  /// One row of a table whose column widths are fixed in advance (so rows can stream): cells
  /// right-aligned in `widths`, further cells left as they are, indented and separated by two
  /// spaces, trailing spaces trimmed.
  public static func row(_ cells: [String], widths: [Int]) -> String {
    let aligned = cells.enumerated().map { column, cell in
      column < widths.count ? right(cell, widths[column]) : cell
    }
    return ("  " + aligned.joined(separator: "  ")).replacingTrailingSpaces()
  }

  /// A horizontal bar `width · fraction` characters long, in eighths of a character
  /// (`█▉▊▋▌▍▎▏`), padded with spaces to `width`.
  public static func bar(_ fraction: Double, width: Int) -> String {
    let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
    let eighths = Int((clamped * Double(width * 8)).rounded())
    let full = eighths / 8
    let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    let bar = String(repeating: "█", count: full) + partials[eighths % 8]
    return bar + String(repeating: " ", count: max(0, width - bar.count))
  }
}

/// `text` and a newline.
func line(_ text: String) -> String { text + "\n" }

extension String {
  func replacingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
