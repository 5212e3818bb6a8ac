/// Reading logits from JSON: an array of numbers (one vector), an array of equally long arrays
/// (a matrix), or an object whose `"logits"` field holds either.
///
/// Besides standard JSON numbers it accepts `NaN`, `Infinity` and `-Infinity`, which Python's
/// `json` module writes for non-finite floats, so that masked tokens (`-inf`) survive the trip.
/// The whole document is parsed in memory; for large matrices use `.npy` or safetensors.
enum JSONMatrixFormat {
  /// Opens `path` (`-` for standard input).
  ///
  /// - Throws: ``KelvinIOError``.
  static func open(_ file: InputFile) throws -> InMemoryMatrixSource {
    try parse(try file.contents(), path: file.path)
  }

  static func parse(_ bytes: [UInt8], path: String) throws -> InMemoryMatrixSource {
    guard !bytes.isEmpty else { throw KelvinIOError.malformed(path, "the file is empty") }
    let root: JSONNode
    do {
      root = try JSONParser.parse(bytes, allowsNonFiniteNumbers: true)
    } catch let error as JSONParser.SyntaxError {
      throw KelvinIOError.malformed(path, "\(error)")
    }
    var node = root
    if case .object = root {
      guard let logits = root["logits"] else {
        throw KelvinIOError.malformed(path, "the JSON object has no \"logits\" field")
      }
      node = logits
    }
    switch node {
    case .numbers(let values):
      return InMemoryMatrixSource(
        path: path, values: values, dimensions: [values.count], format: "json")
    case .array(let rows):
      var values: [Double] = []
      var columns: Int?
      for (index, row) in rows.enumerated() {
        guard case .numbers(let numbers) = row else {
          throw KelvinIOError.malformed(path, rowProblem(row, index: index))
        }
        if let columns, numbers.count != columns {
          throw KelvinIOError.malformed(
            path, "row \(index) has \(numbers.count) values, row 0 has \(columns)")
        }
        columns = numbers.count
        values += numbers
      }
      return InMemoryMatrixSource(
        path: path, values: values, dimensions: [rows.count, columns ?? 0], format: "json")
    default:
      throw KelvinIOError.malformed(
        path, "expected an array of numbers or of arrays of numbers, found \(node.kindName)")
    }
  }

  static func rowProblem(_ row: JSONNode, index: Int) -> String {
    if case .array(let elements) = row,
      let column = elements.firstIndex(where: { if case .number = $0 { false } else { true } })
    {
      let element = elements[column]
      if element == .null {
        return
          "row \(index), column \(column) is null; write -inf as -Infinity (as Python's json does)"
      }
      return "row \(index), column \(column) is \(element.kindName), not a number"
    }
    return "row \(index) is \(row.kindName), not an array of numbers"
  }
}
