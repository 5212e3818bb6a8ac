/// A strict RFC 8259 JSON parser for hostile input: bounded nesting, UTF-8 validated, every
/// error reported with its byte offset, no recursion deeper than ``maximumDepth``.
///
/// With `allowsNonFiniteNumbers`, it also reads the tokens `NaN`, `Infinity` and `-Infinity`
/// that Python's `json` module writes for non-finite floats. A key given twice in one object
/// is an error (Python keeps the last, some readers the first: refusing is the safe choice).
public enum JSONParser {
  /// The deepest nesting accepted.
  public static let maximumDepth = 128

  /// Parses a complete document.
  ///
  /// - Parameters:
  ///   - bytes: The document's bytes.
  ///   - allowsNonFiniteNumbers: Whether `NaN`, `Infinity` and `-Infinity` are accepted.
  ///   - compactsNumbers: Whether arrays of numbers become ``JSONNode/numbers(_:)`` (8 bytes a
  ///     value) rather than nodes that keep each number's text (for headers, whose integers
  ///     must be written as integers).
  /// - Returns: The root value.
  /// - Throws: ``JSONParser/SyntaxError`` naming the byte offset and what was expected.
  public static func parse(
    _ bytes: [UInt8], allowsNonFiniteNumbers: Bool = false, compactsNumbers: Bool = true
  ) throws -> JSONNode {
    var cursor = JSONCursor(
      ArrayInput(bytes), allowsNonFiniteNumbers: allowsNonFiniteNumbers,
      compactsNumbers: compactsNumbers)
    try cursor.skipWhitespace()
    let value = try cursor.parseValue()
    try cursor.expectEnd()
    return value
  }

  /// A syntax error at a byte offset.
  public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset where parsing failed.
    public let offset: Int
    /// What was wrong.
    public let message: String
    /// `invalid JSON at byte N: message`.
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
  }
}

/// Reads JSON values from an input: building nodes, or only checking them (``skipValue()``,
/// which allocates nothing per value).
struct JSONCursor<Input: JSONInput> {
  var input: Input
  let allowsNonFiniteNumbers: Bool
  let compactsNumbers: Bool
  var depth = 0

  init(_ input: Input, allowsNonFiniteNumbers: Bool, compactsNumbers: Bool = true) {
    self.input = input
    self.allowsNonFiniteNumbers = allowsNonFiniteNumbers
    self.compactsNumbers = compactsNumbers
  }

  func error(_ message: String) -> JSONParser.SyntaxError {
    JSONParser.SyntaxError(offset: input.offset, message: message)
  }

  mutating func skipWhitespace() throws {
    while let byte = try input.current(),
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    {
      input.advance()
    }
  }

  /// Requires that nothing but white space follows.
  mutating func expectEnd() throws {
    try skipWhitespace()
    guard try input.current() == nil else { throw error("unexpected content after the JSON value") }
  }

  /// Moves past `byte`, which must be next (after white space).
  mutating func expect(_ byte: UInt8, _ message: String) throws {
    try skipWhitespace()
    guard try input.current() == byte else { throw error(message) }
    input.advance()
  }

  /// Whether `byte` is next (after white space); moves past it if so.
  mutating func consume(_ byte: UInt8) throws -> Bool {
    try skipWhitespace()
    guard try input.current() == byte else { return false }
    input.advance()
    return true
  }

  mutating func nested<T>(_ body: (inout JSONCursor) throws -> T) throws -> T {
    depth += 1
    guard depth <= JSONParser.maximumDepth else {
      throw error("nesting deeper than \(JSONParser.maximumDepth) levels")
    }
    defer { depth -= 1 }
    return try body(&self)
  }

