/// Reading logits from CSV or TSV: one vector per line, separated by commas or tabs.
///
/// Rules: the separator is a tab when the first data line contains one, else a comma. A first
/// line with any field that is not a number is a header and is skipped. Blank lines are
/// skipped. Fields may be surrounded by spaces; `inf`, `-inf` and `nan` (any case) are read as
/// such. Every row must have the same number of fields. Parsed whole in memory.
enum CSVMatrixFormat {
  /// Opens `path` (`-` for standard input).
  ///
  /// - Throws: ``KelvinIOError``.
  static func open(_ file: InputFile) throws -> InMemoryMatrixSource {
    try parse(try file.contents(), path: file.path)
  }

  static func parse(_ bytes: [UInt8], path: String) throws -> InMemoryMatrixSource {
    guard !bytes.isEmpty else { throw KelvinIOError.malformed(path, "the file is empty") }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw KelvinIOError.malformed(path, "the file is not valid UTF-8 text")
    }
    var lines: [(number: Int, text: Substring)] = []
    // "\r\n" is one Character in Swift, so it is matched as a whole.
    let split = text.split(omittingEmptySubsequences: false) {
      $0 == "\n" || $0 == "\r\n" || $0 == "\r"
    }
    for (index, line) in split.enumerated() {
      if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
      lines.append((index + 1, line))
    }
    guard let first = lines.first else {
      throw KelvinIOError.malformed(path, "the file holds no data lines")
    }
    let separator: Character = first.text.contains("\t") ? "\t" : ","
    if parseFields(first.text, separator: separator) == nil { lines.removeFirst() }
    guard !lines.isEmpty else {
      throw KelvinIOError.malformed(path, "the file holds only a header")
    }
    var values: [Double] = []
    var columns: Int?
    for line in lines {
      guard let fields = parseFields(line.text, separator: separator) else {
        let bad =
          line.text.split(separator: separator, omittingEmptySubsequences: false)
          .first { number($0) == nil } ?? ""
        throw KelvinIOError.malformed(path, "line \(line.number): '\(bad)' is not a number")
      }
      if let columns, fields.count != columns {
        throw KelvinIOError.malformed(
          path, "line \(line.number) has \(fields.count) fields, the first data line has \(columns)"
        )
      }
      columns = fields.count
      values += fields
    }
    let rows = lines.count
    let dimensions = rows == 1 ? [columns ?? 0] : [rows, columns ?? 0]
    return InMemoryMatrixSource(path: path, values: values, dimensions: dimensions, format: "csv")
  }

  static func parseFields(_ line: Substring, separator: Character) -> [Double]? {
    var fields: [Double] = []
    for field in line.split(separator: separator, omittingEmptySubsequences: false) {
      guard let value = number(field) else { return nil }
      fields.append(value)
    }
    return fields
  }

  static func number(_ field: Substring) -> Double? {
    let trimmed = field.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
    let text = String(trimmed).lowercased()
    guard !text.isEmpty else { return nil }
    return Double(text)
  }
}
