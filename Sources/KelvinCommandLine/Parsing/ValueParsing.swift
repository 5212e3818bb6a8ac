import Kelvin

/// Parsers for option values.
///
/// Each error names the flag and the offending text (exit 64).
public enum ValueParsing {
  /// Parses one number: decimal or scientific notation, or the words `inf`, `+inf`, `-inf`,
  /// `infinity` and `nan` in any case.
  ///
  /// - Parameters:
  ///   - text: The option's value.
  ///   - flag: The option name, for the error message.
  /// - Throws: ``CommandError`` (64) when the text is not a number.
  public static func number(_ text: String, flag: String) throws -> Double {
    let trimmed = text.trimmingWhitespace()
    guard !trimmed.isEmpty, let value = Double(trimmed.lowercased()) else {
      throw CommandError.usage("--\(flag): expected a number, got '\(text)'")
    }
    return value
  }

  /// Parses a comma-separated list of numbers (`2,1,0.5,-inf`).
  ///
  /// NaN and infinities are returned as given; whether they are allowed is the data's
  /// business (a NaN logit is a data error, exit 65).
  ///
  /// - Throws: ``CommandError`` (64) naming the entry that is not a number.
  public static func numberList(_ text: String, flag: String) throws -> [Double] {
    let entries = text.split(separator: ",", omittingEmptySubsequences: false)
    guard !text.trimmingWhitespace().isEmpty else {
      throw CommandError.usage("--\(flag): expected comma-separated numbers, got an empty list")
    }
    return try entries.enumerated().map { position, entry in
      let trimmed = String(entry).trimmingWhitespace()
      guard !trimmed.isEmpty, let value = Double(trimmed.lowercased()) else {
        throw CommandError.usage(
          "--\(flag): entry \(position + 1) is '\(entry)', not a number (list: '\(text)')")
      }
      return value
    }
  }

  /// Parses a temperature: a number ≥ 0, where `0` is the greedy limit and `inf` the uniform
  /// one.
  ///
  /// - Throws: ``CommandError`` (64) for text that is not a number, a negative value or NaN.
  public static func temperature(_ text: String, flag: String) throws -> Double {
    let value = try number(text, flag: flag)
    guard value >= 0 else {  // false for NaN too
      throw CommandError.usage(
        "--\(flag) must be ≥ 0 (0 is greedy, inf is uniform), got '\(text)'")
    }
    return value
  }

  /// Parses a comma-separated list of temperatures, each as ``temperature(_:flag:)``.
  public static func temperatureList(_ text: String, flag: String) throws -> [Double] {
    let values = try numberList(text, flag: flag)
    for (position, value) in values.enumerated() where !(value >= 0) {
      throw CommandError.usage(
        "--\(flag): entry \(position + 1) is \(NumberFormatting.shortest(value)); "
          + "temperatures must be ≥ 0 (0 is greedy, inf is uniform)")
    }
    return values
  }

  /// Parses a strictly positive, finite number (a thermal energy kT, a scale).
  ///
  /// - Throws: ``CommandError`` (64) otherwise.
  public static func positiveFinite(_ text: String, flag: String) throws -> Double {
    let value = try number(text, flag: flag)
    guard value.isFinite, value > 0 else {
      throw CommandError.usage("--\(flag) must be finite and > 0, got '\(text)'")
    }
    return value
  }

  /// Parses a count: a whole number ≥ 1.
  ///
  /// - Throws: ``CommandError`` (64) otherwise.
  public static func count(_ text: String, flag: String) throws -> Int {
    guard let value = Int(text.trimmingWhitespace()), value >= 1 else {
      throw CommandError.usage("--\(flag) must be a whole number ≥ 1, got '\(text)'")
    }
    return value
  }

  /// Parses a seed: a whole number from 0 to 2⁶⁴ − 1.
  ///
  /// - Throws: ``CommandError`` (64) otherwise.
  public static func seed(_ text: String, flag: String) throws -> UInt64 {
    guard let value = UInt64(text.trimmingWhitespace()) else {
      throw CommandError.usage("--\(flag) must be a whole number from 0 to 2^64-1, got '\(text)'")
    }
    return value
  }

  /// Parses one of a fixed set of words.
  ///
  /// - Throws: ``CommandError`` (64) listing the allowed words.
  public static func choice<Choice: RawRepresentable>(_ text: String, flag: String) throws
    -> Choice
  where Choice.RawValue == String, Choice: CaseIterable {
    guard let choice = Choice(rawValue: text) else {
      let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
      throw CommandError.usage("--\(flag) must be one of \(allowed), got '\(text)'")
    }
    return choice
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and newlines.
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
