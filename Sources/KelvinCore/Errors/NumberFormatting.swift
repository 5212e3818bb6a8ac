/// Number spellings shared by error messages, tables and JSON.
public enum NumberFormatting {
  /// The shortest text that reads back as `value`: `2` rather than `2.0`, and `inf`, `-inf`
  /// and `nan` for the non-finite values.
  ///
  /// - Parameter value: Any double.
  /// - Returns: Swift's shortest round-trip spelling, with a trailing `.0` removed.
  public static func shortest(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let text = value.description
    if text.hasSuffix(".0") { return String(text.dropLast(2)) }
    return text
  }
}
