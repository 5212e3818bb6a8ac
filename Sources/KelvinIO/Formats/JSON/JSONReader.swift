/// Reads a JSON document in memory value by value, for files too large to hold as nodes (a
/// `tokenizer.json`'s vocabulary and merges): the caller walks objects and arrays and builds
/// only what it keeps.
///
/// The grammar, the nesting limit and the errors are those of ``JSONParser``; duplicate keys
/// in one object are refused.
public struct JSONReader {
  private var cursor: JSONCursor<ArrayInput>

  /// A reader at the start of `bytes`.
  public init(_ bytes: [UInt8]) {
    cursor = JSONCursor(ArrayInput(bytes), allowsNonFiniteNumbers: false, compactsNumbers: false)
  }

  /// The byte offset of the next value.
  public var offset: Int { cursor.input.offset }

  /// The kinds of value ``peek()`` reports.
  public enum Kind: Sendable, Equatable {
    /// `{`.
    case object
    /// `[`.
    case array
    /// A string.
    case string
    /// A number.
    case number
    /// `true` or `false`.
    case bool
    /// `null`.
    case null
  }

  /// The kind of the next value (after white space).
  ///
  /// - Throws: ``JSONParser/SyntaxError`` at the end of input or before a byte that starts no
  ///   value.
  public mutating func peek() throws -> Kind {
    try cursor.skipWhitespace()
    switch cursor.input.current() {
    case UInt8(ascii: "{"): return .object
    case UInt8(ascii: "["): return .array
    case UInt8(ascii: "\""): return .string
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
    case UInt8(ascii: "n"): return .null
    case nil: throw cursor.error("unexpected end of input")
    default: return .number
    }
  }

  /// Visits the members of the object that comes next, in file order.
  ///
  /// - Parameter checksDuplicateKeys: Whether a key given twice is an error (keys compared
  ///   as UTF-8 bytes); a caller that stores the keys itself may check them there instead.
  /// - Throws: ``JSONParser/SyntaxError``, or what `body` throws.
  public mutating func readObject(
    checksDuplicateKeys: Bool = true, _ body: (String, inout JSONReader) throws -> Void
  ) throws {
    guard try peek() == .object else { throw cursor.error("expected an object") }
    try cursor.nested { cursor in
      try cursor.members(checksDuplicateKeys: checksDuplicateKeys) { key, inner in
        var reader = JSONReader(cursor: inner)
        defer { inner = reader.cursor }
        try body(key, &reader)
      }
    }
  }

  /// Visits the elements of the array that comes next, with their indices.
  ///
  /// - Throws: ``JSONParser/SyntaxError``, or what `body` throws.
  public mutating func readArray(_ body: (Int, inout JSONReader) throws -> Void) throws {
    guard try peek() == .array else { throw cursor.error("expected an array") }
    var index = 0
    try cursor.nested { cursor in
      try cursor.elements { inner in
        var reader = JSONReader(cursor: inner)
        defer { inner = reader.cursor }
        try body(index, &reader)
        index += 1
      }
    }
  }

  private init(cursor: JSONCursor<ArrayInput>) { self.cursor = cursor }

  /// Reads the string that comes next.
  ///
  /// - Throws: ``JSONParser/SyntaxError`` when the next value is not a valid string.
  public mutating func readString() throws -> String {
    guard try peek() == .string else { throw cursor.error("expected a string") }
    return try cursor.parseString()
  }

  /// Reads the next value as a node.
  ///
  /// - Throws: ``JSONParser/SyntaxError``.
  public mutating func readNode() throws -> JSONNode {
    try cursor.skipWhitespace()
    return try cursor.parseValue()
  }

  /// Skips the next value, checking its syntax.
  ///
  /// - Throws: ``JSONParser/SyntaxError``.
  public mutating func skipValue() throws {
    try cursor.skipWhitespace()
    try cursor.skipValue()
  }

  /// Requires that nothing but white space is left.
  ///
  /// - Throws: ``JSONParser/SyntaxError``.
  public mutating func finish() throws { try cursor.expectEnd() }
}
