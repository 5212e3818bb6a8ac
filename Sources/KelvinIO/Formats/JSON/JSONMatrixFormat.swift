/// Reading logits from JSON: an array of numbers (one vector), an array of equally long arrays
/// (a matrix), or an object whose `"logits"` field holds either.
///
/// Besides standard JSON numbers it accepts `NaN`, `Infinity` and `-Infinity`, which Python's
/// `json` module writes for non-finite floats, so that masked tokens (`-inf`) survive the trip.
/// The document is read twice, a block at a time: one scan when it is opened checks all of it
/// (the syntax, every other member of the object, the row lengths) and notes where each row
/// starts; rows are parsed when they are read. Memory is one block and 8 bytes per row,
/// whatever the file's size.
enum JSONMatrixFormat {
  /// Opens a JSON file.
  ///
  /// - Throws: ``KelvinIOError``.
  static func open(_ file: InputFile) throws -> JSONMatrixSource {
    do {
      return try JSONMatrixSource(file)
    } catch let error as JSONParser.SyntaxError {
      throw KelvinIOError.malformed(file.path, "\(error)")
    }
  }
}

/// The rows of a JSON matrix, located by one scan and parsed when read.
final class JSONMatrixSource: MatrixSource {
  let file: InputFile
  let descriptor: TensorDescriptor
  /// Where each row's `[` is (a matrix), or the vector's `[`.
  let starts: [Int]
  let isVector: Bool
  var values: [Double] = []

  var path: String { file.path }

  init(_ file: InputFile) throws {
    self.file = file
    let path = file.path
    guard file.size > 0 else { throw KelvinIOError.malformed(path, "the file is empty") }
    var cursor = JSONCursor(FileInput(file), allowsNonFiniteNumbers: true)
    try cursor.skipWhitespace()
    var layout: (starts: [Int], columns: Int, isVector: Bool)?
    switch try cursor.input.current() {
    case UInt8(ascii: "{"):
      try cursor.nested { cursor in
        try cursor.members { key, cursor in
          if key == "logits" {
            layout = try Self.scanMatrix(&cursor, path: path)
          } else {
            try cursor.skipValue()
          }
        }
      }
      guard layout != nil else {
        throw KelvinIOError.malformed(path, "the JSON object has no \"logits\" field")
      }
    case UInt8(ascii: "["):
      layout = try Self.scanMatrix(&cursor, path: path)
    default:
      let value = try cursor.parseValue()
      throw KelvinIOError.malformed(
        path, "expected an array of numbers or of arrays of numbers, found \(value.kindName)")
    }
    try cursor.expectEnd()
    guard let layout else { throw KelvinIOError.malformed(path, "the file holds no matrix") }
    starts = layout.starts
    isVector = layout.isVector
    let dimensions = layout.isVector ? [layout.columns] : [layout.starts.count, layout.columns]
    descriptor = TensorDescriptor(
      name: nil, elementType: .float64, byteOrder: .littleEndian, dimensions: dimensions,
      formatDescription: "json", typeSpelling: "decimal text")
  }

  /// Scans the matrix at the cursor (on its `[`): a vector of numbers, or rows of them.
  static func scanMatrix<Input>(_ cursor: inout JSONCursor<Input>, path: String) throws
    -> (starts: [Int], columns: Int, isVector: Bool)
  {
    guard try cursor.input.current() == UInt8(ascii: "[") else {
      let value = try cursor.parseValue()
      throw KelvinIOError.malformed(
        path, "expected an array of numbers or of arrays of numbers, found \(value.kindName)")
    }
    let start = cursor.input.offset
    var starts: [Int] = []
    var columns: Int?
    var isVector = true
    var count = 0
    try cursor.nested { cursor in
      try cursor.elements { cursor in
        if try cursor.input.current() == UInt8(ascii: "[") {
          guard count == 0 || !isVector else {
            throw KelvinIOError.malformed(path, "element \(count) is an array, element 0 a number")
          }
          isVector = false
          starts.append(cursor.input.offset)
          let row = starts.count - 1
          let length = try cursor.nested { try scanRow(&$0, row: row, path: path) }
          if let columns, length != columns {
            throw KelvinIOError.malformed(
              path, "row \(row) has \(length) values, row 0 has \(columns)")
          }
          columns = length
        } else {
          guard isVector else {
            throw KelvinIOError.malformed(path, problem(&cursor, row: count, column: nil))
          }
          try number(&cursor, row: nil, column: count, path: path)
        }
        count += 1
      }
    }
    return isVector ? ([start], count, true) : (starts, columns ?? 0, false)
  }

