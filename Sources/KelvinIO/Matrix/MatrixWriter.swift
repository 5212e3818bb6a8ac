/// Writes a matrix to a file one row at a time, in the format of the file's extension, and
/// moves it into place only when every row has been written (see ``AtomicOutputFile``).
///
/// Binary formats keep the dimensions given (`[rows, vocab]`, `[vocab]`, or more); JSON writes
/// a vector as one array and anything else as an array of rows; CSV writes one row per line
/// (TSV when the path ends in `.tsv`). Values are rounded to the element type first, so text
/// output shows exactly what a binary file of that type would hold. Non-finite values are
/// written as `NaN`, `Infinity`, `-Infinity` in JSON (as Python's `json` does) and as `nan`,
/// `inf`, `-inf` in CSV.
public final class MatrixWriter {
  /// The destination path.
  public var path: String { file.path }
  /// The format being written.
  public let format: MatrixFileFormat
  /// The dimensions announced in the header.
  public let dimensions: [Int]
  /// The element type (float16, float32 or float64).
  public let elementType: ElementType
  let file: AtomicOutputFile
  let rows: Int
  let columns: Int
  let separator: String
  var rowsWritten = 0
  var bytes: [UInt8] = []
  var widened: [Double] = []

  /// Creates the output (as a temporary file) and writes its header.
  ///
  /// - Parameters:
  ///   - path: The destination.
  ///   - format: The format; `nil` takes it from the extension.
  ///   - dimensions: The dimensions; the last is the row length.
  ///   - elementType: `.float16`, `.float32` or `.float64`.
  ///   - tensorName: The tensor's name in a safetensors file.
  ///   - inputs: Files the output must not be (see ``AtomicOutputFile``).
  /// - Throws: ``KelvinIOError`` `.io` when the output cannot be created, `.malformed` for an
  ///   unknown extension.
  /// - Precondition: `elementType` is a floating-point type; dimensions are non-negative.
  public init(
    path: String, format: MatrixFileFormat? = nil, dimensions: [Int],
    elementType: ElementType = .float32, tensorName: String = "data", inputs: [String] = []
  ) throws {
    precondition(
      [.float16, .float32, .float64].contains(elementType), "output element type must be a float")
    precondition(dimensions.allSatisfy { $0 >= 0 }, "dimensions must be non-negative")
    guard let format = format ?? MatrixFileFormat(path: path) else {
      throw KelvinIOError(
        .io, path: path,
        "cannot tell the output format; end the name in .npy, .safetensors, .json, .csv or .tsv")
    }
    self.format = format
    self.dimensions = dimensions
    self.elementType = elementType
    self.rows = dimensions.isEmpty ? 1 : dimensions.dropLast().reduce(1, *)
    self.columns = dimensions.last ?? 1
    self.separator = path.lowercased().hasSuffix(".tsv") ? "\t" : ","
    self.file = try AtomicOutputFile(path: path, inputs: inputs)
    switch format {
    case .npy:
      try file.write(NpyHeader.serialized(elementType: elementType, dimensions: dimensions))
    case .safetensors:
      try file.write(
        SafetensorsHeader.serialized(
          name: tensorName, elementType: elementType, dimensions: dimensions))
    case .json:
      try file.write(dimensions.count == 1 ? "" : "[\n")
    case .csv:
      break
    }
  }

  /// Appends one row.
  ///
  /// This unsafe-buffer form is for a caller that owns raw memory; the `Span` form is the
  /// main entry point.
  ///
  /// - Throws: ``KelvinIOError`` `.io` when writing fails.
  /// - Precondition: `row.count` equals the row length and fewer rows than announced have
  ///   been written.
  public func append(_ row: UnsafeBufferPointer<Double>) throws {
    precondition(row.count == columns, "row length must equal the last dimension")
    precondition(rowsWritten < rows, "more rows than the dimensions announce")
    switch format {
    case .npy, .safetensors:
      bytes.removeAll(keepingCapacity: true)
      ElementEncoding.appendBinary(row, as: elementType, to: &bytes)
      try file.write(bytes)
    case .json:
      var line = rowsWritten > 0 ? ",\n[" : "["
      for (index, value) in row.enumerated() {
        if index > 0 { line += "," }
        line += ElementEncoding.text(value, as: elementType, nonFinite: .json)
      }
      line += "]"
      try file.write(line)
    case .csv:
      var line = ""
      for (index, value) in row.enumerated() {
        if index > 0 { line += separator }
        line += ElementEncoding.text(value, as: elementType, nonFinite: .words)
      }
      try file.write(line + "\n")
    }
    rowsWritten += 1
  }

  /// Appends one row of `Float` values.
  ///
  /// This unsafe-buffer form is for a caller that owns raw memory; the `Span` form is the
  /// main entry point.
  ///
  /// Binary float32 output of a little-endian host copies the bytes as they are; other types
  /// convert each value exactly as the `Double` form would.
  ///
  /// - Throws: ``KelvinIOError`` `.io` when writing fails.
  /// - Precondition: As for the `Double` form.
  public func append(_ row: UnsafeBufferPointer<Float>) throws {
    precondition(row.count == columns, "row length must equal the last dimension")
    if (format == .npy || format == .safetensors) && elementType == .float32
      && Int(littleEndian: 1) == 1
    {
      precondition(rowsWritten < rows, "more rows than the dimensions announce")
      try file.write(UnsafeRawBufferPointer(row))
      rowsWritten += 1
      return
    }
    if widened.count != row.count { widened = [Double](repeating: 0, count: row.count) }
    for index in row.indices { widened[index] = Double(row[index]) }
    try widened.withUnsafeBufferPointer { try append($0) }
  }

  /// Appends one row given as a span (an array's `span`, a buffer a caller holds).
  ///
  /// - Throws: As ``append(_:)-(UnsafeBufferPointer<Double>)``.
  public func append(_ row: Span<Double>) throws {
    try row.withUnsafeBufferPointer { try append($0) }
  }

  /// Appends one row of `Float` values given as a span.
  ///
  /// - Throws: As ``append(_:)-(UnsafeBufferPointer<Float>)``.
  public func append(_ row: Span<Float>) throws {
    try row.withUnsafeBufferPointer { try append($0) }
  }

  /// Appends one row given as an array.
  ///
  /// - Throws: As ``append(_:)-(UnsafeBufferPointer<Double>)``.
  public func append(_ row: [Double]) throws {
    try row.withUnsafeBufferPointer { try append($0) }
  }

  /// Finishes the file and moves it into place.
  ///
  /// - Throws: ``KelvinIOError`` `.io`.
  /// - Precondition: Every announced row has been written.
  public func commit() throws {
    precondition(rowsWritten == rows, "fewer rows written than the dimensions announce")
    if format == .json { try file.write(dimensions.count == 1 ? "\n" : "\n]\n") }
    try file.commit()
  }
}