  mutating func expectWord(_ word: StaticString) throws {
    for byte in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
      guard try input.current() == byte else { throw error("expected a JSON value") }
      input.advance()
    }
  }

  // MARK: - Values

  mutating func parseValue() throws -> JSONNode {
    guard let byte = try input.current() else { throw error("unexpected end of input") }
    switch byte {
    case UInt8(ascii: "{"): return try nested { try $0.parseObject() }
    case UInt8(ascii: "["): return try nested { try $0.parseArray() }
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
    case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
    case UInt8(ascii: "n"): try expectWord("null"); return .null
    default:
      let (value, text) = try parseNumber()
      return .number(value, text: text)
    }
  }

  /// Checks a value without building it.
  mutating func skipValue() throws {
    guard let byte = try input.current() else { throw error("unexpected end of input") }
    switch byte {
    case UInt8(ascii: "{"): try nested { try $0.members { _, cursor in try cursor.skipValue() } }
    case UInt8(ascii: "["): try nested { try $0.elements { cursor in try cursor.skipValue() } }
    case UInt8(ascii: "\""): _ = try parseString()
    case UInt8(ascii: "t"): try expectWord("true")
    case UInt8(ascii: "f"): try expectWord("false")
    case UInt8(ascii: "n"): try expectWord("null")
    default: _ = try scanNumber()
    }
  }

  /// Visits an object's members (the cursor on its `{`), refusing duplicate keys (compared as
  /// UTF-8 bytes: JSON keys are sequences of code points, and Swift's `String` equality would
  /// merge canonically equivalent ones) unless told not to.
  mutating func members(
    checksDuplicateKeys: Bool = true, _ body: (String, inout JSONCursor) throws -> Void
  ) throws {
    input.advance()  // {
    var keys = Set<[UInt8]>()
    if try consume(UInt8(ascii: "}")) { return }
    while true {
      try skipWhitespace()
      guard try input.current() == UInt8(ascii: "\"") else { throw error("expected a string key") }
      let keyOffset = input.offset
      let key = try parseString()
      guard !checksDuplicateKeys || keys.insert(Array(key.utf8)).inserted else {
        throw JSONParser.SyntaxError(
          offset: keyOffset, message: "the key \"\(key)\" appears twice in one object")
      }
      try expect(UInt8(ascii: ":"), "expected ':' after a key")
      try skipWhitespace()
      try body(key, &self)
      try skipWhitespace()
      guard let next = try input.current() else {
        throw error("unexpected end of input in an object")
      }
      input.advance()
      if next == UInt8(ascii: ",") { continue }
      guard next == UInt8(ascii: "}") else {
        throw JSONParser.SyntaxError(offset: input.offset - 1, message: "expected ',' or '}'")
      }
      return
    }
  }

  /// Visits an array's elements (the cursor on its `[`).
  mutating func elements(_ body: (inout JSONCursor) throws -> Void) throws {
    input.advance()  // [
    if try consume(UInt8(ascii: "]")) { return }
    while true {
      try skipWhitespace()
      try body(&self)
      try skipWhitespace()
      guard let next = try input.current() else {
        throw error("unexpected end of input in an array")
      }
      input.advance()
      if next == UInt8(ascii: ",") { continue }
      guard next == UInt8(ascii: "]") else {
        throw JSONParser.SyntaxError(offset: input.offset - 1, message: "expected ',' or ']'")
      }
      return
    }
  }

  mutating func parseObject() throws -> JSONNode {
    var members: [(String, JSONNode)] = []
    try self.members { key, cursor in members.append((key, try cursor.parseValue())) }
    return .object(members)
  }

  mutating func parseArray() throws -> JSONNode {
    var numbers: [Double] = []
    var nodes: [JSONNode]?
    var any = false
    try elements { cursor in
      any = true
      let value = try cursor.parseValue()
      if cursor.compactsNumbers, nodes == nil, case .number(let number, _) = value {
        numbers.append(number)
      } else {
        // Numbers compacted so far lose their text (only when compacting).
        if nodes == nil { nodes = numbers.map { .number($0, text: "") } }
        nodes?.append(value)
      }
    }
    if !any { return .numbers([]) }
    return nodes.map(JSONNode.array) ?? .numbers(numbers)
  }

  // MARK: - Numbers

  /// Reads a number and its text.
  mutating func parseNumber() throws -> (Double, String) {
    let start = input.offset
    let (text, special) = try scanNumber()
    if let special { return (special, "") }
    guard let value = Double(text) else {
      throw JSONParser.SyntaxError(offset: start, message: "malformed number '\(text)'")
    }
    return (value, text)
  }

  /// Checks a number's grammar and returns its text, or the value of `NaN`, `Infinity` and
  /// `-Infinity` (when allowed).
  mutating func scanNumber() throws -> (text: String, special: Double?) {
    let start = input.offset
    var text: [UInt8] = []
    func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
    if try input.current() == UInt8(ascii: "-") {
      text.append(UInt8(ascii: "-"))
      input.advance()
    }
    if allowsNonFiniteNumbers {
      let next = try input.current()
      if next == UInt8(ascii: "I") {
        try expectWord("Infinity")
        return ("", text.isEmpty ? .infinity : -.infinity)
      }
      if next == UInt8(ascii: "N"), text.isEmpty {
        try expectWord("NaN")
        return ("", .nan)
      }
    }
    guard isDigit(try input.current()) else {
      throw JSONParser.SyntaxError(offset: start, message: "expected a JSON value")
    }
    if try input.current() == UInt8(ascii: "0") {
      text.append(UInt8(ascii: "0"))
      input.advance()
    } else {
      while let byte = try input.current(), isDigit(byte) {
        text.append(byte)
        input.advance()
      }
    }
    if try input.current() == UInt8(ascii: ".") {
      text.append(UInt8(ascii: "."))
      input.advance()
      guard isDigit(try input.current()) else { throw error("expected a digit after '.'") }
      while let byte = try input.current(), isDigit(byte) {
        text.append(byte)
        input.advance()
      }
    }
    if let byte = try input.current(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
      text.append(byte)
      input.advance()
      if let sign = try input.current(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
        text.append(sign)
        input.advance()
      }
      guard isDigit(try input.current()) else { throw error("expected a digit in the exponent") }
      while let byte = try input.current(), isDigit(byte) {
        text.append(byte)
        input.advance()
      }
    }
    return (String(decoding: text, as: UTF8.self), nil)
  }

  // MARK: - Strings

  mutating func parseString() throws -> String {
    input.advance()  // opening quote
    var scalars = String.UnicodeScalarView()
    var run: [UInt8] = []
    func flush(_ cursor: JSONCursor) throws {
      guard !run.isEmpty else { return }
      guard let text = String(validating: run, as: UTF8.self) else {
        throw cursor.error("string is not valid UTF-8")
      }
      scalars.append(contentsOf: text.unicodeScalars)
      run.removeAll(keepingCapacity: true)
    }
    while let byte = try input.current() {
      if byte == UInt8(ascii: "\"") {
        try flush(self)
        input.advance()
        return String(scalars)
      }
      if byte < 0x20 { throw error("control character in a string") }
      if byte == UInt8(ascii: "\\") {
        try flush(self)
        input.advance()
        guard let escape = try input.current() else { break }
        input.advance()
        switch escape {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
        default: throw error("invalid escape in a string")
        }
        continue
      }
      run.append(byte)
      input.advance()
    }
    throw error("unterminated string")
  }

  mutating func parseHex4() throws -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = try input.current() else { throw error("truncated \\u escape") }
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: throw error("invalid hex digit in \\u escape")
      }
      value = value << 4 | digit
      input.advance()
    }
    return value
  }

  mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
    let first = try parseHex4()
    if (0xD800..<0xDC00).contains(first) {
      guard try input.current() == UInt8(ascii: "\\") else {
        throw error("unpaired surrogate in \\u escape")
      }
      input.advance()
      guard try input.current() == UInt8(ascii: "u") else {
        throw error("unpaired surrogate in \\u escape")
      }
      input.advance()
      let second = try parseHex4()
      guard (0xDC00..<0xE000).contains(second) else {
        throw error("unpaired surrogate in \\u escape")
      }
      let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
      guard let scalar = Unicode.Scalar(combined) else { throw error("invalid \\u escape") }
      return scalar
    }
    guard let scalar = Unicode.Scalar(first) else {
      throw error("unpaired surrogate in \\u escape")
    }
    return scalar
  }
}
