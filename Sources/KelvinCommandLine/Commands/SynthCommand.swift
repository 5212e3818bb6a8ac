import Kelvin

/// `kelvin synth`: writes seeded random logits to a file, for benchmarks and experiments.
enum SynthCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "synth",
    abstract: "Write seeded random logits, N(0, σ²), to a file (for benchmarks and experiments).",
    discussion: """
      Values come from Kelvin's xoshiro256** generator (seeded through SplitMix64) by the \
      Box–Muller transform, so the same seed gives the same file on every platform. Rows are \
      written as they are generated, in constant memory; --rows × --vocab may be at most \
      \(Limits.fileValues) values.
      """,
    examples: ["kelvin synth --rows 8192 --vocab 32768 --seed 1 --output logits.npy"])

  /// The options of `kelvin synth`.
  struct Options: CommandOptions {
    var rows = 1
    var vocabulary = 1
    var sigma = 3.0
    var seed: UInt64 = 0
    var output = ""
    var dtype = OutputDType.f4
    var quiet = false
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(\.rows, "rows", "R", help: "Number of rows.", .integer(Limits.rows)),
        .option(
          \.vocabulary, "vocab", "V", help: "Row length (the vocabulary size).",
          .integer(Limits.vocabulary), required: true),
        .option(
          \.sigma, "sigma", "S", help: "Standard deviation σ of the logits.",
          .number(.finiteAbove(0))),
        .option(\.seed, "seed", "N", help: "Seed of the random generator.", .seed),
        .option(
          \.output, "output", "OUT",
          help: "The file to write (.npy, .safetensors, .json, .csv or .tsv).",
          .outputPath, required: true, path: true),
        .dtype(\.dtype, help: "Element type."),
        .quiet(\.quiet), .format(\.format),
      ]
    }

    /// The file must fit the limit on values.
    func validate(given: GivenOptions<Options>) throws {
      if let error = Limits.product(
        ("--rows", rows), ("--vocab", vocabulary), limit: Limits.fileValues, what: "values")
      {
        throw error
      }
    }
  }

  /// Generates and writes the file.
  static func run(_ options: Options, output: CommandOutput) throws {
    if options.quiet { output.quiet() }
    let dtype = options.dtype.elementType
    let meter = ProgressReporter(label: "synth", total: options.rows, unit: "rows", output: output)
    var logits = GaussianLogits(standardDeviation: options.sigma, seed: options.seed)
    var row = [Double](repeating: 0, count: options.vocabulary)
    let writer = try MatrixWriter(
      path: options.output, dimensions: [options.rows, options.vocabulary], elementType: dtype,
      tensorName: "logits")
    for _ in 0..<options.rows {
      logits.fill(&row)
      try writer.append(row)
      meter.advance()
    }
    try writer.commit()
    try output.result(options.format) {
      Document(
        output: options.output, rows: options.rows, columns: options.vocabulary,
        sigma: options.sigma, seed: String(options.seed), dtype: dtype.rawValue)
    } table: {
      "wrote \(options.rows) × \(options.vocabulary) logits ~ "
        + "N(0, \(NumberFormatting.shortest(options.sigma))²), seed \(options.seed), "
        + "to \(PrintableText.line(options.output)) (\(dtype.rawValue))\n"
    }
  }
}

extension SynthCommand {
  /// `kelvin synth --format json`: what was written (the seed as a string, as JSON readers
  /// lose integers above 2⁵³).
  struct Document: Encodable {
    let output: String
    let rows: Int
    let columns: Int
    let sigma: Double
    let seed: String
    let dtype: String
  }
}
