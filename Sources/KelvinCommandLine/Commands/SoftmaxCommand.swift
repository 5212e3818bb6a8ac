import Kelvin

/// `kelvin softmax`: the tempered distribution of a logit vector, with its entropy; or, with
/// `--output`, the distribution of every row of a file, streamed to another file.
public enum SoftmaxCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "softmax",
    abstract: "Print softmax(z / τ): probabilities, log-probabilities, entropy and perplexity.",
    discussion: """
      τ = 0 is the exact τ → 0 limit (the maximal logits share all probability), τ = inf is \
      uniform over the unmasked tokens. A logit of -inf masks its token; NaN and +inf are \
      errors (exit 65). With --output, every row of --input (or the one chosen by --row) is \
      transformed and written to the file, one block of rows at a time, in the format of its \
      extension; the file appears only when complete.
      """,
    options: VectorInput.options("logits", "L", help: "Comma-separated logits; -inf masks a token.")
      + [
        .value(
          "temperature", "T", help: "Temperature τ ≥ 0; 0 and inf are the limits.", default: "1"),
        .value(
          "output", "OUT",
          help:
            "Write the probabilities to a file (.npy, .safetensors, .json, .csv or .tsv) instead of printing them."
        ),
        .value(
          "output-dtype", "dtype", help: "Element type of --output: f2, f4 or f8.", default: "f4"),
        .flag("log", help: "With --output, write log-probabilities instead of probabilities."),
        .format,
      ],
    examples: [
      "kelvin softmax --logits 2,1,0.5,0.1 --temperature 0.7",
      "kelvin softmax --logits 5,4 --temperature 1 --format json",
      "kelvin softmax --logits 1,1,-inf --temperature 0",
      "kelvin softmax --input logits.npy --row 3 --temperature 0.7",
      "kelvin softmax --input logits.npy --temperature 0.7 --output probs.npy",
    ])

  /// Computes and prints the distribution, or writes every row to `--output`.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let temperature = try ValueParsing.temperature(
      arguments.required("temperature"), flag: "temperature")
    if arguments.isGiven("output") {
      return try writeRows(arguments, temperature: temperature, format: format)
    }
    for option in ["output-dtype", "log"] where arguments.isGiven(option) {
      throw CommandError.usage("--\(option) applies to --output")
    }
    let input = try VectorInput.vector("logits", from: arguments)
    let logits = input.values
    let (probabilities, logProbabilities) = try input.compute {
      (try $0.softmax(temperature: temperature), try $0.logSoftmax(temperature: temperature))
    }
    let entropyNats = try entropy(of: probabilities)
    let perplexityValue = try perplexity(of: probabilities)

    switch format {
    case .json:
      return JSONValue.object([
        ("temperature", .number(temperature)),
        ("probabilities", .numbers(probabilities)),
        ("log_probabilities", .numbers(logProbabilities)),
        ("entropy", .number(entropyNats)),
        ("perplexity", .number(perplexityValue)),
      ]).serialized + "\n"
    case .table:
      let tokens = logits.count == 1 ? "1 token" : "\(logits.count) tokens"
      var text = "softmax(z / τ) at τ = \(NumberFormatting.shortest(temperature)), \(tokens)\n\n"
      var rows = [["token", "logit", "probability", "log-probability"]]
      for index in logits.indices {
        rows.append([
          String(index), TextFormatting.readable(logits[index]),
          TextFormatting.compact(probabilities[index]),
          TextFormatting.compact(logProbabilities[index]),
        ])
      }
      text += TextFormatting.table(rows, leftAligned: 0) + "\n"
      let bits = InformationUnit.bits.fromNats(entropyNats)
      text += TextFormatting.table(
        [
          [
            "entropy",
            "\(TextFormatting.fixed(entropyNats, decimals: 6)) nats"
              + " (\(TextFormatting.fixed(bits, decimals: 6)) bits)",
          ],
          ["perplexity", TextFormatting.fixed(perplexityValue, decimals: 6)],
        ], leftAligned: 2)
      return text
    }
  }

  /// The element types `--output-dtype` accepts.
  enum OutputDType: String, CaseIterable {
    case f2, f4, f8

    var elementType: ElementType {
      switch self {
      case .f2: return .float16
      case .f4: return .float32
      case .f8: return .float64
      }
    }
  }

  /// Transforms each row in place and appends it to `writer`.
  static func streamRows<Element: BinaryFloatingPoint>(
    _ source: any MatrixSource, _ rows: Range<Int>, _ type: Element.Type, _ writer: MatrixWriter,
    temperature: Double, log: Bool
  ) throws {
    try RowStream.forEachRow(of: source, in: rows, as: type) { index, row in
      do {
        if log {
          try row.formLogSoftmax(temperature: temperature)
        } else {
          try row.formSoftmax(temperature: temperature)
        }
      } catch let error as KelvinError {
        throw CommandError.data("\(source.path) row \(index): \(error)")
      }
      if let floats = row as? UnsafeMutableBufferPointer<Float> {
        try writer.append(UnsafeBufferPointer(floats))
      } else if let doubles = row as? UnsafeMutableBufferPointer<Double> {
        try writer.append(UnsafeBufferPointer(doubles))
      }
    }
  }

  /// Streams every chosen row through the softmax into `--output`.
  static func writeRows(_ arguments: ParsedArguments, temperature: Double, format: OutputFormat)
    throws -> String
  {
    let outputPath = try arguments.required("output")
    let dtype: OutputDType = try ValueParsing.choice(
      arguments.required("output-dtype"), flag: "output-dtype")
    let log = arguments.isGiven("log")
    let transform: ([Double]) throws -> [Double] = { logits in
      log
        ? try logits.logSoftmax(temperature: temperature)
        : try logits.softmax(temperature: temperature)
    }
    let summary: (rows: Int, columns: Int, format: MatrixFileFormat)
    if arguments.isGiven("input") {
      let source = try VectorInput.matrix(from: arguments)
      var chosen = 0..<source.rows
      if arguments.isGiven("row") {
        let index = try VectorInput.row(of: source, from: arguments)
        chosen = index..<(index + 1)
      }
      let dimensions =
        arguments.isGiven("row") ? [source.columns] : source.descriptor.dimensions
      // Float in, Float out takes the vectorised kernels; a float64 input or output keeps
      // every row in Double.
      let narrow = source.descriptor.elementType != .float64 && dtype != .f8
      summary = try VectorInput.withFileErrors {
        let writer = try MatrixWriter(
          path: outputPath, dimensions: dimensions, elementType: dtype.elementType,
          tensorName: log ? "log_probabilities" : "probabilities")
        if narrow {
          try streamRows(source, chosen, Float.self, writer, temperature: temperature, log: log)
        } else {
          try streamRows(source, chosen, Double.self, writer, temperature: temperature, log: log)
        }
        try writer.commit()
        return (chosen.count, source.columns, writer.format)
      }
    } else {
      let input = try VectorInput.vector("logits", from: arguments)
      let values = try input.compute(transform)
      summary = try VectorInput.withFileErrors {
        let writer = try MatrixWriter(
          path: outputPath, dimensions: [values.count], elementType: dtype.elementType,
          tensorName: log ? "log_probabilities" : "probabilities")
        try writer.append(values)
        try writer.commit()
        return (1, values.count, writer.format)
      }
    }
    let what = log ? "log-probabilities" : "probabilities"
    switch format {
    case .json:
      return JSONValue.object([
        ("output", .string(outputPath)), ("format", .string(summary.format.rawValue)),
        ("dtype", .string(dtype.elementType.rawValue)), ("rows", .integer(summary.rows)),
        ("columns", .integer(summary.columns)), ("temperature", .number(temperature)),
        ("log", .bool(log)),
      ]).serialized + "\n"
    case .table:
      return "wrote \(what) of \(summary.rows) × \(summary.columns) at τ = "
        + "\(NumberFormatting.shortest(temperature)) to \(outputPath) "
        + "(\(summary.format.rawValue), \(dtype.elementType.rawValue))\n"
    }
  }
}
