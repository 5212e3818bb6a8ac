/// A file's numbers viewed as rows of equal length, read a block of rows at a time.
///
/// Binary formats (`.npy`, safetensors) read only the rows asked for, so a file far larger
/// than memory is processed with constant memory. Text formats (JSON, CSV) are parsed whole
/// when opened. A source keeps a reusable scratch buffer: use one source from one thread.
public protocol MatrixSource: AnyObject {
  /// The file as the user named it.
  var path: String { get }
  /// Element type, dimensions and format.
  var descriptor: TensorDescriptor { get }
  /// Reads rows `range` into `output`, row after row (`range.count · columns` values).
  ///
  /// - Throws: ``KelvinIOError`` when the file cannot be read.
  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Double>) throws
  /// Reads rows `range` into `output` as `Float` (float64 data is rounded to nearest).
  ///
  /// - Throws: ``KelvinIOError`` when the file cannot be read.
  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Float>) throws
  /// Reads every element as an exact integer (for label files).
  ///
  /// - Throws: ``KelvinIOError`` when an element is NaN, infinite, fractional or too large.
  func readIntegers() throws -> [Int]
}

extension MatrixSource {
  /// The number of rows (every dimension but the last, multiplied).
  public var rows: Int { descriptor.rows }
  /// The row length (the last dimension).
  public var columns: Int { descriptor.columns }

  /// Returns row `index` as doubles.
  ///
  /// - Throws: ``KelvinIOError`` when the file cannot be read.
  /// - Precondition: `0 <= index < rows`.
  public func row(_ index: Int) throws -> [Double] {
    precondition(index >= 0 && index < rows, "row index out of range")
    var values = [Double](repeating: 0, count: columns)
    try values.withUnsafeMutableBufferPointer { try readRows(index..<(index + 1), into: $0) }
    return values
  }

  /// Returns every value, row after row.
  ///
  /// - Throws: ``KelvinIOError`` when the file cannot be read.
  public func allValues() throws -> [Double] {
    var values = [Double](repeating: 0, count: rows * columns)
    try values.withUnsafeMutableBufferPointer { try readRows(0..<rows, into: $0) }
    return values
  }
}

/// Turns a decoding failure of a label file into a one-line error.
func labelError(_ failure: ElementDecoding.NonInteger, path: String) -> KelvinIOError {
  let value = failure.value
  let what =
    value.isNaN
    ? "is NaN" : value.isInfinite ? "is infinite" : "is \(value), not a whole number in range"
  return KelvinIOError.malformed(path, "label \(failure.index) \(what)")
}
