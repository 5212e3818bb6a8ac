import KelvinCore
import KelvinText

/// Reading logits from CSV or TSV: one vector per line.
///
/// Rules:
/// - A UTF-8 byte-order mark at the start is skipped. Lines end in `\n`, `\r\n` or `\r`;
///   blank lines (only spaces and tabs) are skipped.
/// - The separator is the first data line's: a tab when it holds one, else `;` when it holds
///   a `;` and no `,`, else a comma.
/// - The first line is a header, and skipped, only when none of its fields is a number; a
///   first line with some numbers and some other fields is an error naming the field.
/// - Numbers are decimal, as ``DecimalText`` reads them (spaces around them allowed; `inf`,
///   `infinity` and `nan` in any case, so also the `NaN`, `Infinity`, `-Infinity` the JSON
///   reader takes); hexadecimal, NUL bytes and anything else are errors naming the line.
/// - Every row has the same number of fields.
///
/// The file is read twice, a block at a time: one scan when it is opened finds where each data
/// line starts and checks the field counts; rows are parsed when they are read. Memory is one
/// block and 8 bytes per row, whatever the file's size.
enum CSVMatrixFormat {
  /// Opens a CSV or TSV file.
  ///
  /// - Throws: ``KelvinIOError``.
  static func open(_ file: InputFile) throws -> CSVMatrixSource {
    try CSVMatrixSource(file)
  }
}

/// The rows of a CSV or TSV file, located by one scan and parsed when read.
final class CSVMatrixSource: MatrixSource {
  let file: InputFile
  let descriptor: TensorDescriptor
  /// Where each data line starts; a row's bytes run to the next start (blank lines skipped).
  let starts: [Int]
  let separator: UInt8
  var scratch: [UInt8] = []
  var values: [Double] = []

  var path: String { file.path }

  static let blockSize = 1 << 20
  static let newline = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")