  /// Scans one row (the cursor on its `[`) and returns its length.
  static func scanRow<Input>(_ cursor: inout JSONCursor<Input>, row: Int, path: String) throws
    -> Int
  {
    var length = 0
    try cursor.elements { cursor in
      try number(&cursor, row: row, column: length, path: path)
      length += 1
    }
    return length
  }

  /// Checks that a number is next.
  static func number<Input>(
    _ cursor: inout JSONCursor<Input>, row: Int?, column: Int, path: String
  ) throws {
    switch try cursor.input.current() ?? 0 {
    case UInt8(ascii: "n"), UInt8(ascii: "\""), UInt8(ascii: "t"), UInt8(ascii: "f"),
      UInt8(ascii: "{"), UInt8(ascii: "["):
      throw KelvinIOError.malformed(path, problem(&cursor, row: row, column: column))
    default:
      _ = try cursor.scanNumber()  // anything else is a number or a syntax error
    }
  }

  /// What is wrong with a value where a number belongs.
  static func problem<Input>(_ cursor: inout JSONCursor<Input>, row: Int?, column: Int?) -> String {
    let kind: String
    let byte: UInt8?
    do {
      byte = try cursor.input.current()
    } catch {
      byte = nil  // the read failed: described as not a number; the next read reports it
    }
    switch byte {
    case UInt8(ascii: "n"): kind = "null"
    case UInt8(ascii: "\""): kind = "a string"
    case UInt8(ascii: "t"), UInt8(ascii: "f"): kind = "a boolean"
    case UInt8(ascii: "{"): kind = "an object"
    case UInt8(ascii: "["): kind = "an array"
    default: kind = "a number"
    }
    if let row, column == nil { return "row \(row) is \(kind), not an array of numbers" }
    let place = row.map { "row \($0), column \(column ?? 0)" } ?? "element \(column ?? 0)"
    if kind == "null" {
      return "\(place) is null; write -inf as -Infinity (as Python's json does)"
    }
    return "\(place) is \(kind), not a number"
  }

  /// Parses rows `range` into `values`.
  func parse(_ range: Range<Int>) throws {
    values.removeAll(keepingCapacity: true)
    guard !range.isEmpty else { return }
    var cursor = JSONCursor(
      FileInput(file, from: starts[range.lowerBound]), allowsNonFiniteNumbers: true)
    for row in range {
      if row != range.lowerBound {
        // Rows follow one another: skip the separator to the next row's `[`.
        while cursor.input.offset < starts[row] { cursor.input.advance() }
      }
      try cursor.elements { cursor in
        values.append(try cursor.parseNumber().0)
      }
    }
  }

  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Double>) throws {
    try withSyntaxErrors { try parse(isVector ? 0..<1 : range) }
    for index in output.indices { output[index] = values[index] }
  }

  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Float>) throws {
    try withSyntaxErrors { try parse(isVector ? 0..<1 : range) }
    for index in output.indices { output[index] = Float(values[index]) }
  }

  func readIntegers() throws -> [Int] {
    try withSyntaxErrors { try parse(0..<starts.count) }
    return try values.enumerated().map { index, value in
      guard let exact = Int(exactly: value) else {
        throw labelError(ElementDecoding.NonInteger(index: index, value: value), path: path)
      }
      return exact
    }
  }

  func withSyntaxErrors(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let error as JSONParser.SyntaxError {
      throw KelvinIOError.malformed(path, "\(error)")
    }
  }
}
