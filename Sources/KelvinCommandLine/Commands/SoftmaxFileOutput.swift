import Kelvin

/// `kelvin softmax --output`: every chosen row through the softmax into a file.
struct SoftmaxFileOutput {
  let options: SoftmaxCommand.Options
  let path: String

  init(_ options: SoftmaxCommand.Options, path: String) {
    self.options = options
    self.path = path
  }

  var what: String { options.log ? "log_probabilities" : "probabilities" }

  func transform<Element: BinaryFloatingPoint>(_ row: UnsafeMutableBufferPointer<Element>) throws {
    if options.log {
      try row.formLogSoftmax(temperature: options.temperature)
    } else {
      try row.formSoftmax(temperature: options.temperature)
    }
  }

  /// Writes the file and reports it.
  func run(_ output: CommandOutput) throws {
    let dtype = options.dtype.elementType
    let rows: Int
    let columns: Int
    let writer: MatrixWriter
    let file = options.logits.file
    if file.path != nil {
      let source = try file.open()
      let chosen = try file.row.map { _ in try file.chosenRow(of: source) }
      let range = chosen.map { $0..<($0 + 1) } ?? 0..<source.rows
      let dimensions = chosen == nil ? source.descriptor.dimensions : [source.columns]
      writer = try MatrixWriter(
        path: path, dimensions: dimensions, elementType: dtype, tensorName: what,
        inputs: [source.path])
      // Float in, Float out takes the vectorised kernels; float64 on either side stays Double.
      let meter = ProgressReporter(
        label: "softmax", total: range.count, unit: "rows", output: output)
      if source.descriptor.elementType != .float64 && options.dtype != .f8 {
        try source.write(rows: range, as: Float.self, to: writer) {
          try transform($1)
          meter.advance()
        }
      } else {
        try source.write(rows: range, as: Double.self, to: writer) {
          try transform($1)
          meter.advance()
        }
      }
      (rows, columns) = (range.count, source.columns)
    } else {
      let input = try options.logits.vector(flag: "--logits")
      var values = input.values
      try input.compute { _ in try values.withUnsafeMutableBufferPointer { try transform($0) } }
      writer = try MatrixWriter(
        path: path, dimensions: [values.count], elementType: dtype, tensorName: what)
      try writer.append(values)
      (rows, columns) = (1, values.count)
    }
    try writer.commit()
    let tau = options.temperature
    try output.result(options.format) {
      SoftmaxFileDocument(
        output: path, format: writer.format.rawValue, dtype: dtype.rawValue, rows: rows,
        columns: columns, temperature: tau, log: options.log)
    } table: {
      line(
        "wrote \(options.log ? "log-probabilities" : "probabilities") of \(rows) × \(columns) at τ = "
          + "\(NumberFormatting.shortest(tau)) to \(PrintableText.line(path)) (\(writer.format.rawValue), \(dtype.rawValue))"
      )
    }
  }
}

/// `kelvin softmax --output FILE --format json`: what was written.
struct SoftmaxFileDocument: Encodable {
  let output: String
  let format: String
  let dtype: String
  let rows: Int
  let columns: Int
  let temperature: Double
  let log: Bool
}