  init(_ file: InputFile) throws {
    self.file = file
    let path = file.path
    guard file.size > 0 else { throw KelvinIOError.malformed(path, "the file is empty") }
    var starts: [Int] = []
    var separator: UInt8?
    var columns = 0
    var lineNumber = 0
    var headerSeen = false
    let bom = try file.bytes(at: 0, count: min(3, file.size)) == [0xEF, 0xBB, 0xBF] ? 3 : 0
    try Self.scanLines(file, from: bom) { start, line in
      lineNumber += 1
      guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return }
      if separator == nil {
        let chosen = Self.separator(of: line)
        separator = chosen
        let fields = Self.fields(line, chosen)
        let kinds = fields.map(Self.kind)
        if kinds.allSatisfy({ $0 == .text }) && !headerSeen && lineNumber == 1 {
          guard String(validating: Array(line), as: UTF8.self) != nil else {
            throw KelvinIOError.malformed(path, "the file is not valid UTF-8 text")
          }
          headerSeen = true
          separator = nil  // the separator is the first data line's
          return
        }
        if let bad = kinds.firstIndex(of: .overflow) {
          throw KelvinIOError.malformed(
            path,
            "line \(lineNumber): \(Self.quoted(fields[bad])) is beyond the range of a Double")
        }
        if let bad = kinds.firstIndex(of: .text) {
          throw KelvinIOError.malformed(
            path,
            "line \(lineNumber): field \(bad + 1) is not a number (\(Self.quoted(fields[bad]))); a header line holds no number at all"
          )
        }
        columns = fields.count
      }
      let count = Self.countFields(line, separator ?? UInt8(ascii: ","))
      guard count == columns else {
        throw KelvinIOError.malformed(
          path, "line \(lineNumber) has \(count) fields, the first data line has \(columns)")
      }
      starts.append(start)
    }
    guard let separator else {
      throw KelvinIOError.malformed(
        path, headerSeen ? "the file holds only a header" : "the file holds no data lines")
    }
    self.separator = separator
    self.starts = starts
    let dimensions = starts.count == 1 ? [columns] : [starts.count, columns]
    descriptor = TensorDescriptor(
      name: nil, elementType: .float64, byteOrder: .littleEndian, dimensions: dimensions,
      formatDescription: separator == 0x09 ? "tsv" : "csv", typeSpelling: "decimal text")
  }

  /// Calls `body` with the offset and the bytes of every line from `offset`, reading a block
  /// at a time (a line longer than a block grows the buffer to hold it).
  static func scanLines(
    _ file: InputFile, from offset: Int,
    _ body: (Int, UnsafeRawBufferPointer) throws -> Void
  ) throws {
    var buffer: [UInt8] = []
    var bufferStart = offset
    var position = offset
    while position < file.size || !buffer.isEmpty {
      let count = min(blockSize, file.size - position)
      if count > 0 {
        buffer += try file.bytes(at: position, count: count)
        position += count
      }
      var lineStart = 0
      try buffer.withUnsafeBytes { raw in
        var index = 0
        while index < raw.count {
          let byte = raw[index]
          if byte == newline || byte == carriageReturn {
            try body(
              bufferStart + lineStart, UnsafeRawBufferPointer(rebasing: raw[lineStart..<index]))
            if byte == carriageReturn, index + 1 < raw.count, raw[index + 1] == newline {
              index += 1
            }
            lineStart = index + 1
          }
          index += 1
        }
        if position >= file.size, lineStart < raw.count {
          try body(bufferStart + lineStart, UnsafeRawBufferPointer(rebasing: raw[lineStart...]))
          lineStart = raw.count
        }
      }
      buffer.removeFirst(lineStart)
      bufferStart += lineStart
      if position >= file.size { break }
    }
  }

  /// What a field of the first line is: a number, a number too large, or text.
  enum FieldKind { case number, overflow, text }

  static func kind(_ field: UnsafeRawBufferPointer) -> FieldKind {
    do throws(DecimalText.Failure) {
      _ = try DecimalText.double(utf8: field)
      return .number
    } catch {
      return error == .outOfRange ? .overflow : .text
    }
  }

  static func separator(of line: UnsafeRawBufferPointer) -> UInt8 {
    if line.contains(0x09) { return 0x09 }
    if line.contains(UInt8(ascii: ";")), !line.contains(UInt8(ascii: ",")) {
      return UInt8(ascii: ";")
    }
    return UInt8(ascii: ",")
  }

  static func fields(_ line: UnsafeRawBufferPointer, _ separator: UInt8) -> [UnsafeRawBufferPointer]
  {
    var fields: [UnsafeRawBufferPointer] = []
    var start = 0
    for index in 0...line.count where index == line.count || line[index] == separator {
      fields.append(UnsafeRawBufferPointer(rebasing: line[start..<index]))
      start = index + 1
    }
    return fields
  }

  static func countFields(_ line: UnsafeRawBufferPointer, _ separator: UInt8) -> Int {
    var count = 1
    for byte in line where byte == separator { count += 1 }
    return count
  }

  static func quoted(_ field: UnsafeRawBufferPointer) -> String {
    let text = String(decoding: field, as: UTF8.self)
    return "'" + (text.count > 40 ? String(text.prefix(37)) + "..." : text) + "'"
  }

  /// The number of the line that holds data row `row`, for messages.
  func lineNumber(ofRow row: Int) -> Int {
    var line = 1
    let end = starts[row]
    var position = 0
    while position < end {
      let count = min(Self.blockSize, end - position)
      let bytes: [UInt8]
      do {
        bytes = try file.bytes(at: position, count: count)
      } catch {
        return line  // the row was read moments ago; a failure now leaves the count so far
      }
      for (offset, byte) in bytes.enumerated() {
        if byte == Self.newline {
          line += 1
        } else if byte == Self.carriageReturn {
          let next = offset + 1 < bytes.count ? bytes[offset + 1] : 0
          if next != Self.newline { line += 1 }
        }
      }
      position += count
    }
    return line
  }

  /// Parses rows `range` into `values`.
  func parse(_ range: Range<Int>) throws {
    values.removeAll(keepingCapacity: true)
    guard !range.isEmpty else { return }
    let begin = starts[range.lowerBound]
    let end = range.upperBound < starts.count ? starts[range.upperBound] : file.size
    scratch = try file.bytes(at: begin, count: end - begin)
    let columns = descriptor.columns
    try scratch.withUnsafeBytes { raw in
      for (offset, row) in range.enumerated() {
        let from = starts[row] - begin
        var to = from
        while to < raw.count, raw[to] != Self.newline, raw[to] != Self.carriageReturn { to += 1 }
        let line = UnsafeRawBufferPointer(rebasing: raw[from..<to])
        var field = 0
        var start = 0
        for index in 0...line.count where index == line.count || line[index] == separator {
          let text = UnsafeRawBufferPointer(rebasing: line[start..<index])
          do throws(DecimalText.Failure) {
            values.append(try DecimalText.double(utf8: text))
          } catch {
            throw KelvinIOError.malformed(
              path,
              "line \(lineNumber(ofRow: row)): \(Self.quoted(text)) is not a number"
                + (error == .outOfRange ? " (beyond the range of a Double)" : ""))
          }
          field += 1
          start = index + 1
        }
        _ = offset
        precondition(field == columns, "the scan checked every line's field count")
      }
    }
  }

  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Double>) throws {
    try parse(range)
    for index in output.indices { output[index] = values[index] }
  }

  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Float>) throws {
    try parse(range)
    for index in output.indices { output[index] = Float(values[index]) }
  }

  func readIntegers() throws -> [Int] {
    try parse(0..<starts.count)
    return try values.enumerated().map { index, value in
      guard let exact = Int(exactly: value) else {
        throw labelError(ElementDecoding.NonInteger(index: index, value: value), path: path)
      }
      return exact
    }
  }
}
