/// A strict RFC 8259 JSON parser for hostile input: bounded nesting, UTF-8 validated, every
/// error reported with its byte offset, no recursion deeper than ``maximumDepth``.
///
/// With `allowsNonFiniteNumbers`, it also reads the tokens `NaN`, `Infinity` and `-Infinity`
/// that Python's `json` module writes for non-finite floats. A key given twice in one object
/// is an error (Python keeps the last, some readers the first: refusing is the safe choice).
public struct JSONParser {
  /// The deepest nesting accepted.
  public static let maximumDepth = 128

  let bytes: [UInt8]
  let allowsNonFiniteNumbers: Bool
  let compactsNumbers: Bool
  var position = 0
  var depth = 0

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
    var parser = JSONParser(
      bytes: bytes, allowsNonFiniteNumbers: allowsNonFiniteNumbers,
      compactsNumbers: compactsNumbers)
    parser.skipWhitespace()
    let value = try parser.parseValue()
    parser.skipWhitespace()
    guard parser.position == bytes.count else {
      throw parser.error("unexpected content after the JSON value")
    }
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

  func error(_ message: String) -> SyntaxError { SyntaxError(offset: position, message: message) }

  mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  mutating func parseValue() throws -> JSONNode {
    guard position < bytes.count else { throw error("unexpected end of input") }
    switch bytes[position] {
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

  mutating func nested(_ body: (inout JSONParser) throws -> JSONNode) throws -> JSONNode {
    depth += 1
    guard depth <= Self.maximumDepth else {
      throw error("nesting deeper than \(Self.maximumDepth) levels")
    }
    defer { depth -= 1 }
    return try body(&self)
  }

  mutating func expectWord(_ word: String) throws {
    let utf8 = Array(word.utf8)
    guard bytes.count - position >= utf8.count,
      Array(bytes[position..<position + utf8.count]) == utf8
    else { throw error("expected a JSON value") }
    position += utf8.count
  }

  mutating func parseObject() throws -> JSONNode {
    position += 1  // {
    var members: [(String, JSONNode)] = []
    var keys = Set<String>()
    skipWhitespace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
        throw error("expected a string key")
      }
      let keyOffset = position
      let key = try parseString()
      guard keys.insert(key).inserted else {
        throw SyntaxError(
          offset: keyOffset, message: "the key \"\(key)\" appears twice in one object")
      }
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
        throw error("expected ':' after a key")
      }
      position += 1
      skipWhitespace()
      members.append((key, try parseValue()))
      skipWhitespace()
      guard position < bytes.count else { throw error("unexpected end of input in an object") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      guard bytes[position] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
      position += 1
      return .object(members)
    }
  }

  mutating func parseArray() throws -> JSONNode {
    position += 1  // [
    var numbers: [Double] = []
    var nodes: [JSONNode]?
    skipWhitespace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
      position += 1
      return .numbers([])
    }
    while true {
      skipWhitespace()
      let value = try parseValue()
      if compactsNumbers, nodes == nil, case .number(let number, _) = value {
        numbers.append(number)
      } else {
        // Numbers compacted so far lose their text (only when compacting).
        if nodes == nil { nodes = numbers.map { .number($0, text: "") } }
        nodes?.append(value)
      }
      skipWhitespace()
      guard position < bytes.count else { throw error("unexpected end of input in an array") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      guard bytes[position] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
      position += 1
      return nodes.map(JSONNode.array) ?? (compactsNumbers ? .numbers(numbers) : .array([]))
    }
  }

  mutating func parseNumber() throws -> (Double, String) {
    let start = position
    if allowsNonFiniteNumbers {
      for (word, value) in [
        ("NaN", Double.nan), ("Infinity", .infinity), ("-Infinity", -.infinity),
      ]
      where hasPrefix(word) {
        position += word.utf8.count
        return (value, "")
      }
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
    guard position < bytes.count, isDigit(bytes[position]) else {
      position = start
      throw error("expected a JSON value")
    }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
    } else {
      while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      guard position < bytes.count, isDigit(bytes[position]) else {
        throw error("expected a digit after '.'")
      }
      while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }
    if position < bytes.count,
      bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")
    {
      position += 1
      if position < bytes.count,
        bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")
      {
        position += 1
      }
      guard position < bytes.count, isDigit(bytes[position]) else {
        throw error("expected a digit in the exponent")
      }
      while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    guard let value = Double(text) else { throw error("malformed number '\(text)'") }
    return (value, text)
  }

  func hasPrefix(_ word: String) -> Bool {
    let utf8 = Array(word.utf8)
    return bytes.count - position >= utf8.count
      && Array(bytes[position..<position + utf8.count]) == utf8
  }

  func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  mutating func parseString() throws -> String {
    position += 1  // opening quote
    var scalars = String.UnicodeScalarView()
    var runStart = position
    func flushRun(_ parser: JSONParser, upTo end: Int) throws {
      guard let run = String(validating: parser.bytes[runStart..<end], as: UTF8.self) else {
        throw parser.error("string is not valid UTF-8")
      }
      scalars.append(contentsOf: run.unicodeScalars)
    }
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        try flushRun(self, upTo: position)
        position += 1
        return String(scalars)
      }
      if byte < 0x20 { throw error("control character in a string") }
      if byte == UInt8(ascii: "\\") {
        try flushRun(self, upTo: position)
        position += 1
        guard position < bytes.count else { break }
        let escape = bytes[position]
        position += 1
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
        runStart = position
        continue
      }
      position += 1
    }
    throw error("unterminated string")
  }

  mutating func parseHex4() throws -> UInt32 {
    guard bytes.count - position >= 4 else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: throw error("invalid hex digit in \\u escape")
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }

  mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
    let first = try parseHex4()
    if (0xD800..<0xDC00).contains(first) {
      guard hasPrefix("\\u") else { throw error("unpaired surrogate in \\u escape") }
      position += 2
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
