import KelvinCore

/// Strict reading of numbers typed by people: decimal notation only.
///
/// Swift's `Double(_:)` also reads hexadecimal floats (`0x1p3`) and turns out-of-range text
/// (`1e400`) into infinity; `Int(_:)` refuses `1e3` but with no reason. These readers accept
/// exactly the spellings Kelvin documents and say which rule a text broke.
///
/// Grammar (surrounding spaces and tabs are ignored):
/// - number: `[+-]` then `inf`, `infinity` or `nan` in any case, or digits with an optional
///   fraction (`1`, `1.`, `.5`, `1.5`) and an optional exponent (`e-3`, `E+07`);
/// - whole number: `[+-]` then digits only.
public enum DecimalText {
  /// Why a text is not a number of the kind asked for.
  public enum Failure: Error, Sendable, Equatable {
    /// The text does not follow the grammar.
    case malformed
    /// The text is a number whose magnitude the type cannot hold (`1e400` for `Double`,
    /// `99999999999999999999` for `Int`).
    case outOfRange
  }

  /// Reads a number in decimal or scientific notation, or `inf`/`infinity`/`nan`.
  ///
  /// A finite spelling that overflows `Double` is ``Failure/outOfRange`` rather than
  /// infinity; one that underflows rounds to zero (or a subnormal), as IEEE rounding does.
  ///
  /// - Throws: ``Failure``.
  /// - Complexity: O(n) in the length of the text.
  public static func double(_ text: some StringProtocol) throws(Failure) -> Double {
    let trimmed = trimmed(text)
    var body = Substring(trimmed)
    var negative = false
    if let sign = body.first, sign == "+" || sign == "-" {
      negative = sign == "-"
      body = body.dropFirst()
    }
    switch body.lowercased() {
    case "inf", "infinity": return negative ? -.infinity : .infinity
    case "nan": return .nan
    default: break
    }
    guard isDecimal(body), let value = Double(String(trimmed)) else { throw .malformed }
    guard value.isFinite else { throw .outOfRange }
    return value
  }

  /// Reads a whole number: an optional sign and decimal digits, nothing else.
  ///
  /// - Throws: ``Failure``: `.malformed` for anything but digits (`1e3`, `1.0`, `0x10`),
  ///   `.outOfRange` when the value does not fit in `Int`.
  /// - Complexity: O(n) in the length of the text.
  public static func integer(_ text: some StringProtocol) throws(Failure) -> Int {
    let trimmed = trimmed(text)
    var digits = Substring(trimmed)
    if let sign = digits.first, sign == "+" || sign == "-" { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { throw .malformed }
    guard let value = Int(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed) else {
      throw .outOfRange
    }
    return value
  }

  /// Reads an unsigned 64-bit whole number (a seed): decimal digits only.
  ///
  /// - Throws: ``Failure``.
  public static func unsigned(_ text: some StringProtocol) throws(Failure) -> UInt64 {
    let trimmed = trimmed(text)
    let digits = trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { throw .malformed }
    guard let value = UInt64(digits) else { throw .outOfRange }
    return value
  }

  /// Reads a number from UTF-8 bytes, by the same grammar as ``double(_:)`` (spaces and tabs
  /// around it ignored): for readers of text files, which hold bytes, not strings.
  ///
  /// - Throws: ``Failure``.
  /// - Complexity: O(n).
  public static func double(utf8 bytes: UnsafeRawBufferPointer) throws(Failure) -> Double {
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    guard start < end else { throw .malformed }
    var index = start
    var negative = false
    if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
      negative = bytes[index] == UInt8(ascii: "-")
      index += 1
    }
    if index < end, !isDigitByte(bytes[index]), bytes[index] != UInt8(ascii: ".") {
      // A word: inf, infinity or nan in any case.
      var word = ""
      for position in index..<end {
        word.unicodeScalars.append(Unicode.Scalar(bytes[position] | 0x20))
      }
      switch word {
      case "inf", "infinity": return negative ? -.infinity : .infinity
      case "nan": return .nan
      default: throw .malformed
      }
    }
    var mantissaDigits = 0
    while index < end, isDigitByte(bytes[index]) {
      mantissaDigits += 1
      index += 1
    }
    if index < end, bytes[index] == UInt8(ascii: ".") {
      index += 1
      while index < end, isDigitByte(bytes[index]) {
        mantissaDigits += 1
        index += 1
      }
    }
    guard mantissaDigits > 0 else { throw .malformed }
    if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        index += 1
      }
      guard index < end, isDigitByte(bytes[index]) else { throw .malformed }
      while index < end, isDigitByte(bytes[index]) { index += 1 }
    }
    guard index == end else { throw .malformed }
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    guard let value = Double(text) else { throw .malformed }
    guard value.isFinite else { throw .outOfRange }
    return value
  }

  @inline(__always) static func isDigitByte(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// Digits with an optional fraction and an optional exponent, at least one mantissa digit.
  static func isDecimal(_ body: Substring) -> Bool {
    var index = body.startIndex
    var mantissaDigits = 0
    while index < body.endIndex, body[index].isASCIIDigit {
      mantissaDigits += 1
      index = body.index(after: index)
    }
    if index < body.endIndex, body[index] == "." {
      index = body.index(after: index)
      while index < body.endIndex, body[index].isASCIIDigit {
        mantissaDigits += 1
        index = body.index(after: index)
      }
    }
    guard mantissaDigits > 0 else { return false }
    guard index < body.endIndex else { return true }
    guard body[index] == "e" || body[index] == "E" else { return false }
    index = body.index(after: index)
    if index < body.endIndex, body[index] == "+" || body[index] == "-" {
      index = body.index(after: index)
    }
    let exponent = body[index...]
    return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
  }

  static func trimmed(_ text: some StringProtocol) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = text.firstIndex(where: { !isBlank($0) }),
      let last = text.lastIndex(where: { !isBlank($0) })
    else { return "" }
    return String(text[first...last])
  }
}

extension Character {
  /// Whether the character is one of `0`…`9`.
  var isASCIIDigit: Bool { ("0"..."9").contains(self) && isASCII }
}
